// Bench: size of the packaged .vsix (npm run package). Writes bench/results/vsix.json.
import { spawnSync } from 'node:child_process';
import { statSync, existsSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeResult } from './results.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const vsix = join(root, 'dist/tensor-parity.vsix');
const r = spawnSync('npm', ['run', 'package', '--silent'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
if (r.status !== 0 || !existsSync(vsix)) {
  console.error('vsix bench: npm run package failed');
  process.exit(1);
}
const mib = statSync(vsix).size / 2 ** 20;
console.log(`.vsix size: ${mib.toFixed(2)} MiB`);
writeResult('vsix', 'Package', [{ name: '.vsix size (with sharp + libvips)', value: mib, unit: 'MiB' }]);
