// The bad-input corpus (test/bad-input/, #13) through the functions the extension calls: the tensor viewer and Compare
// Tensors (loadTensorFile), image decoding (decodeImage), the spec checker (parseSpec), model loading (readTfjsModel),
// lint-on-type (Linter.lint) and Open Diff Report (parseReportJson). Each answers with its own error naming the file,
// or with located problems, and never with an internal error (RangeError, TypeError, a stack overflow); no call runs
// past 30 s, the process stays under 3 GB, no corpus file changes and nothing is unpickled.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { parseReportJson } from '../../src/extension/compare/payload';
import { ModelError } from '../../src/core/infer/errors';
import { readTfjsModel } from '../../src/core/infer/model-io';
import { languageOfPath } from '../../src/core/lint/files';
import { decodeImage } from '../../src/core/preprocess/decode';
import { ImageError } from '../../src/core/preprocess/errors';
import { parseSpec } from '../../src/core/spec/parse';
import { loadTensorFile } from '../../src/core/tensor/load';
import { TensorFileError } from '../../src/core/tensor/types';
import { linter, specWith } from './lint-test-helpers';

const ROOT = path.resolve(__dirname, '../../..');
const FILES = path.join(ROOT, 'test/bad-input/files');
interface BadCase {
  file: string;
  via: string;
  exit: number[];
  expect: string[];
}
const { cases, pickleMarker } = JSON.parse(fs.readFileSync(path.join(ROOT, 'test/bad-input/cases.json'), 'utf8')) as {
  cases: BadCase[];
  pickleMarker: string;
};
const INTERNAL = /RangeError|TypeError|Maximum call stack|Cannot read properties/;
const HANG_MS = 30_000;
const MAX_RSS_KIB = 3 * 1024 * 1024;

function walk(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)]));
}
const hashOf = (file: string): string => createHash('sha256').update(fs.readFileSync(file)).digest('hex');
const hashes = new Map<string, string>();
before(() => {
  fs.rmSync(pickleMarker, { force: true });
  for (const f of walk(FILES)) hashes.set(f, hashOf(f));
});
after(() => {
  for (const [file, hash] of hashes) assert.equal(hashOf(file), hash, `${file} was changed`);
  assert.equal(fs.existsSync(pickleMarker), false, `${pickleMarker} exists: something unpickled a corpus file`);
  const peak = process.resourceUsage().maxRSS;
  assert.ok(peak < MAX_RSS_KIB, `peak memory ${(peak / 1024).toFixed(0)} MiB (limit 3 GB)`);
});

