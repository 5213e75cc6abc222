// Bench: extension activation time (require dist/extension.js + activate()) against a stub `vscode` module,
// and a check that activation loads neither TensorFlow.js nor sharp. Writes bench/results/activation.json.
import Module, { createRequire } from 'node:module';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeResult, median } from './results.mjs';

const require = createRequire(import.meta.url);
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const disposable = { dispose() {} };
const handler = { get: (t, p) => (p in t ? t[p] : stub) };
function stub() { return new Proxy(Object.assign(function () {}, disposable), handler); }
const vscodeStub = new Proxy({
  window: new Proxy({}, { get: () => () => new Proxy({ ...disposable, info() {}, show() {} }, handler) }),
  workspace: new Proxy({ isTrusted: true, workspaceFolders: [] }, handler),
  commands: { registerCommand: () => disposable, executeCommand: async () => undefined },
  languages: new Proxy({}, handler),
  Uri: { file: (p) => ({ fsPath: p }), joinPath: () => ({}) },
  EventEmitter: class { event = () => disposable; fire() {} dispose() {} },
  StatusBarAlignment: { Left: 1, Right: 2 },
  DiagnosticSeverity: { Error: 0, Warning: 1, Information: 2, Hint: 3 },
}, handler);
const origResolve = Module._resolveFilename;
Module._resolveFilename = function (req, ...rest) { return req === 'vscode' ? 'vscode' : origResolve.call(this, req, ...rest); };
require.cache.vscode = { id: 'vscode', filename: 'vscode', loaded: true, exports: vscodeStub };

const RUNS = 15;
const times = [];
let loadedHeavy = [];
for (let i = 0; i < RUNS; i++) {
  for (const k of Object.keys(require.cache)) if (k.includes(`${root}/dist/`)) delete require.cache[k];
  const ctx = { subscriptions: [], extensionUri: { fsPath: root }, extension: { packageJSON: { version: '0' } }, globalState: { get() {}, update: async () => {} }, workspaceState: { get() {}, update: async () => {} } };
  const t0 = performance.now();
  const ext = require(join(root, 'dist/extension.js'));
  ext.activate(ctx);
  times.push(performance.now() - t0);
  for (const d of ctx.subscriptions) try { d.dispose?.(); } catch { /* stub */ }
  loadedHeavy = Object.keys(require.cache).filter((k) => /tfjs|[\\/]sharp[\\/]/.test(k));
}
const ms = median(times.slice(1)); // the first run pays the disk read
console.log(`activation (require + activate, warm module cache for Node internals): ${ms.toFixed(2)} ms median; first ${times[0].toFixed(2)} ms`);
console.log(loadedHeavy.length ? `FAIL: activation loaded ${loadedHeavy.join(', ')}` : 'tfjs and sharp were not loaded by activation');
writeResult('activation', 'Extension', [
  { name: 'activation, first load (require + activate)', value: times[0], unit: 'ms', target: 50, targetKind: 'absolute' },
  { name: 'activation, median of re-loads', value: ms, unit: 'ms', target: 50, targetKind: 'absolute' },
]);
if (loadedHeavy.length) process.exit(1);
