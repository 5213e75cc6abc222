// Loads the tree-sitter runtime and grammars (once per process) from a folder of wasm files.

import { existsSync } from 'node:fs';
import * as path from 'node:path';
import * as TS from '@vscode/tree-sitter-wasm';
import type { LintLanguageId } from './types';

const GRAMMAR_FILE: Record<LintLanguageId, string> = {
  python: 'tree-sitter-python.wasm',
  cpp: 'tree-sitter-cpp.wasm',
  java: 'tree-sitter-java.wasm',
  javascript: 'tree-sitter-javascript.wasm',
  typescript: 'tree-sitter-typescript.wasm',
  tsx: 'tree-sitter-tsx.wasm',
};

/** The languages the linter parses. */
export const LANGUAGE_IDS = Object.keys(GRAMMAR_FILE) as LintLanguageId[];

let runtime: Promise<void> | undefined;
const grammars = new Map<string, Promise<TS.Language>>();

/** Loaded grammars and one parser to use with them. */
export interface Grammars {
  parser: TS.Parser;
  languages: Map<LintLanguageId, TS.Language>;
}

/** Initialises tree-sitter from `wasmDir` and loads every grammar; throws an Error naming the folder when files are missing. */
export async function loadGrammars(wasmDir: string): Promise<Grammars> {
  const dir = path.resolve(wasmDir);
  const missing = ['tree-sitter.wasm', ...Object.values(GRAMMAR_FILE)].filter((f) => !existsSync(path.join(dir, f)));
  if (missing.length > 0) {
    throw new Error(`The tree-sitter wasm files ${missing.join(', ')} are missing from ${dir}. Rebuild the extension (npm run build copies them from node_modules/@vscode/tree-sitter-wasm/wasm) or pass the folder that holds them.`);
  }
  runtime ??= TS.Parser.init({ locateFile: (file: string) => path.join(dir, file) });
  await runtime;
  const languages = new Map<LintLanguageId, TS.Language>();
  await Promise.all(LANGUAGE_IDS.map(async (id) => {
    const file = path.join(dir, GRAMMAR_FILE[id]);
    let p = grammars.get(file);
    if (!p) { p = TS.Language.load(file); grammars.set(file, p); }
    languages.set(id, await p);
  }));
  return { parser: new TS.Parser(), languages };
}
