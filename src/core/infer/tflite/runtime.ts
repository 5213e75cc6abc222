// Loads LiteRT.js (@litertjs/core, Google's WebAssembly build of the TFLite runtime) under Node, in the main thread
// or a worker_thread. The package is written for browsers: it loads its Emscripten script with a <script> tag or
// importScripts(). Here importScripts is provided for the duration of the load and evaluates the script as CommonJS
// (the Emscripten output detects Node and reads the .wasm with fs). Node 20 has no relaxed SIMD, so the "compat"
// build is used there; Node 22+ runs the faster relaxed-SIMD build.

import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import * as vm from 'node:vm';
import type * as LiteRtNamespace from '@litertjs/core';

/** The @litertjs/core namespace. */
export type LiteRtApi = typeof LiteRtNamespace;

/** A loaded LiteRT.js runtime. */
export interface LiteRtRuntime {
  api: LiteRtApi;
  /** Which wasm build runs: relaxed SIMD (faster) or the compat build (plain SIMD). */
  build: 'relaxed-simd' | 'compat';
  /** The .js file of the wasm build that was loaded. */
  script: string;
  /** Lines the runtime printed to stderr since the last call to takeLog(); errors often only appear here. */
  takeLog(): string[];
}

const BUILDS = { 'relaxed-simd': 'litert_wasm_internal.js', compat: 'litert_wasm_compat_internal.js' } as const;

/** Folders that may hold the LiteRT.js wasm files: dist/litert (copied by the build), then the npm package. */
export function findLiteRtWasmDir(): string | undefined {
  const candidates = [path.join(__dirname, 'litert')];
  try {
    candidates.push(path.join(path.dirname(require.resolve('@litertjs/core/package.json')), 'wasm'));
  } catch {
    // Not installed next to this file (bundled extension): dist/litert is the only place.
  }
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    candidates.push(path.join(dir, 'node_modules', '@litertjs', 'core', 'wasm'));
    if (path.dirname(dir) === dir) break;
  }
  return candidates.find((d) => fs.existsSync(path.join(d, BUILDS.compat)));
}

/** Evaluates an Emscripten MODULARIZE script as CommonJS and returns its factory. */
function loadEmscriptenFactory(script: string): unknown {
  const source = fs.readFileSync(script, 'utf8');
  const fn = vm.compileFunction(source, ['require', 'module', 'exports', '__filename', '__dirname'], { filename: script }) as (
    ...args: unknown[]
  ) => void;
  const mod: { exports: unknown } = { exports: {} };
  fn(createRequire(script), mod, mod.exports, script, path.dirname(script));
  return mod.exports;
}

let loading: Promise<LiteRtRuntime> | undefined;

/** Loads LiteRT.js once per thread (memoized); throws an Error naming the folder when the wasm files are missing. */
export function loadLiteRtRuntime(): Promise<LiteRtRuntime> {
  loading ??= load().catch((e: unknown) => {
    loading = undefined;
    throw e;
  });
  return loading;
}

async function load(): Promise<LiteRtRuntime> {
  const dir = findLiteRtWasmDir();
  if (!dir) {
    throw new Error('the LiteRT.js wasm files (litert_wasm_compat_internal.js/.wasm) were not found; reinstall the extension, or run `npm run build` to copy them to dist/litert');
  }
  const api: LiteRtApi = await import('@litertjs/core');
  const relaxed = await api.supportsFeature('relaxedSimd').catch(() => false);
  const wanted = relaxed && fs.existsSync(path.join(dir, BUILDS['relaxed-simd'])) ? 'relaxed-simd' : 'compat';
  const script = path.join(dir, BUILDS[wanted]);
  const log: string[] = [];
  const g = globalThis as Record<string, unknown>;
  const saved = { self: g.self, importScripts: g.importScripts, Module: g.Module, hadSelf: 'self' in g };
  g.self = globalThis;
  g.importScripts = (url: string) => {
    g.ModuleFactory = loadEmscriptenFactory(url);
  };
  // The module object the script starts from: keep its chatter (INFO lines) off the console, remember errors.
  g.Module = {
    print: () => undefined,
    printErr: (line: string) => {
      if (!/^(INFO|WARNING):/.test(line)) log.push(line);
      if (log.length > 200) log.shift();
    },
  };
  // Under Node there is no WebGPU; LiteRT.js warns about that on the console while it falls back to CPU.
  const warn = console.warn;
  console.warn = (...args: unknown[]) => {
    if (!String(args[0]).startsWith('Failed to create default WebGPU device')) warn(...args);
  };
  try {
    await api.loadLiteRt(script);
  } finally {
    console.warn = warn;
    if (saved.hadSelf) g.self = saved.self;
    else delete g.self;
    g.importScripts = saved.importScripts;
    if (saved.importScripts === undefined) delete g.importScripts;
    delete g.Module;
    delete g.ModuleFactory;
  }
  return { api, build: wanted, script, takeLog: () => log.splice(0, log.length) };
}
