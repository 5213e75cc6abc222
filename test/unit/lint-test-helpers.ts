// Shared helpers for the linter tests: one linter per process, specs from partial JSON, and annotated fixtures.
// A fixture marks each expected finding with a comment "expect: TP201 TP203" on the line where the finding starts,
// and may override the base spec with a first-line comment "spec: {...}" (deep-merged JSON).

import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createLinter } from '../../src/core/lint/linter';
import type { Finding, LintLanguageId, Linter, LintTextEdit } from '../../src/core/lint/types';
import { parseSpec } from '../../src/core/spec/parse';
import type { Spec } from '../../src/core/spec/types';

export const ROOT = path.resolve(__dirname, '../../..');
export const FIXTURES = path.join(ROOT, 'test/fixtures/lint');
export const WASM_DIR = path.join(ROOT, 'node_modules/@vscode/tree-sitter-wasm/wasm');

/** The spec every fixture starts from: 224 × 224 RGB, cv2 linear resize, scale 1/255, float32 NHWC. */
export const BASE_SPEC: Record<string, unknown> = {
  model: { path: 'model.json' },
  input: { width: 224, height: 224, colorOrder: 'RGB', resize: { library: 'cv2', method: 'linear' }, scale: 1 / 255 },
};

let shared: Promise<Linter> | undefined;

/** A linter shared by the tests of one file. */
export function linter(): Promise<Linter> {
  shared ??= createLinter({ wasmDir: WASM_DIR });
  return shared;
}

function merge(a: Record<string, unknown>, b: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...a };
  for (const [k, v] of Object.entries(b)) {
    const cur = out[k];
    out[k] =
      v && typeof v === 'object' && !Array.isArray(v) && cur && typeof cur === 'object' && !Array.isArray(cur)
        ? merge(cur as Record<string, unknown>, v as Record<string, unknown>)
        : v;
  }
  return out;
}

/** A valid spec: BASE_SPEC deep-merged with `override`. */
export function specWith(override: Record<string, unknown> = {}): Spec {
  const { spec, problems } = parseSpec(JSON.stringify(merge(BASE_SPEC, override)));
  assert.ok(spec, `test spec is invalid: ${problems.map((p) => p.message).join('; ')}`);
  return spec;
}

const LANG_BY_EXT: Record<string, LintLanguageId> = {
  '.py': 'python',
  '.cpp': 'cpp',
  '.java': 'java',
  '.js': 'javascript',
  '.ts': 'typescript',
  '.tsx': 'tsx',
};

/** A fixture file's text, language, spec (from its "spec:" header) and expected findings. */
export interface Fixture {
  file: string;
  text: string;
  languageId: LintLanguageId;
  spec: Spec;
  expected: string[];
}

/** Reads an annotated fixture from test/fixtures/lint. */
export function fixture(rel: string): Fixture {
  const file = path.join(FIXTURES, rel);
  const text = fs.readFileSync(file, 'utf8');
  const languageId = LANG_BY_EXT[path.extname(file)];
  const header = /spec:\s*(\{.*\})\s*$/m.exec(text.split('\n')[0] ?? '');
  const spec = specWith(header ? (JSON.parse(header[1]) as Record<string, unknown>) : {});
  const expected: string[] = [];
  text.split('\n').forEach((line, i) => {
    const m = /expect:\s*((?:TP\d{3}\s*)+)/.exec(line);
    if (m) for (const code of m[1].trim().split(/\s+/)) expected.push(`${i + 1} ${code}`);
  });
  return { file: rel, text, languageId, spec, expected: expected.sort() };
}

/** "line code" keys of findings, sorted. */
export function keys(findings: readonly Finding[]): string[] {
  return findings.map((f) => `${f.range.start.line + 1} ${f.code}`).sort();
}

/** Lints a fixture and asserts exactly the annotated findings (line and code) are reported. */
export async function checkFixture(rel: string): Promise<Finding[]> {
  const fx = fixture(rel);
  const l = await linter();
  const findings = l.lint({ uri: `fixture:${rel}`, languageId: fx.languageId, text: fx.text }, fx.spec);
  l.close(`fixture:${rel}`);
  assert.deepEqual(
    keys(findings),
    fx.expected,
    `${rel}: findings differ from the expect: markers\n${findings.map((f) => `  ${f.range.start.line + 1}:${f.range.start.character + 1} ${f.code} ${f.message}`).join('\n')}`,
  );
  return findings;
}

/** Lints text directly. */
export async function lintText(languageId: LintLanguageId, text: string, spec: Spec, uri = `mem:${Math.random()}`): Promise<Finding[]> {
  const l = await linter();
  const out = l.lint({ uri, languageId, text }, spec);
  l.close(uri);
  return out;
}

function offsetOf(text: string, line: number, character: number): number {
  let off = 0;
  for (let i = 0; i < line; i++) off = text.indexOf('\n', off) + 1;
  return off + character;
}

/** Applies text edits (non-overlapping) to a text. */
export function applyEdits(text: string, edits: readonly LintTextEdit[]): string {
  const abs = edits.map((e) => ({
    s: offsetOf(text, e.range.start.line, e.range.start.character),
    e: offsetOf(text, e.range.end.line, e.range.end.character),
    t: e.newText,
  }));
  abs.sort((a, b) => b.s - a.s);
  let out = text;
  for (const e of abs) out = out.slice(0, e.s) + e.t + out.slice(e.e);
  return out;
}

/**
 * Applies the fixes of all findings at once, as "fix all" would: identical edits (a fix shared by several findings)
 * count once; two different edits touching the same text are a conflict and fail the test.
 */
export function applyAllFixes(text: string, findings: readonly Finding[]): string {
  const seen = new Map<string, LintTextEdit>();
  for (const f of findings) for (const e of f.fix?.edits ?? []) seen.set(JSON.stringify(e), e);
  const edits = [...seen.values()].map((e) => ({
    e,
    s: offsetOf(text, e.range.start.line, e.range.start.character),
    end: offsetOf(text, e.range.end.line, e.range.end.character),
  }));
  edits.sort((a, b) => a.s - b.s || a.end - b.end);
  for (let i = 1; i < edits.length; i++) {
    const [p, q] = [edits[i - 1], edits[i]];
    assert.ok(q.s > p.end || (q.s === p.end && p.s !== p.end && q.s !== q.end), `fixes conflict: ${JSON.stringify(p.e)} and ${JSON.stringify(q.e)}`);
  }
  return applyEdits(
    text,
    edits.map((x) => x.e),
  );
}
