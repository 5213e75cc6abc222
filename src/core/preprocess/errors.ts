// The error core code throws for an image it cannot read or process.

/** An image error the UI and CLI show as is: it names the file and the fix. */
export class ImageError extends Error {
  constructor(
    message: string,
    readonly file?: string,
  ) {
    super(message);
    this.name = 'ImageError';
  }
}
