// The error the inference engine throws for a model it cannot load or run.

/** A model problem a user can fix: the message names the file and the fix. */
export class ModelError extends Error {
  constructor(
    message: string,
    readonly file?: string,
  ) {
    super(message);
    this.name = 'ModelError';
  }
}
