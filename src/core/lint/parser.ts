// Loads a tree-sitter runtime (its own copy of the wasm module) and the grammars from a folder of wasm files.
// Every loadRuntime() call gives a fresh, independent runtime, so one that crashed can be thrown away and replaced.

import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import type * as TS from '@vscode/tree-sitter-wasm';
import { isTreeSitterWasm, type TreeSitterWasm } from './flat-tree';
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

/** The tree-sitter JavaScript binding (web-tree-sitter's API). */
export type TreeSitterModule = typeof TS;

/** One tree-sitter runtime: its module instance, loaded grammars and a parser to use with them. */
export interface Runtime {
  parser: TS.Parser;
  languages: Map<LintLanguageId, TS.Language>;
  /** The runtime's wasm module, for reading whole trees at once (absent: the linter uses the Node API). */
  wasm?: TreeSitterWasm;
}

/** Loads a runtime; createLinter takes one of these so tests can stand in for a failing runtime. */
export type RuntimeLoader = (wasmDir: string) => Promise<Runtime>;

// Node's global WebAssembly (the project's lib settings do not declare it).
const WasmRuntimeError = (Reflect.get(globalThis, 'WebAssembly') as { RuntimeError: new (message?: string) => Error }).RuntimeError;

/** True for an error raised inside the wasm runtime (a trap: out-of-bounds memory access, unreachable, abort). */
export function isRuntimeCrash(err: unknown): boolean {
  return err instanceof WasmRuntimeError;
}

/** A wasm trap error, as the runtime raises it (for tests that stand in for a crashing runtime). */
export function wasmTrap(message: string): Error {
  return new WasmRuntimeError(message);
}

/** A fresh copy of the binding (tree-sitter.js beside the wasm files), never one shared with an earlier runtime. */
function freshBinding(dir: string): TreeSitterModule {
  const file = path.join(dir, 'tree-sitter.js');
  const req = createRequire(file);
  const resolved = req.resolve(file);
  // The binding keeps its wasm instance in module state: a new module object gives a new instance.
  delete req.cache[resolved];
  try {
    return req(resolved) as TreeSitterModule;
  } finally {
    delete req.cache[resolved];
  }
}

/** Caches a node's type, end and field children: each is a call into wasm, and the extractors ask for them often. */
function memoizeNodeAccessors(ts: TreeSitterModule): void {
  const proto: object = ts.Node.prototype;
  const type = Object.getOwnPropertyDescriptor(proto, 'type')?.get;
  const endIndex = Object.getOwnPropertyDescriptor(proto, 'endIndex')?.get;
  if (!type || !endIndex) return;
  const TYPE = Symbol('type');
  const END = Symbol('end');
  Object.defineProperty(proto, 'type', {
    get(this: Record<symbol, string | undefined>): string {
      return (this[TYPE] ??= type.call(this) as string);
    },
  });
  Object.defineProperty(proto, 'endIndex', {
    get(this: Record<symbol, number | undefined>): number {
      return (this[END] ??= endIndex.call(this) as number);
    },
  });
  // childForFieldName looks the field up with a linear indexOf over the grammar's field names on every call.
  const fieldIds = new WeakMap<TS.Language, Map<string, number>>();
  const idsOf = (lang: TS.Language): Map<string, number> => {
    let m = fieldIds.get(lang);
    if (!m) {
      m = new Map();
      lang.fields.forEach((f, i) => {
        if (f !== null && !m!.has(f)) m!.set(f, i);
      });
      fieldIds.set(lang, m);
    }
    return m;
  };
  ts.Node.prototype.childForFieldName = function childForFieldName(this: TS.Node, name: string): TS.Node | null {
    const id = idsOf(this.tree.language).get(name);
    return id === undefined ? null : this.childForFieldId(id);
  };
}

/** Initialises a new tree-sitter runtime from `wasmDir` and loads every grammar into it; throws an Error naming the folder when files are missing. */
export async function loadRuntime(wasmDir: string): Promise<Runtime> {
  const dir = path.resolve(wasmDir);
  const missing = ['tree-sitter.js', 'tree-sitter.wasm', ...Object.values(GRAMMAR_FILE)].filter((f) => !existsSync(path.join(dir, f)));
  if (missing.length > 0) {
    throw new Error(
      `The tree-sitter files ${missing.join(', ')} are missing from ${dir}. Rebuild the extension (npm run build copies them from node_modules/@vscode/tree-sitter-wasm/wasm) or point the linter at the folder that holds them.`,
    );
  }
  const ts = freshBinding(dir);
  memoizeNodeAccessors(ts);
  // Emscripten fills in the options object as the module: its memory and exports (see flat-tree.ts).
  const moduleOptions = { locateFile: (file: string) => path.join(dir, file) };
  await ts.Parser.init(moduleOptions);
  const languages = new Map<LintLanguageId, TS.Language>();
  await Promise.all(
    LANGUAGE_IDS.map(async (id) => {
      languages.set(id, await ts.Language.load(path.join(dir, GRAMMAR_FILE[id])));
    }),
  );
  return { parser: new ts.Parser(), languages, ...(isTreeSitterWasm(moduleOptions) ? { wasm: moduleOptions } : {}) };
}
