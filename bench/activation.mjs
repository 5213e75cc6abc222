// Bench: extension activation time (require dist/extension.js + activate()) against a stub `vscode` module,
// and a check that activation loads neither TensorFlow.js nor sharp. Writes bench/results/activation.json.
import Module, { createRequire } from 'node:module';
import { join, dirname } from 'node:path';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { writeResult, median } from './results.mjs';

const require = createRequire(import.meta.url);
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
// A `vscode` stand-in where every unknown property, call and construction yields another stand-in.
const overrides = new Map([
  ['isTrusted', true],
  ['workspaceFolders', []],
  ['textDocuments', []],
  ['visibleTextEditors', []],
  ['then', undefined],
  [Symbol.toPrimitive, () => ''],
  [Symbol.iterator, function* () {}],
]);
const anything = new Proxy(function () {}, {
  get: (_t, p) => (overrides.has(p) ? overrides.get(p) : anything),
  apply: () => anything,
  construct: () => anything,
  set: () => true,
});
// Real own keys, because esbuild's ESM interop copies the module's own properties: every name @types/vscode exports.
const typings = readFileSync(join(root, 'node_modules/@types/vscode/index.d.ts'), 'utf8');
const vscodeStub = { workspace: new Proxy({}, { get: (_t, p) => (overrides.has(p) ? overrides.get(p) : anything) }) };
for (const m of typings.matchAll(/^\s*export (?:namespace|class|enum|function|const|let) ([A-Za-z_]\w*)/gm))
  if (!(m[1] in vscodeStub)) vscodeStub[m[1]] = anything;
const origResolve = Module._resolveFilename;
Module._resolveFilename = function (req, ...rest) {
  return req === 'vscode' ? 'vscode' : origResolve.call(this, req, ...rest);
};
require.cache.vscode = { id: 'vscode', filename: 'vscode', loaded: true, exports: vscodeStub };

const RUNS = 15;
const times = [];
const activateOnly = [];
let loadedHeavy = [];
for (let i = 0; i < RUNS; i++) {
  for (const k of Object.keys(require.cache)) if (k.includes(`${root}/dist/`)) delete require.cache[k];
  const ctx = {
    subscriptions: [],
    extensionUri: { fsPath: root },
    extension: { packageJSON: { version: '0' } },
    globalState: { get() {}, update: async () => {} },
    workspaceState: { get() {}, update: async () => {} },
  };
  const t0 = performance.now();
  const ext = require(join(root, 'dist/extension.js'));
  const t1 = performance.now();
  ext.activate(ctx);
  const t2 = performance.now();
  times.push(t2 - t0);
  activateOnly.push(t2 - t1);
  for (const d of ctx.subscriptions)
    try {
      d?.dispose?.();
    } catch {
      /* stub */
    }
  loadedHeavy = Object.keys(require.cache).filter((k) => /tfjs|[\\/]sharp[\\/]/.test(k));
}
const ms = median(times.slice(1)); // the first run pays the disk read
const act = median(activateOnly);
console.log(`activation (require + activate): ${ms.toFixed(2)} ms median of re-loads; first ${times[0].toFixed(2)} ms; activate() alone ${act.toFixed(2)} ms`);
console.log(loadedHeavy.length ? `FAIL: activation loaded ${loadedHeavy.join(', ')}` : 'tfjs and sharp were not loaded by activation');
writeResult('activation', 'Extension', [
  { name: 'activation, first load (require + activate)', value: times[0], unit: 'ms', target: 50, targetKind: 'absolute' },
  { name: 'activation, median of re-loads', value: ms, unit: 'ms', target: 50, targetKind: 'absolute' },
  { name: 'activate() alone (bundle already loaded)', value: act, unit: 'ms', target: 50, targetKind: 'absolute' },
]);
if (loadedHeavy.length) process.exit(1);
