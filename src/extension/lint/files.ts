// Which files and editor documents the linter reads: languages, size and binary checks, glob matching.
// Pure (no vscode import).

import type { LintLanguageId } from '../../core/lint/types';

/** Files larger than this are not linted (1 MB). */
export const MAX_LINT_BYTES = 1024 * 1024;

/** Default of tensorParity.lint.include. */
export const DEFAULT_INCLUDE = ['**/*.{py,cpp,cc,cxx,hpp,h,java,kt,js,ts,tsx,mjs}'];
/** Default of tensorParity.lint.exclude. */
export const DEFAULT_EXCLUDE = ['**/node_modules/**', '**/.venv/**', '**/build/**', '**/dist/**'];

/** VS Code language ids the live linter follows, and the linter's grammar for each. */
const EDITOR_LANGUAGES: Record<string, LintLanguageId> = {
  python: 'python',
  cpp: 'cpp',
  c: 'cpp',
  cuda: 'cpp',
  'cuda-cpp': 'cpp',
  java: 'java',
  javascript: 'javascript',
  javascriptreact: 'javascript',
  typescript: 'typescript',
  typescriptreact: 'tsx',
};

const EXTENSIONS: Record<string, LintLanguageId> = {
  py: 'python',
  pyw: 'python',
  cpp: 'cpp',
  cc: 'cpp',
  cxx: 'cpp',
  'c++': 'cpp',
  hpp: 'cpp',
  hh: 'cpp',
  hxx: 'cpp',
  h: 'cpp',
  c: 'cpp',
  cu: 'cpp',
  java: 'java',
  js: 'javascript',
  mjs: 'javascript',
  cjs: 'javascript',
  jsx: 'javascript',
  ts: 'typescript',
  mts: 'typescript',
  cts: 'typescript',
  tsx: 'tsx',
};

/** The linter language of an editor document (by VS Code language id), or undefined when the linter does not read it. */
export function lintLanguageOfEditor(languageId: string): LintLanguageId | undefined {
  return EDITOR_LANGUAGES[languageId];
}

/** The linter language of a file by its extension (".d.ts" files are left out), or undefined. */
export function lintLanguageOfPath(path: string): LintLanguageId | undefined {
  const name = path.slice(path.lastIndexOf('/') + 1).toLowerCase();
  if (name.endsWith('.d.ts')) return undefined;
  const dot = name.lastIndexOf('.');
  return dot < 0 ? undefined : EXTENSIONS[name.slice(dot + 1)];
}

/** True when the bytes look binary: a NUL byte in the first 8 KB (as git and VS Code decide). */
export function looksBinary(bytes: Uint8Array): boolean {
  const n = Math.min(bytes.length, 8192);
  for (let i = 0; i < n; i++) if (bytes[i] === 0) return true;
  return false;
}

/** Decodes UTF-8 text, dropping a byte-order mark. */
export function decodeText(bytes: Uint8Array): string {
  const text = new TextDecoder('utf-8').decode(bytes);
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** Heuristic: the text uses an image or ML library, so it may be preprocessing code a spec could check. */
export function looksLikePreprocessing(text: string): boolean {
  return /\b(?:cv2|cv::|opencv|PIL|tensorflow|tf\.image|tf\.browser|tflite|keras|torchvision|Bitmap|sharp\(|@tensorflow|onnxruntime)\b/.test(
    text.slice(0, 200_000),
  );
}

/** Reads a glob-array setting: keeps strings, ignores anything else, falls back to `fallback` when not an array. */
export function globSetting(value: unknown, fallback: readonly string[]): string[] {
  if (!Array.isArray(value)) return [...fallback];
  return value.filter((v): v is string => typeof v === 'string' && v.trim() !== '');
}

/** Joins globs into one pattern for workspace.findFiles ({a,b}); undefined for an empty list. */
export function joinGlobs(globs: readonly string[]): string | undefined {
  if (globs.length === 0) return undefined;
  return globs.length === 1 ? globs[0] : `{${globs.join(',')}}`;
}
