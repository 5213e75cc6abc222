// Runs inside VS Code's extension host (launched by test/electron/run.mjs). No mocha: plain node:assert, and the
// returned promise rejects on the first failure, which makes runTests exit non-zero.
const assert = require('node:assert/strict');
const path = require('node:path');
const vscode = require('vscode');

const checks = [
  [
    'the extension is installed and activates',
    async () => {
      const ext = vscode.extensions.getExtension('tensor-parity.tensor-parity');
      assert.ok(ext, 'extension tensor-parity.tensor-parity not found');
      await ext.activate();
      assert.equal(ext.isActive, true);
    },
  ],
  [
    'its commands are registered',
    async () => {
      const all = await vscode.commands.getCommands(true);
      for (const id of ['tensorParity.runInference', 'tensorParity.runInferenceOnTensor']) assert.ok(all.includes(id), `${id} is not registered`);
    },
  ],
  [
    'Run Inference on the demo image completes',
    async () => {
      const image = vscode.Uri.file(path.join(process.env.TP_ELECTRON_WORKSPACE, 'images', 'astronaut.png'));
      await vscode.commands.executeCommand('tensorParity.runInference', image);
    },
  ],
];

/** Entry point called by @vscode/test-electron. */
exports.run = async function run() {
  for (const [name, fn] of checks) {
    try {
      await fn();
      console.log(`ok - ${name}`);
    } catch (e) {
      console.error(`not ok - ${name}: ${e.message}`);
      throw e;
    }
  }
};
