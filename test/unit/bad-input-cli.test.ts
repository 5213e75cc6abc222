// The bad-input corpus (test/bad-input/, #13) through the `tensor-parity` CLI, one child process per file: the exit
// code, a message that names the file, no stack trace, no hang (killed after 30 s), peak memory under 3 GB, no corpus
// file changed and nothing unpickled. Big cases (sparse multi-GB files, a 2 GiB deflate stream) are made at test time.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, test } from 'node:test';

const ROOT = path.resolve(__dirname, '../../..');
const CORPUS = path.join(ROOT, 'test/bad-input');
const MAIN = path.join(ROOT, 'out/src/cli/main.js');
const CHILD = path.join(CORPUS, 'cli-child.cjs');
const HANG_MS = 30_000;
const MAX_RSS_KIB = 3 * 1024 * 1024;

/** How one corpus file reaches the CLI and what the user must read. */
export interface BadCase {
  file: string;
  via: 'tensor' | 'image' | 'model' | 'spec' | 'source';
  spec?: string;
  exit: number[];
  expect: string[];
  heavy?: boolean;
}
const { cases, pickleMarker } = JSON.parse(fs.readFileSync(path.join(CORPUS, 'cases.json'), 'utf8')) as {
  cases: BadCase[];
  pickleMarker: string;
};

const TMP = fs.mkdtempSync(path.join(os.tmpdir(), 'tp-bad-input-'));
const WORK = path.join(TMP, 'files');
const BIG = path.join(TMP, 'big');
const OUT = path.join(TMP, 'out');
let bigCases: BadCase[] = [];
const hashes = new Map<string, string>();

function walk(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)]));
}
function sha(file: string): string {
  return createHash('sha256').update(fs.readFileSync(file)).digest('hex');
}

before(() => {
  fs.cpSync(path.join(CORPUS, 'files'), WORK, { recursive: true });
  fs.mkdirSync(OUT);
  for (const f of walk(WORK)) hashes.set(f, sha(f));
  fs.rmSync(pickleMarker, { force: true });
  const r = spawnSync(process.execPath, [path.join(CORPUS, 'make-corpus.mjs'), '--big', BIG], { encoding: 'utf8', timeout: 300_000 });
  assert.equal(r.status, 0, r.stderr);
  bigCases = JSON.parse(r.stdout) as BadCase[];
});
after(() => fs.rmSync(TMP, { recursive: true, force: true }));

/** The CLI arguments that feed `c` to the command a user would run on it. */
function argsFor(c: BadCase, file: string): string[] {
  switch (c.via) {
    case 'tensor':
      return ['diff', file, path.join(WORK, 'images/reference.npy')];
    case 'image':
      return ['diagnose', path.join(WORK, 'images/reference.npy'), '--image', file, '--spec', path.join(WORK, 'images/tensorparity.json'), '--fast'];
    case 'model':
      return ['run', path.join(WORK, 'models/input.npy'), '--spec', path.join(WORK, c.spec ?? ''), '--out', path.join(OUT, c.file.replace(/\W+/g, '_'))];
    case 'spec':
      return ['lint', path.dirname(file), '--spec', file];
    case 'source':
      return ['lint', file, '--spec', path.join(WORK, c.spec ?? 'sources/tensorparity.json')];
  }
}

interface Outcome {
  code: number | null;
  output: string;
  maxRssKiB: number;
  killed: boolean;
}

function runCli(args: string[]): Promise<Outcome> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CHILD, MAIN, ...args], { cwd: TMP, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d: Buffer) => {
      output += d.toString('utf8');
    });
    child.stderr.on('data', (d: Buffer) => {
      output += d.toString('utf8');
    });
    let killed = false;
    const timer = setTimeout(() => {
      killed = true;
      child.kill('SIGKILL');
    }, HANG_MS);
    child.on('close', (code) => {
      clearTimeout(timer);
      const m = /@@maxRSS=(\d+)/.exec(output);
      resolve({ code, output: output.replace(/\n?@@maxRSS=\d+\n?/, ''), maxRssKiB: m ? Number(m[1]) : 0, killed });
    });
  });
}

