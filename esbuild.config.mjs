// Builds the extension host, the CLI, the worker-thread script, the lazily loaded TensorFlow.js bundle and the webview panels.
import * as esbuild from 'esbuild';
import { cpSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const watch = process.argv.includes('--watch');
const production = process.argv.includes('--production');
const root = new URL('.', import.meta.url).pathname;
const dist = join(root, 'dist');

// Native modules stay outside the bundle; tfjs is redirected to a separate bundle loaded on first use.
const nativeExternals = ['vscode', 'sharp', '@tensorflow/tfjs-node'];
const tfjsAsSeparateBundle = {
  name: 'tfjs-as-separate-bundle',
  setup(build) {
    build.onResolve({ filter: /^@tensorflow\/tfjs(-backend-wasm)?$/ }, () => ({ path: './tfjs-bundle.js', external: true }));
  },
};

// Every `import * as vscode` would otherwise copy the whole API object once per importing module at load time
// (esbuild's __toESM); route them through one bundled ESM shim that re-exports it once.
const vscodeOnce = {
  name: 'vscode-once',
  setup(build) {
    build.onResolve({ filter: /^vscode$/ }, (args) =>
      args.namespace === 'vscode-shim' ? { path: 'vscode', external: true } : { path: 'vscode', namespace: 'vscode-shim' },
    );
    build.onLoad({ filter: /.*/, namespace: 'vscode-shim' }, () => ({
      contents: "export * from 'vscode';",
      loader: 'js',
      resolveDir: root,
    }));
  },
};

const nodeCommon = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: !production,
  minify: production,
  external: nativeExternals,
  mainFields: ['module', 'main'],
  logLevel: 'info',
};

const webviewEntries = readdirSync(join(root, 'webview/src'))
  .filter((f) => f.endsWith('-panel.ts'))
  .map((f) => join(root, 'webview/src', f));

const builds = [
  { ...nodeCommon, entryPoints: { extension: 'src/extension/extension.ts' }, outdir: dist, plugins: [vscodeOnce, tfjsAsSeparateBundle] },
  {
    ...nodeCommon,
    entryPoints: { cli: 'src/cli/main.ts' },
    outdir: dist,
    plugins: [tfjsAsSeparateBundle],
    banner: { js: '#!/usr/bin/env node' },
  },
  // The worker threads' script (src/core/worker): the extension host and the CLI start it from dist/worker.js.
  { ...nodeCommon, entryPoints: { worker: 'src/core/worker/worker-main.ts' }, outdir: dist, plugins: [tfjsAsSeparateBundle] },
  // The lint worker (src/core/lint/worker-main.ts): parses and lints off the extension host's thread.
  { ...nodeCommon, entryPoints: { 'lint-worker': 'src/core/lint/worker-main.ts' }, outdir: dist },
  // The lint worker's parse helper (src/core/lint/parse-helper-main.ts): the second half of a large new document.
  { ...nodeCommon, entryPoints: { 'lint-parse-worker': 'src/core/lint/parse-helper-main.ts' }, outdir: dist },
  { ...nodeCommon, entryPoints: { 'tfjs-bundle': 'src/core/infer/tfjs-bundle.ts' }, outdir: dist },
  {
    bundle: true,
    platform: 'browser',
    target: 'es2022',
    format: 'esm',
    sourcemap: !production,
    minify: production,
    entryPoints: webviewEntries,
    outdir: join(dist, 'webview'),
    logLevel: 'info',
    loader: { '.css': 'text' },
  },
];

function copyAssets() {
  mkdirSync(join(dist, 'wasm'), { recursive: true });
  const wasmDir = join(root, 'node_modules/@tensorflow/tfjs-backend-wasm/dist');
  for (const f of readdirSync(wasmDir).filter((f) => f.endsWith('.wasm'))) cpSync(join(wasmDir, f), join(dist, 'wasm', f));
  // Only the runtime and the grammars the linter loads (src/core/lint/parser.ts), not the ten other grammars.
  const tsWasm = join(root, 'node_modules/@vscode/tree-sitter-wasm/wasm');
  mkdirSync(join(dist, 'tree-sitter'), { recursive: true });
  // tree-sitter.js too: the linter loads a fresh runtime from this folder to recover from a wasm crash.
  for (const f of ['tree-sitter.js', 'tree-sitter.wasm', ...['python', 'cpp', 'java', 'javascript', 'typescript', 'tsx'].map((l) => `tree-sitter-${l}.wasm`)]) {
    cpSync(join(tsWasm, f), join(dist, 'tree-sitter', f));
  }
  // LiteRT.js (.tflite runtime): the compat build runs on Node 20, the relaxed-SIMD build on Node 22+.
  mkdirSync(join(dist, 'litert'), { recursive: true });
  const litert = join(root, 'node_modules/@litertjs/core/wasm');
  for (const f of ['litert_wasm_compat_internal', 'litert_wasm_internal']) {
    for (const ext of ['.js', '.wasm']) cpSync(join(litert, f + ext), join(dist, 'litert', f + ext));
  }
  cpSync(join(root, 'node_modules/@litertjs/core/dist/index.js'), join(dist, 'litert', 'litert-core.mjs'));
  cpSync(join(root, 'node_modules/@litertjs/wasm-utils/dist/index.js'), join(dist, 'litert', 'litert-wasm-utils.mjs'));
}

if (!watch) rmSync(dist, { recursive: true, force: true });
mkdirSync(dist, { recursive: true });
copyAssets();
if (watch) {
  for (const b of builds) await (await esbuild.context(b)).watch();
} else {
  await Promise.all(builds.map((b) => esbuild.build(b)));
}
