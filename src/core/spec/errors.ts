// The error core code throws for a bad spec file or a path in it.

/** A spec error the UI and CLI show as is: it names the file and the fix. */
export class SpecError extends Error {
  constructor(
    message: string,
    readonly file?: string,
  ) {
    super(message);
    this.name = 'SpecError';
  }
}
