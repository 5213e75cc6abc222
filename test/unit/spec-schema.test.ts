import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { DEFAULT_RESIZE_METHOD, RESIZE_FITS, RESIZE_LIBRARIES, RESIZE_METHODS, SPEC_DEFAULTS, type ResizeLibrary } from '../../src/core/spec';

const ROOT = path.resolve(__dirname, '../../..');
type Json = { [key: string]: unknown };
const schema = JSON.parse(readFileSync(path.join(ROOT, 'schemas/tensorparity.schema.json'), 'utf8')) as Json;

function obj(value: unknown): Json {
  assert.ok(value !== null && typeof value === 'object' && !Array.isArray(value));
  return value as Json;
}
function props(node: unknown): Json {
  return obj(obj(node).properties);
}

const input = props(schema).input;
const resize = props(input).resize;

test('the schema is draft-07 and validates nothing: the extension reports each spec problem once, with the fix', () => {
  assert.equal(schema.$schema, 'http://json-schema.org/draft-07/schema#');
  // `if` conditions only pick which completions apply; they never report a problem.
  const text = JSON.stringify(schema, (k, v: unknown) => (k === 'if' ? undefined : v));
  for (const keyword of ['required', 'type', 'enum', 'const', 'minimum', 'maximum', 'minItems', 'maxItems', 'pattern', 'additionalProperties', 'not']) {
    assert.doesNotMatch(text, new RegExp(`"${keyword}":`), `"${keyword}" would make VS Code repeat a problem the extension already reports`);
  }
});

test('every field of the Spec type has a description and a markdownDescription', () => {
  const expected: Record<string, string[]> = {
    model: ['path', 'format', 'inputName', 'outputName', 'signature'],
    input: ['width', 'height', 'colorOrder', 'resize', 'scale', 'mean', 'std', 'dtype', 'layout', 'applyExif', 'decoder', 'alpha'],
    'input.resize': ['library', 'method', 'fit', 'padValue', 'antialias', 'alignCorners', 'halfPixelCenters'],
    'input.alpha': ['mode', 'background'],
    output: ['kind', 'activation', 'threshold', 'labels', 'colors', 'topK'],
    tolerance: ['atol', 'rtol', 'mode'],
    limits: ['maxPixels'],
  };
  for (const [section, keys] of Object.entries(expected)) {
    const node = section.split('.').reduce<unknown>((n, k) => props(n)[k], schema);
    assert.deepEqual(Object.keys(props(node)), keys, section);
    for (const key of keys) {
      const field = obj(props(node)[key]);
      assert.equal(typeof field.description, 'string', `${section}.${key}`);
      assert.equal(typeof field.markdownDescription, 'string', `${section}.${key}`);
    }
  }
});

test('per-library method completions in the schema equal RESIZE_METHODS', () => {
  const rules = obj(resize).allOf as Json[];
  const seen = new Set<ResizeLibrary>();
  for (const rule of rules) {
    const condition = obj(obj(rule).if);
    const libSchema = condition.properties === undefined ? undefined : props(condition).library;
    const lib = libSchema && typeof libSchema === 'object' ? obj(libSchema).const : undefined;
    if (typeof lib !== 'string') continue;
    const method = obj(props(obj(rule).then).method);
    // Offered as completions (examples), not validated by the schema: the extension reports a wrong method once, with the fix.
    assert.deepEqual(method.examples, RESIZE_METHODS[lib as ResizeLibrary], lib);
    assert.equal(method.enum, undefined, lib);
    assert.equal(method.default, DEFAULT_RESIZE_METHOD[lib as ResizeLibrary]);
    seen.add(lib as ResizeLibrary);
  }
  assert.deepEqual([...seen], [...RESIZE_LIBRARIES]);
  assert.deepEqual(obj(props(resize).library).examples, [...RESIZE_LIBRARIES]);
});

test('schema defaults equal the parser defaults', () => {
  const d = SPEC_DEFAULTS;
  const i = props(input);
  assert.equal(obj(i.scale).default, d.input.scale);
  assert.equal(obj(i.colorOrder).default, d.input.colorOrder);
  assert.equal(obj(i.dtype).default, d.input.dtype);
  assert.equal(obj(i.layout).default, d.input.layout);
  assert.equal(obj(i.applyExif).default, d.input.applyExif);
  assert.equal(obj(props(resize).library).default, d.input.resize.library);
  assert.equal(obj(props(resize).fit).default, d.input.resize.fit);
  assert.equal(obj(props(resize).padValue).default, d.input.resize.padValue);
  assert.deepEqual(obj(props(i.alpha).background).default, d.input.alpha.background);
  const t = props(props(schema).tolerance);
  assert.equal(obj(t.atol).default, d.tolerance.atol);
  assert.equal(obj(t.rtol).default, d.tolerance.rtol);
  assert.equal(obj(props(props(schema).limits).maxPixels).default, d.limits.maxPixels);
  const o = props(props(schema).output);
  assert.equal(obj(o.threshold).default, d.output.threshold);
  assert.equal(obj(o.topK).default, d.output.topK);
  assert.equal(obj(o.kind).default, d.output.kind);
});

test("the fit completions equal the parser's fits and describes crop by the libraries that do it", () => {
  const fit = obj(props(resize).fit);
  assert.deepEqual(fit.examples, [...RESIZE_FITS]);
  assert.ok(RESIZE_FITS.includes('crop'));
  const md = fit.markdownEnumDescriptions as string[];
  const plain = fit.enumDescriptions as string[];
  assert.equal(md.length, RESIZE_FITS.length);
  assert.equal(plain.length, RESIZE_FITS.length);
  const crop = RESIZE_FITS.indexOf('crop');
  for (const text of [md[crop], plain[crop], String(fit.description)]) {
    assert.match(text, /ImageOps\.fit/);
    assert.match(text, /smart_resize/);
    assert.match(text, /cover/);
  }
});

test('the schema leaves cross-field checks to the extension, so each spec problem is reported once and never as "Matches a schema that is not allowed"', () => {
  const text = JSON.stringify(schema);
  assert.doesNotMatch(text, /"not":/, 'a "not" schema makes VS Code say "Matches a schema that is not allowed"');
  const thens: unknown[] = [];
  const walk = (n: unknown): void => {
    if (Array.isArray(n)) n.forEach(walk);
    else if (n && typeof n === 'object')
      for (const [k, v] of Object.entries(n)) {
        if (k === 'then' || k === 'else') thens.push(v);
        walk(v);
      }
  };
  walk(schema);
  for (const t of thens)
    assert.doesNotMatch(
      JSON.stringify(t),
      /"(enum|const|minItems|maxItems|minimum|maximum)":/,
      `a conditional branch validates: ${JSON.stringify(t).slice(0, 120)}`,
    );
});
