// `tensor-parity lint`: exit codes, text/JSON/SARIF output, skipped files, globs and unusable input.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, test } from 'node:test';
import { main } from '../../src/cli/main';
import { globMatcher } from '../../src/core/lint/glob';

const glob = (g: string) => ({ test: globMatcher([g]) });
import { BASE_SPEC } from './lint-test-helpers';
import { validateSarif } from './lint-sarif-schema';

const TMP = fs.mkdtempSync(path.join(os.tmpdir(), 'tp-lint-cli-'));
after(() => fs.rmSync(TMP, { recursive: true, force: true }));

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

async function cli(args: string[], cwd: string): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const code = await main(['lint', ...args], {
    stdout: (s) => {
      stdout += s;
    },
    stderr: (s) => {
      stderr += s;
    },
    cwd,
  });
  return { code, stdout, stderr };
}

const BAD_PY = 'import cv2\n\ndef load(p):\n    img = cv2.imread(p)\n    img = cv2.cvtColor(img, cv2.COLOR_BGR2RGB)\n    return cv2.resize(img, (256, 256))\n';
const GOOD_PY = 'import cv2\n\ndef load(p):\n    img = cv2.imread(p)\n    img = cv2.cvtColor(img, cv2.COLOR_BGR2RGB)\n    return cv2.resize(img, (224, 224))\n';
const WARN_PY =
  'import cv2\n\ndef load(p):\n    img = cv2.imread(p)\n    img = cv2.cvtColor(img, cv2.COLOR_BGR2RGB)\n    return cv2.resize(img, (224, 224), interpolation=cv2.INTER_AREA)\n';

let n = 0;
/** A workspace folder with a spec and the given files. */
function workspace(files: Record<string, string | Buffer>, spec: string | null = JSON.stringify(BASE_SPEC)): string {
  const dir = path.join(TMP, `ws${n++}`);
  fs.mkdirSync(dir, { recursive: true });
  if (spec !== null) fs.writeFileSync(path.join(dir, 'tensorparity.json'), spec);
  for (const [name, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), content);
  }
  return dir;
}

test('findings: exit 1, one line per finding with file:line:col, code, message and a summary', async () => {
  const dir = workspace({ 'src/pre.py': BAD_PY });
  const r = await cli([], dir);
  assert.equal(r.code, 1, r.stderr);
  assert.match(r.stdout, /^src\/pre\.py:6:28: error TP201 cv2\.resize resizes to width 256 × height 256/m);
  assert.match(r.stdout, /\[input\.width\]/);
  assert.match(r.stdout, /\n    fix: Resize to \(224, 224\)/);
  assert.match(r.stdout, /1 problem \(1 error, 0 warnings, 0 info\) in 1 file of 1 linted\./);
});

test('clean code: exit 0 and says so', async () => {
  const dir = workspace({ 'pre.py': GOOD_PY, 'notes.txt': 'cv2.resize(img, (1, 1))' });
  const r = await cli(['.'], dir);
  assert.equal(r.code, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /No preprocessing problems in 1 file\./);
});

test('--fail-on error ignores warnings for the exit code but still prints them', async () => {
  const dir = workspace({ 'pre.py': WARN_PY });
  assert.equal((await cli([], dir)).code, 1);
  const r = await cli(['--fail-on', 'error'], dir);
  assert.equal(r.code, 0);
  assert.match(r.stdout, /warning TP203/);
});

test('--format json lists files, findings with ranges and fixes, and a summary', async () => {
  const dir = workspace({ 'a.py': BAD_PY, 'b.py': GOOD_PY });
  const r = await cli(['--format', 'json'], dir);
  assert.equal(r.code, 1);
  const doc = JSON.parse(r.stdout) as {
    version: number;
    spec: string;
    summary: { errors: number; files: number };
    files: {
      path: string;
      findings: { code: string; range: { start: { line: number; character: number } }; fix?: { edits: unknown[] } }[];
    }[];
  };
  assert.equal(doc.version, 1);
  assert.equal(doc.spec, path.join(dir, 'tensorparity.json'));
  assert.deepEqual(
    doc.files.map((f) => f.path),
    ['a.py', 'b.py'],
  );
  assert.equal(doc.summary.errors, 1);
  assert.equal(doc.summary.files, 2);
  const f = doc.files[0].findings[0];
  assert.equal(f.code, 'TP201');
  assert.deepEqual(f.range.start, { line: 5, character: 27 });
  assert.equal(f.fix?.edits.length, 1);
});

