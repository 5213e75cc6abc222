// Canonical library names and constant equality: the spelling the rule tables use for a resolved dotted name
// (numpy → np, tensorflow.keras → keras, Java packages dropped, @tensorflow/tfjs → tf), and deep equality of constants.

import type { LintLanguageId } from './types';
import type { CV } from './values';

/** Language families the analysis distinguishes. */
export type Family = 'python' | 'cpp' | 'java' | 'js';

/** The language family (analysis rules) of a language id. */
export function familyOf(id: LintLanguageId): Family {
  return id === 'python' ? 'python' : id === 'cpp' ? 'cpp' : id === 'java' ? 'java' : 'js';
}

/** The element type of a C++/Java/JS sequence constant from its items. */
export function seqDt(items: CV[]): 'f32' | 'f64' | 'int' {
  if (items.some((x) => x.t === 'num' && x.dt === 'f64')) return 'f64';
  if (items.some((x) => x.t === 'num' && (x.dt === 'f32' || x.dt === 'weak'))) return 'f32';
  return 'int';
}

/** Deep equality of two constants (numbers by value). */
export function sameCV(a: CV, b: CV): boolean {
  if (a.t !== b.t) return false;
  switch (a.t) {
    case 'num':
      return a.v === (b as typeof a).v;
    case 'str':
      return a.v === (b as typeof a).v;
    case 'bool':
      return a.v === (b as typeof a).v;
    case 'null':
      return true;
    case 'sym':
      return a.name === (b as typeof a).name;
    case 'seq': {
      const bi = (b as typeof a).items;
      return a.items.length === bi.length && a.items.every((x, i) => sameCV(x, bi[i]));
    }
  }
}

const PY_PREFIXES: [RegExp, string][] = [
  [/^numpy\b/, 'np'],
  [/^tensorflow\.keras\b/, 'keras'],
  [/^tf\.keras\b/, 'keras'],
  [/^tensorflow\.python\.keras\b/, 'keras'],
  [/^tensorflow\b/, 'tf'],
  [/^keras\.src\b/, 'keras'],
  [/^keras\.api\b/, 'keras'],
  [/^keras\.(preprocessing\.image|utils\.image_utils|utils)\.(load_img|img_to_array|array_to_img|smart_resize)$/, 'keras.image.$2'],
  [/^keras\.applications\.imagenet_utils\./, 'keras.applications.imagenet_utils.'],
];

/** Normalises a resolved dotted name to the canonical spelling the rule tables use. */
export function normalize(family: Family, full: string, imported: boolean): string {
  if (family === 'python') {
    let s = full;
    for (const [re, to] of PY_PREFIXES) s = s.replace(re, to);
    if (!imported && /^Image\./.test(s)) s = `PIL.${s}`;
    return s;
  }
  if (family === 'java') {
    const parts = full.split('.');
    let i = 0;
    while (i < parts.length - 1 && /^[a-z]/.test(parts[i]) && parts.slice(i + 1).some((p) => /^[A-Z]/.test(p))) i++;
    return parts.slice(i).join('.');
  }
  if (family === 'js') {
    if (/^@tensorflow\/tfjs(-node(-gpu)?|-core)?$/.test(full.split('.')[0])) return 'tf' + full.slice(full.split('.')[0].length);
    if (/^@techstark\/opencv-js|^opencv\.js|^opencv-wasm/.test(full)) return 'cv' + full.slice(full.split('.')[0].length);
    return full;
  }
  return full;
}
