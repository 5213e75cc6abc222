// Pure helpers for choosing a model comparison's input (no vscode, so unit tests can check them).

/** How a file becomes the models' input: a tensor file as it is, an image through the spec's preprocessing. */
export function inputKindOf(file: string): 'tensor' | 'image' {
  return /\.(npy|npz)$/i.test(file) ? 'tensor' : 'image';
}

/** The input a dump was most likely made from: the image or tensor with the same stem ("astronaut.int8-output.npy" → astronaut.png); undefined when none. */
export function inputForDump(dump: string, inputs: readonly string[]): string | undefined {
  const stem = (f: string): string => (f.split(/[\\/]/).pop() ?? f).split('.')[0]?.toLowerCase() ?? '';
  const want = stem(dump);
  const same = inputs.filter((f) => f !== dump && stem(f) === want);
  // An image first (preprocessed per the spec, as the dump's own pipeline did), then a tensor.
  return same.find((f) => inputKindOf(f) === 'image') ?? same[0];
}

/** The inputs to offer, the current (or remembered) one first and no file twice. */
export function orderInputs(files: readonly string[], first: string | undefined): string[] {
  const unique = [...new Set(files)];
  if (first === undefined || !unique.includes(first)) return unique;
  return [first, ...unique.filter((f) => f !== first)];
}
