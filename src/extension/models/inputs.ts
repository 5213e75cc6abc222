// Pure helpers for choosing a model comparison's input (no vscode, so unit tests can check them).

/** How a file becomes the models' input: a tensor file as it is, an image through the spec's preprocessing. */
export function inputKindOf(file: string): 'tensor' | 'image' {
  return /\.(npy|npz)$/i.test(file) ? 'tensor' : 'image';
}

/** The inputs to offer, the current (or remembered) one first and no file twice. */
export function orderInputs(files: readonly string[], first: string | undefined): string[] {
  const unique = [...new Set(files)];
  if (first === undefined || !unique.includes(first)) return unique;
  return [first, ...unique.filter((f) => f !== first)];
}