test('--format sarif is a valid SARIF 2.1.0 log with rules, results, fixes and skipped-file notifications', async () => {
  const big = `x = 1\n${'# padding line for a large generated file\n'.repeat(30000)}`;
  const dir = workspace({
    'a.py': BAD_PY,
    'b.py': WARN_PY,
    'Pre.java': 'class P { void f() { java.nio.ByteBuffer b = java.nio.ByteBuffer.allocateDirect(4); b.putFloat(1f); tflite.run(b, out); } }',
    'big.py': big,
  });
  const r = await cli(['--format', 'sarif'], dir);
  assert.equal(r.code, 1);
  const log = JSON.parse(r.stdout) as unknown;
  const errors = validateSarif(log);
  assert.deepEqual(errors, []);
  const run = (
    log as {
      runs: {
        results: {
          ruleId: string;
          level: string;
          locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number; startColumn: number } } }[];
          fixes?: unknown[];
        }[];
        invocations: { toolExecutionNotifications: { message: { text: string } }[] }[];
        tool: { driver: { rules: { id: string }[] } };
      }[];
    }
  ).runs[0];
  assert.deepEqual(run.results.map((x) => x.ruleId).sort(), ['TP201', 'TP203', 'TP502']);
  const tp201 = run.results.find((x) => x.ruleId === 'TP201')!;
  assert.equal(tp201.level, 'error');
  assert.deepEqual(tp201.locations[0].physicalLocation.region.startLine, 6);
  assert.deepEqual(tp201.locations[0].physicalLocation.region.startColumn, 28);
  assert.equal(tp201.locations[0].physicalLocation.artifactLocation.uri, 'a.py');
  assert.ok(tp201.fixes && tp201.fixes.length === 1);
  assert.ok(run.tool.driver.rules.some((x) => x.id === 'TP503'));
  assert.match(run.invocations[0].toolExecutionNotifications[0].message.text, /big\.py: skipped, 1\.\d MB is over the 1\.0 MB limit/);
});

test('the SARIF validator rejects logs that break the 2.1.0 schema', () => {
  assert.notDeepEqual(validateSarif({ version: '2.0.0', runs: [] }), []);
  assert.notDeepEqual(validateSarif({ version: '2.1.0', runs: [{ tool: { driver: {} }, results: [] }] }), []);
  assert.notDeepEqual(
    validateSarif({ version: '2.1.0', runs: [{ tool: { driver: { name: 'x' } }, results: [{ message: { text: 'm' }, level: 'fatal' }] }] }),
    [],
  );
  assert.notDeepEqual(
    validateSarif({
      version: '2.1.0',
      runs: [
        {
          tool: { driver: { name: 'x' } },
          results: [{ message: { text: 'm' }, locations: [{ physicalLocation: { region: { startLine: 0 } } }] }],
        },
      ],
    }),
    [],
  );
  assert.notDeepEqual(validateSarif({ version: '2.1.0', runs: [], extra: 1 }), []);
});

test('a broken spec: exit 2, says the spec is broken with line:column, and reports nothing about the code', async () => {
  const dir = workspace({ 'pre.py': BAD_PY }, '{ "model": { "path": "m.json" }, "input": { "width": 224, "height": "big" } }');
  for (const format of ['text', 'json', 'sarif']) {
    const r = await cli(['--format', format], dir);
    assert.equal(r.code, 2);
    assert.equal(r.stdout, '');
    assert.match(r.stderr, /the spec cannot be used, so no code was checked/);
    assert.match(r.stderr, /tensorparity\.json:1:\d+: error/);
    assert.doesNotMatch(r.stderr, /TP201/);
  }
  const syntax = workspace({ 'pre.py': BAD_PY }, '{ "model": ');
  const r = await cli([], syntax);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /JSON syntax error/);
});

test('no spec anywhere: exit 2 naming the folder and how to fix it; --spec picks a file', async () => {
  const dir = workspace({ 'pre.py': GOOD_PY }, null);
  const r = await cli([], dir);
  assert.equal(r.code, 2);
  assert.match(r.stderr, new RegExp(`No tensorparity\\.json found in ${dir.replace(/[/\\.]/g, '\\$&')}`));
  assert.match(r.stderr, /--spec <file>/);
  const other = workspace({});
  const ok = await cli(['--spec', path.join(other, 'tensorparity.json')], dir);
  assert.equal(ok.code, 0, ok.stderr);
});

test('a path that does not exist: exit 2 naming it', async () => {
  const dir = workspace({ 'pre.py': GOOD_PY });
  const r = await cli(['src/missing.py'], dir);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /missing\.py does not exist/);
});

