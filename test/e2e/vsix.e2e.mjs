// The packaged extension (dist/tensor-parity.vsix, from `npm run package`) installs into a fresh VS Code and runs a model.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './code-server.mjs';
import { startSession, WAIT_MS, TEST_MS } from './harness.mjs';
import { RESULT_READY, goldenPersonFraction, readResultPanel } from './panel.mjs';

const vsix = process.env.TP_E2E_VSIX || join(repoRoot, 'dist/tensor-parity-linux-x64.vsix');
let session;

before(
  async () => {
    assert.ok(existsSync(vsix), `${vsix} is missing: run \`npm run package\` first (test/e2e/run.mjs does).`);
    session = await startSession({ name: 'vsix', vsix });
  },
  { timeout: TEST_MS },
);
after(
  async () => {
    await session?.close();
  },
  { timeout: TEST_MS },
);

test('the .vsix installs with code-server --install-extension and runs inference on the demo image', { timeout: TEST_MS }, async () => {
  await session.rightClickExplorerItem('images/astronaut.png');
  await session.pickContextMenu('Tensor Parity: Run Inference');
  const frame = await session.findWebviewFrame(RESULT_READY, { timeoutMs: WAIT_MS });
  const panel = await readResultPanel(frame);
  await session.screenshot('vsix-astronaut');
  assert.ok(
    panel.legend.some((t) => /^person\b/i.test(t)),
    `legend should list "person"; it shows ${JSON.stringify(panel.legend)}`,
  );
  const golden = goldenPersonFraction('astronaut.png');
  assert.ok(
    Math.abs(panel.fractions.person - golden.value) <= 0.02,
    `person fraction ${panel.fractions.person} from the installed .vsix should be within 0.02 of the golden ${golden.value} (${golden.keyPath})`,
  );
});

test('the installed .vsix holds the activation writers the model comparison points to, and the LiteRT.js runtime', { timeout: TEST_MS }, async () => {
  const dirs = readdirSync(session.sandbox.extensionsDir).filter((d) => /tensor-parity/i.test(d));
  assert.equal(dirs.length, 1, `one installed Tensor Parity folder expected in ${session.sandbox.extensionsDir}: ${dirs}`);
  const installed = join(session.sandbox.extensionsDir, dirs[0]);
  for (const f of ['tools/dump_activations.py', 'tools/npz_writer.hpp', 'tools/NpzWriter.java', 'dist/litert/litert_wasm_compat_internal.wasm']) {
    assert.ok(existsSync(join(installed, f)), `${f} is missing from the installed extension ${installed}`);
  }
});
