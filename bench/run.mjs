// `npm run bench`: runs every benchmark, each against a reference measured in the same run, and writes the
// figures table into README.md (between the figures markers) and bench/results/figures.md.
// `npm run bench -- infer lint` re-runs only those; the table keeps the other benches' last results.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync, readdirSync, rmSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const resultsDir = join(root, 'bench/results');
const only = process.argv.slice(2);
const BENCHES = [
  'vsix',
  'activation',
  'infer',
  'graph-session',
  'tflite',
  'resize',
  'java2d',
  'pipeline',
  'jpeg-decode',
  'diff',
  'diagnose',
  'stall',
  'lint',
  'render',
  'tensor-open',
  'model-compare',
  'lint-corpus',
  'lint-noise',
];

function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', ...opts });
  return r.status ?? 1;
}

if (run('npx', ['tsc', '-p', 'tsconfig.test.json']) !== 0) console.error('bench: tsc reported errors; continuing with what was emitted');
if (!process.env.TP_BENCH_NO_PYTHON && run('bash', ['scripts/setup-python.sh']) !== 0) {
  console.error('bench: could not set up the reference Python (.venv); references will show as unavailable');
}
const failed = [];
for (const name of BENCHES.filter((b) => only.length === 0 || only.includes(b))) {
  const file = join(root, 'bench', `${name}.mjs`);
  if (!existsSync(file)) continue;
  rmSync(join(resultsDir, `${name}.json`), { force: true });
  console.log(`\n=== bench: ${name}`);
  const before = loadavg()[0];
  if (run(process.execPath, [file]) !== 0) failed.push(name);
  // Rows that did not record the load average next to their figure get the 1-minute average over the bench.
  const resultFile = join(resultsDir, `${name}.json`);
  if (existsSync(resultFile)) {
    const res = JSON.parse(readFileSync(resultFile, 'utf8'));
    const la = ((before + loadavg()[0]) / 2).toFixed(1);
    for (const r of res.rows) r.loadavg ??= la;
    writeFileSync(resultFile, JSON.stringify(res, null, 2));
  }
}

const fmt = (v, unit) => (v === undefined || v === null ? '—' : `${v < 10 ? v.toFixed(2) : v < 1000 ? v.toFixed(1) : Math.round(v)} ${unit}`);
const shortLoad = (la) => (la === undefined ? '—' : String(la).split(' ')[0]);
const lines = [];
const cpu = cpus()[0]?.model ?? 'unknown CPU';
lines.push(
  `Measured ${new Date().toISOString().slice(0, 10)} on ${cpus().length} cores (${cpu}), ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}.`,
);
lines.push('');
lines.push(`The machine is shared: the load average (1 minute, ${cpus().length} cores) is printed beside each figure.`);
lines.push('');
lines.push('| benchmark | ours | reference (same run) | ratio | target | load avg |');
lines.push('|---|---|---|---|---|---|');
for (const f of existsSync(resultsDir)
  ? readdirSync(resultsDir)
      .filter((f) => f.endsWith('.json'))
      .sort()
  : []) {
  const { title, rows } = JSON.parse(readFileSync(join(resultsDir, f), 'utf8'));
  for (const r of rows) {
    const ref = r.reference === undefined ? '—' : `${fmt(r.reference, r.unit)} ${r.referenceName ?? ''}`.trim();
    const ratio = r.ratio === undefined ? '—' : `${r.ratio.toFixed(2)}×`;
    let target = '—';
    if (r.target !== undefined) {
      const met =
        r.targetKind === 'min' ? r.value >= r.target : r.targetKind === 'absolute' ? r.value <= r.target : r.ratio !== undefined && r.ratio <= r.target;
      const shown = r.targetKind === 'min' ? `≥ ${r.target}` : r.targetKind === 'absolute' ? fmt(r.target, r.unit) : `≤ ${r.target}×`;
      target = `${shown} ${met ? '✅ met' : '❌ missed'}`;
    }
    lines.push(`| ${title}: ${r.name} | ${fmt(r.value, r.unit)} | ${ref} | ${ratio} | ${target} | ${shortLoad(r.loadavg)} |`);
  }
}
const table = lines.join('\n');
writeFileSync(join(resultsDir, 'figures.md'), table + '\n');
const readmePath = join(root, 'README.md');
if (existsSync(readmePath)) {
  const readme = readFileSync(readmePath, 'utf8');
  const re = /(<!-- figures:start -->)[\s\S]*?(<!-- figures:end -->)/;
  if (re.test(readme)) writeFileSync(readmePath, readme.replace(re, `$1\n${table}\n$2`));
}
console.log('\n' + table);
if (failed.length) {
  console.error(`bench: failed: ${failed.join(', ')}`);
  process.exit(1);
}