/** Runs `fn` (an entry point on one hostile file), failing if it has not settled within 30 s (a hang, not a speed bound). */
async function bounded<T>(file: string, fn: () => T | Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const started = Date.now();
  try {
    const hang = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${file}: still running after ${HANG_MS / 1000}s (a hang)`)), HANG_MS);
    });
    return await Promise.race([Promise.resolve().then(fn), hang]);
  } finally {
    clearTimeout(timer);
    // a synchronous call blocks the timer above: check how long it held the thread
    assert.ok(Date.now() - started < HANG_MS, `${file}: held the thread for over ${HANG_MS / 1000}s (a hang)`);
  }
}

/** Awaits `fn` and checks it fails with `cls`, naming the file, with none of the internal-error words. */
async function refuses(fn: () => unknown, cls: new (...a: never[]) => Error, file: string, words: string[] = []): Promise<void> {
  let err: unknown;
  try {
    await bounded(file, fn);
  } catch (e) {
    err = e;
  }
  assert.ok(err instanceof cls, `${file}: expected a ${cls.name}, got ${err instanceof Error ? `${err.name}: ${err.message}` : String(err)}`);
  const message = (err as Error).message;
  assert.ok(message.includes(path.basename(file)) || message.includes(path.basename(path.dirname(file))), `${file}: the message does not name it: ${message}`);
  assert.doesNotMatch(message, INTERNAL, `${file}: ${message}`);
  for (const w of words) assert.ok(message.includes(w), `${file}: the message should say "${w}": ${message}`);
}

test('tensor viewer and Compare Tensors (loadTensorFile): every bad tensor is a TensorFileError naming the file', async () => {
  const list = cases.filter((c) => c.via === 'tensor');
  assert.ok(list.length >= 40);
  for (const c of list) await refuses(() => loadTensorFile(path.join(FILES, c.file)), TensorFileError, c.file, c.expect);
});

test('image decoding (Run Inference, Compare with Reference → an image): bad images are an ImageError naming the file', async () => {
  for (const c of cases.filter((x) => x.via === 'image' && x.exit.includes(2))) {
    await refuses(() => decodeImage(path.join(FILES, c.file), { applyExif: true, maxPixels: 100_000_000 }), ImageError, c.file, c.expect);
  }
  // the decoder's own words are given once each (libvips repeats a line per attempt)
  const err = await decodeImage(path.join(FILES, 'images/jpeg-truncated.jpg'), { applyExif: true, maxPixels: 100_000_000 }).catch((e: Error) => e);
  assert.ok(err instanceof ImageError);
  const parts = /\((.*)\)/.exec(err.message)?.[1].split('; ') ?? [];
  assert.ok(parts.length > 0, err.message);
  assert.equal(new Set(parts).size, parts.length, err.message);
});

test('the spec checker (parseSpec): hostile specs give located problems and never throw', async () => {
  for (const c of cases.filter((x) => x.via === 'spec')) {
    const text = fs.readFileSync(path.join(FILES, c.file), 'utf8').replace(/^\ufeff/, '');
    const r = await bounded(c.file, () => parseSpec(text, c.file));
    assert.equal(r.spec, undefined, `${c.file} should not give a usable spec`);
    assert.ok(
      r.problems.some((p) => p.severity === 'error'),
      `${c.file}: no error problem`,
    );
    for (const p of r.problems) {
      assert.ok(p.offset >= 0 && p.offset <= text.length, `${c.file}: problem outside the text at ${p.offset}`);
      assert.doesNotMatch(p.message, INTERNAL);
    }
    for (const w of c.expect)
      assert.ok(
        r.problems.some((p) => p.message.includes(w)),
        `${c.file}: no problem says "${w}"`,
      );
  }
});

test('model loading (readTfjsModel): broken model.json files and escaping weight paths are a ModelError naming the file', async () => {
  const list = cases.filter((c) => c.via === 'model' && c.file.endsWith('.json'));
  assert.ok(list.length >= 10);
  for (const c of list) await refuses(() => readTfjsModel(path.join(FILES, c.file)), ModelError, c.file, c.expect);
  // nothing outside the model folder was read: the secret next to the model folders is never listed
  assert.throws(
    () => readTfjsModel(path.join(FILES, 'models/weights-escape/model.json')),
    (e: Error) => !/\b7\b/.test(e.message),
  );
});

test('lint on type (Linter.lint): pathological sources never throw and return a finding list', async () => {
  const l = await linter();
  const spec = specWith();
  for (const c of cases.filter((x) => x.via === 'source')) {
    const languageId = languageOfPath(c.file);
    if (!languageId) continue;
    const text = fs.readFileSync(path.join(FILES, c.file)).toString('utf8');
    const uri = `file:///bad/${path.basename(c.file)}`;
    const findings = await bounded(c.file, () => l.lint({ uri, languageId, text }, spec));
    assert.ok(Array.isArray(findings), c.file);
    l.close(uri);
  }
});

test('Open Diff Report (parseReportJson): hostile JSON is refused naming the file, without a stack overflow', () => {
  for (const c of cases.filter((x) => x.via === 'spec')) {
    const file = path.join(FILES, c.file);
    assert.throws(
      () => parseReportJson(fs.readFileSync(file, 'utf8'), file),
      (e: Error) => {
        assert.ok(e.message.includes('tensorparity.json'), e.message);
        assert.doesNotMatch(e.message, INTERNAL);
        return true;
      },
    );
  }
});