const STACK_LINE = /^\s+at .+(\(.+:\d+:\d+\)|:\d+:\d+)$/m;

async function check(c: BadCase, file: string): Promise<void> {
  const r = await runCli(argsFor(c, file));
  const label = `${c.file} via ${c.via}`;
  assert.equal(r.killed, false, `${label}: still running after ${HANG_MS / 1000}s (a hang)`);
  assert.ok(c.exit.includes(r.code ?? -1), `${label}: exit ${r.code}, expected ${c.exit.join(' or ')}:\n${r.output.slice(0, 2000)}`);
  assert.doesNotMatch(r.output, STACK_LINE, `${label}: a stack trace reached the user:\n${r.output.slice(0, 2000)}`);
  assert.doesNotMatch(r.output, /internal error|Maximum call stack|RangeError|TypeError/, `${label}: an internal error:\n${r.output.slice(0, 2000)}`);
  if (c.exit.includes(2)) {
    const named = [path.basename(file), path.basename(path.dirname(file))].some((n) => r.output.includes(n));
    assert.ok(named, `${label}: the message does not name the file:\n${r.output.slice(0, 2000)}`);
  }
  for (const words of c.expect) assert.ok(r.output.includes(words), `${label}: the message should say "${words}":\n${r.output.slice(0, 2000)}`);
  assert.ok(r.maxRssKiB > 0 && r.maxRssKiB < MAX_RSS_KIB, `${label}: peak memory ${(r.maxRssKiB / 1024).toFixed(0)} MiB (limit 3 GB)`);
  peaks.push({ label, mib: r.maxRssKiB / 1024 });
}
const peaks: { label: string; mib: number }[] = [];

/** Runs checks two at a time (each is a child process). */
async function inPairs(list: BadCase[], dir: string): Promise<void> {
  let next = 0;
  const errors: unknown[] = [];
  const worker = async (): Promise<void> => {
    while (next < list.length) {
      const c = list[next++];
      try {
        await check(c, path.join(dir, c.file));
      } catch (e) {
        errors.push(e);
      }
    }
  };
  await Promise.all([worker(), worker()]);
  if (errors.length)
    throw new AggregateError(
      errors,
      `${errors.length} of ${list.length} bad inputs failed:\n${errors.map((e) => (e as Error).message.split('\n')[0]).join('\n')}`,
    );
}

test('the corpus holds at least 60 hostile files covering every input kind', () => {
  assert.ok(walk(path.join(CORPUS, 'files')).length >= 60);
  for (const via of ['tensor', 'image', 'model', 'spec', 'source'])
    assert.ok(
      cases.some((c) => c.via === via),
      via,
    );
});

for (const via of ['tensor', 'image', 'model', 'spec', 'source'] as const) {
  test(`bad ${via} files: exit code, a message naming the file, no stack trace, no hang, under 3 GB`, async () => {
    await inPairs(
      cases.filter((c) => c.via === via),
      WORK,
    );
  });
}

test('big files made at test time (sparse 3 GiB files, a 2 GiB deflate stream): refused or loaded within 3 GB', async () => {
  const light = bigCases.filter((c) => !c.heavy);
  await inPairs(light, BIG);
  for (const c of bigCases.filter((x) => x.heavy)) {
    if (c.via === 'source') continue;
    await check(c, path.join(BIG, c.file));
  }
  const heavy = peaks.filter((p) => /zeros-2gib/.test(p.label));
  console.log(
    `# peak RSS: ${heavy.map((p) => `${p.label} ${p.mib.toFixed(0)} MiB`).join('; ')}; largest other case ${Math.max(...peaks.filter((p) => !/zeros-2gib/.test(p.label)).map((p) => p.mib)).toFixed(0)} MiB`,
  );
});

test('no corpus file was changed and nothing was unpickled', () => {
  for (const [file, hash] of hashes) assert.equal(sha(file), hash, `${file} was changed`);
  assert.equal(fs.existsSync(pickleMarker), false, `${pickleMarker} exists: something unpickled a corpus file`);
});
