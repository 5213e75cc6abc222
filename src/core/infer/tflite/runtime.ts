// Loads LiteRT.js (@litertjs/core, Google's WebAssembly build of the TFLite runtime) under Node, in the main thread
// or a worker_thread. The package is written for browsers: it loads its Emscripten script with a <script> tag or
// importScripts(). Here importScripts is provided for the duration of the load and evaluates the script as CommonJS
// (the Emscripten output detects Node and reads the .wasm with fs). Node 20 has no relaxed SIMD, so the "compat"
// build is used there; Node 22+ runs the faster relaxed-SIMD build. Runs the same in the main thread and in workers.

import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
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
  /** Whether int8 tensors can cross the JS boundary (see DATATYPES_ANCHOR). */
  int8: boolean;
  /** Lines the runtime printed to stderr since the last call to takeLog(); errors often only appear here. */
  takeLog(): string[];
}

const BUILDS = { 'relaxed-simd': 'litert_wasm_internal.js', compat: 'litert_wasm_compat_internal.js' } as const;

/** Folders that may hold LiteRT.js: dist/litert (copied by the build: wasm + the two JS modules), then the npm package. */
export function findLiteRtWasmDir(): string | undefined {
  return findLiteRtFiles()?.wasmDir;
}

interface LiteRtFiles {
  wasmDir: string;
  /** @litertjs/core's ESM entry and the @litertjs/wasm-utils entry it imports. */
  core: string;
  wasmUtils: string;
}

function findLiteRtFiles(): LiteRtFiles | undefined {
  const bundled = path.join(__dirname, 'litert');
  const candidates: LiteRtFiles[] = [{ wasmDir: bundled, core: path.join(bundled, 'litert-core.mjs'), wasmUtils: path.join(bundled, 'litert-wasm-utils.mjs') }];
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    const pkg = path.join(dir, 'node_modules', '@litertjs');
    candidates.push({
      wasmDir: path.join(pkg, 'core', 'wasm'),
      core: path.join(pkg, 'core', 'dist', 'index.js'),
      wasmUtils: path.join(pkg, 'wasm-utils', 'dist', 'index.js'),
    });
    if (path.dirname(dir) === dir) break;
  }
  return candidates.find((c) => fs.existsSync(path.join(c.wasmDir, BUILDS.compat)) && fs.existsSync(c.core) && fs.existsSync(c.wasmUtils));
}

// LiteRT.js 2.5 maps only float32, int32 and uint8 tensors to typed arrays (its wasm runtime handles more); int8
// inputs/outputs (full-integer quantized models) and int8 intermediates need int8 too. The module is loaded from its
// source with the two missing entries added; when the anchor is not found (another version), it loads unchanged.
const DATATYPES_ANCHOR = '    elementType: ElementType.UINT8\n  }\n]);';
const DATATYPES_EXTRA =
  '    elementType: ElementType.UINT8\n  },\n  { dtype: "int8", typedArrayConstructor: Int8Array, elementType: ElementType.INT8 },\n  { dtype: "int16", typedArrayConstructor: Int16Array, elementType: ElementType.INT16 }\n]);';

/** A real dynamic import (the CommonJS output would turn `import()` into `require`, which cannot load data: URLs). */
const importEsm = new Function('specifier', 'return import(specifier)') as (specifier: string) => Promise<unknown>;

async function importLiteRt(files: LiteRtFiles): Promise<{ api: LiteRtApi; int8: boolean }> {
  let src = fs.readFileSync(files.core, 'utf8');
  const int8 = src.includes(DATATYPES_ANCHOR);
  if (int8) src = src.replace(DATATYPES_ANCHOR, DATATYPES_EXTRA);
  src = src.replace(/from\s*["']@litertjs\/wasm-utils["']/, `from ${JSON.stringify(pathToFileURL(files.wasmUtils).href)}`);
  src = src.replace(/\/\/# sourceMappingURL=.*$/m, '');
  const api = (await importEsm(`data:text/javascript;base64,${Buffer.from(src).toString('base64')}`)) as LiteRtApi;
  return { api, int8 };
}

/** Evaluates an Emscripten MODULARIZE script as CommonJS and returns its factory. */
function loadEmscriptenFactory(script: string): unknown {
  const source = fs.readFileSync(script, 'utf8');
  const fn = vm.compileFunction(source, ['require', 'module', 'exports', '__filename', '__dirname'], { filename: script }) as (...args: unknown[]) => void;
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
  const files = findLiteRtFiles();
  if (!files) {
    throw new Error(
      'LiteRT.js (litert_wasm_compat_internal.js/.wasm and its JS modules) was not found; reinstall the extension, or run `npm run build` to copy it to dist/litert',
    );
  }
  const dir = files.wasmDir;
  const { api, int8 } = await importLiteRt(files);
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
  return { api, build: wanted, script, int8, takeLog: () => log.splice(0, log.length) };
}
