// diffTensors against numpy on real data: the corpus's BGR dump vs its reference (numbers from make_diagnose_corpus.py).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { diffTensors } from '../../src/core/diff/diff';
import { parseNpy } from '../../src/core/tensor/npy';

const DIR = path.resolve(__dirname, '../../../test/golden/diagnose');

interface DiffStats {
  a: string;
  b: string;
  atol: number;
  rtol: number;
  abs: { mean: number; std: number; median: number; p99: number; max: number };
  rel: { mean: number; median: number; p99: number };
  failAllclose: number;
  failBoth: number;
  cosine: number;
}

test('statistics, failure counts and cosine match numpy on the corpus BGR dump', () => {
  const s = (JSON.parse(fs.readFileSync(path.join(DIR, 'manifest.json'), 'utf8')) as { diffStats: DiffStats }).diffStats;
  const a = parseNpy(fs.readFileSync(path.join(DIR, s.a)), s.a);
  const b = parseNpy(fs.readFileSync(path.join(DIR, s.b)), s.b);
  const r = diffTensors(a, b, { atol: s.atol, rtol: s.rtol, mode: 'allclose' });
  const close = (got: number | undefined, want: number, relTol: number, what: string): void => {
    assert.ok(got !== undefined && Math.abs(got - want) <= relTol * Math.abs(want) + 1e-15, `${what}: ${got} vs numpy ${want}`);
  };
  close(r.abs?.mean, s.abs.mean, 1e-12, 'abs mean');
  close(r.abs?.std, s.abs.std, 1e-9, 'abs std');
  close(r.abs?.max.value, s.abs.max, 0, 'abs max');
  close(r.abs?.median.value, s.abs.median, 2 ** -23, 'abs median');
  close(r.abs?.p99.value, s.abs.p99, 2 ** -23, 'abs p99');
  close(r.rel?.mean, s.rel.mean, 1e-12, 'rel mean');
  close(r.rel?.median.value, s.rel.median, 2 ** -23, 'rel median');
  close(r.rel?.p99.value, s.rel.p99, 2 ** -23, 'rel p99');
  close(r.cosine, s.cosine, 1e-12, 'cosine');
  assert.equal(r.verdict.failures, s.failAllclose);
  assert.equal(r.verdict.failuresOtherMode, s.failBoth);
});
