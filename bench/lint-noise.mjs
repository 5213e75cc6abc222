// False alarms of the preprocessing linter on public repositories that prepare no model input
// (test/corpus/lint/noise.json): every finding on them is a false alarm. Each repository is taken at its pinned commit
// from a local git copy and linted like `tensor-parity lint <folder>` against a generic spec.
// Build first: npx tsc -p tsconfig.test.json   Then: node bench/lint-noise.mjs [--from <dir>] [--verbose]
// <dir> holds each repository as <owner>+<repo>/repo or <owner>/<repo> (a clone or a bare git dir); without it,
// test/corpus/lint/.cache/noise/<owner>+<repo> is used. Repositories without a copy are listed as not scored.

import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import * as os from 'node:os';
import * as path from 'node:path';
import { writeResult } from './results.mjs';

const require = createRequire(import.meta.url);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { lintFiles } = require(path.join(root, 'out/src/core/lint/files.js'));
const { parseSpec } = require(path.join(root, 'out/src/core/spec/index.js'));
const wasmDir = path.join(root, 'node_modules/@vscode/tree-sitter-wasm/wasm');

const args = process.argv.slice(2);
const from = args.includes('--from') ? args[args.indexOf('--from') + 1] : undefined;
const verbose = args.includes('--verbose');
const noise = JSON.parse(readFileSync(path.join(root, 'test/corpus/lint/noise.json'), 'utf8'));
const { spec } = parseSpec(JSON.stringify(noise.spec));

/** The git dir of a repository's local copy, or undefined. */
function gitDirOf(repo) {
  const flat = repo.replace('/', '+');
  const cands = from ? [path.join(from, flat, 'repo'), path.join(from, flat), path.join(from, repo)] : [path.join(root, 'test/corpus/lint/.cache/noise', flat)];
  for (const c of cands) {
    if (!existsSync(c)) continue;
    const r = spawnSync('git', ['--git-dir', existsSync(path.join(c, '.git')) ? path.join(c, '.git') : c, 'rev-parse', '--git-dir'], { encoding: 'utf8' });
    if (r.status === 0) return existsSync(path.join(c, '.git')) ? path.join(c, '.git') : c;
  }
  return undefined;
}

const SOURCE = /\.(py|cpp|cc|cxx|h|hpp|hh|hxx|java|js|mjs|cjs|jsx|ts|tsx)$/;

/** Writes the source files of `commit` under `dir` (a copy may lack large binary blobs; only sources are read). */
function extractSources(git, commit, dir) {
  const ls = spawnSync('git', ['--git-dir', git, 'ls-tree', '-r', '--name-only', commit], { encoding: 'utf8', maxBuffer: 1 << 28 });
  if (ls.status !== 0) return false;
  for (const p of ls.stdout.split('\n').filter((x) => SOURCE.test(x))) {
    const show = spawnSync('git', ['--git-dir', git, 'show', `${commit}:${p}`], { maxBuffer: 1 << 28 });
    if (show.status !== 0) continue;
    mkdirSync(path.dirname(path.join(dir, p)), { recursive: true });
    writeFileSync(path.join(dir, p), show.stdout);
  }
  return true;
}

const LANG = { python: 'python', cpp: 'cpp', java: 'java', javascript: 'js', typescript: 'js', tsx: 'js' };
const per = new Map(['python', 'cpp', 'java', 'js'].map((l) => [l, { files: 0, findings: 0, filesWithFindings: 0 }]));
const missing = [];
let scored = 0;
const load = os.loadavg()[0];
for (const r of noise.repos) {
  const git = gitDirOf(r.repo);
  if (!git) {
    missing.push(r.repo);
    continue;
  }
  const dir = mkdtempSync(path.join(os.tmpdir(), 'tp-noise-'));
  try {
    if (!extractSources(git, r.commit, dir)) {
      missing.push(`${r.repo} (commit ${r.commit.slice(0, 7)} not in the copy)`);
      continue;
    }
    scored++;
    const results = await lintFiles(['.'], spec, { cwd: dir, wasmDir });
    let n = 0;
    for (const f of results) {
      const s = per.get(LANG[f.languageId] ?? 'js');
      if (!s) continue;
      s.files++;
      s.findings += f.findings.length;
      if (f.findings.length > 0) s.filesWithFindings++;
      n += f.findings.length;
      if (verbose) for (const x of f.findings) console.log(`  ${r.repo}/${f.path}:${x.range.start.line + 1} ${x.code} ${x.message.slice(0, 100)}`);
    }
    console.log(`${r.repo.padEnd(28)} ${String(results.length).padStart(5)} files  ${n} findings`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
const rows = [];
let files = 0;
let findings = 0;
console.log(`\nlint noise: ${scored} of ${noise.repos.length} repositories with no model input; every finding is a false alarm (load ${load.toFixed(1)})`);
for (const [lang, s] of per) {
  if (s.files === 0) continue;
  files += s.files;
  findings += s.findings;
  console.log(`  ${lang.padEnd(7)} ${String(s.files).padStart(5)} files  ${s.findings} findings in ${s.filesWithFindings} files`);
  rows.push({ name: `${lang}: findings per 1,000 files (${s.findings} in ${s.files} files)`, value: +((s.findings * 1000) / s.files).toFixed(1), unit: '' });
}
if (missing.length > 0) console.log(`  not scored (no local copy): ${missing.join(', ')}`);
if (files > 0) {
  rows.unshift({
    name: `all: findings per 1,000 files (${findings} in ${files} files of ${scored} repositories)`,
    value: +((findings * 1000) / files).toFixed(1),
    unit: '',
  });
  writeResult('lint-noise', 'Linter on code that prepares no model input (every finding a false alarm)', rows);
}