test('files over 1 MB and binary files are skipped with a message; the rest is linted', async () => {
  const big = `import cv2\nx = cv2.resize(img, (1, 1))\n${'y = 0\n'.repeat(200000)}`;
  const bin = Buffer.concat([Buffer.from('import cv2\n'), Buffer.from([0, 1, 2, 0, 255]), Buffer.from('cv2.resize(a, (1, 1))\n')]);
  const dir = workspace({ 'big.py': big, 'blob.py': bin, 'pre.py': BAD_PY });
  const r = await cli(['--format', 'json'], dir);
  const doc = JSON.parse(r.stdout) as { files: { path: string; skipped?: { reason: string; message: string }; findings: unknown[] }[] };
  const byPath = new Map(doc.files.map((f) => [f.path, f]));
  assert.equal(byPath.get('big.py')?.skipped?.reason, 'too-large');
  assert.match(byPath.get('big.py')!.skipped!.message, /big\.py: skipped, 1\.\d MB is over the 1\.0 MB limit/);
  assert.equal(byPath.get('blob.py')?.skipped?.reason, 'binary');
  assert.match(byPath.get('blob.py')!.skipped!.message, /looks binary/);
  assert.equal(byPath.get('pre.py')?.findings.length, 1);
  const text = await cli([], dir);
  assert.match(text.stdout, /big\.py: skipped/);
  assert.match(text.stdout, /2 skipped/);
});

test('--include and --exclude globs; node_modules and hidden folders are never searched', async () => {
  const dir = workspace({
    'src/a.py': BAD_PY,
    'src/gen/b.py': BAD_PY,
    'tests/t.py': BAD_PY,
    'node_modules/x/y.js': 'tf.image.resizeBilinear(t, [1, 1]);',
    '.hidden/c.py': BAD_PY,
    'src/c.cpp': 'void f(cv::Mat a) { cv::resize(a, a, cv::Size(1, 1)); }',
  });
  const paths = async (args: string[]): Promise<string[]> => {
    const r = await cli(['--format', 'json', ...args], dir);
    return (JSON.parse(r.stdout) as { files: { path: string }[] }).files.map((f) => f.path);
  };
  assert.deepEqual(await paths([]), ['src/a.py', 'src/c.cpp', 'src/gen/b.py', 'tests/t.py']);
  assert.deepEqual(await paths(['--exclude', 'tests', '--exclude', 'src/gen/**']), ['src/a.py', 'src/c.cpp']);
  assert.deepEqual(await paths(['--include', '**/*.cpp']), ['src/c.cpp']);
  assert.deepEqual(await paths(['src', '--include', 'src/*.py']), ['src/a.py']);
});

test('an explicit file with another extension is reported as not linted', async () => {
  const dir = workspace({ 'pre.txt': BAD_PY });
  const r = await cli(['pre.txt'], dir);
  assert.equal(r.code, 0);
  assert.match(r.stdout, /pre\.txt: not linted/);
});

test('usage errors exit 2 with the fix', async () => {
  const dir = workspace({});
  const a = await cli(['--format', 'xml'], dir);
  assert.equal(a.code, 2);
  assert.match(a.stderr, /--format must be text, json or sarif/);
  const b = await cli(['--colour'], dir);
  assert.equal(b.code, 2);
  assert.match(b.stderr, /unknown option --colour/);
  const help = await main(['lint', '--help'], { stdout: () => undefined, stderr: () => undefined, cwd: dir });
  assert.equal(help, 0);
});

test('--output writes the report to a file', async () => {
  const dir = workspace({ 'a.py': BAD_PY });
  const r = await cli(['--format', 'sarif', '--output', 'out/report.sarif'], dir);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /cannot write .*report\.sarif/);
  fs.mkdirSync(path.join(dir, 'out'));
  const ok = await cli(['--format', 'sarif', '--output', 'out/report.sarif'], dir);
  assert.equal(ok.code, 1);
  assert.deepEqual(validateSarif(JSON.parse(fs.readFileSync(path.join(dir, 'out/report.sarif'), 'utf8'))), []);
});

test('globs: ** crosses folders, * does not, bare names match at any depth', () => {
  assert.ok(glob('src/**/*.py').test('src/a/b/c.py'));
  assert.ok(glob('src/**/*.py').test('src/c.py'));
  assert.ok(!glob('src/*.py').test('src/a/c.py'));
  assert.ok(glob('tests').test('a/tests/b.py'));
  assert.ok(glob('*.{ts,tsx}').test('web/app.tsx'));
  assert.ok(!glob('*.{ts,tsx}').test('web/app.js'));
});
