// Which files the lint host reads: languages, binary and size checks, include/exclude globs, spec field lookup.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  DEFAULT_EXCLUDE,
  DEFAULT_INCLUDE,
  decodeText,
  globSetting,
  joinGlobs,
  lintLanguageOfEditor,
  lintLanguageOfPath,
  looksBinary,
  looksLikePreprocessing,
} from '../../src/extension/lint/files';
import picomatch from 'picomatch';
import { globMatcher, globSearchPatterns } from '../../src/core/lint/glob';

const glob = (g: string) => ({ test: globMatcher([g]) });
import { summarize } from '../../src/extension/lint/latency';
import { findSpecField, splitSpecPath } from '../../src/extension/lint/spec-field';

test('source files map to the linter grammar by extension; Kotlin and .d.ts are not read', () => {
  assert.equal(lintLanguageOfPath('demo/src/preprocess.py'), 'python');
  assert.equal(lintLanguageOfPath('native/Pre.HPP'), 'cpp');
  assert.equal(lintLanguageOfPath('app/Preprocess.java'), 'java');
  assert.equal(lintLanguageOfPath('web/pre.mjs'), 'javascript');
  assert.equal(lintLanguageOfPath('web/App.tsx'), 'tsx');
  assert.equal(lintLanguageOfPath('web/pre.ts'), 'typescript');
  assert.equal(lintLanguageOfPath('types/index.d.ts'), undefined);
  assert.equal(lintLanguageOfPath('android/Pre.kt'), undefined);
  assert.equal(lintLanguageOfPath('Makefile'), undefined);
});

test('editor language ids map to grammars (TSX for typescriptreact); others are ignored', () => {
  assert.equal(lintLanguageOfEditor('python'), 'python');
  assert.equal(lintLanguageOfEditor('c'), 'cpp');
  assert.equal(lintLanguageOfEditor('typescriptreact'), 'tsx');
  assert.equal(lintLanguageOfEditor('json'), undefined);
  assert.equal(lintLanguageOfEditor('markdown'), undefined);
});

test('a NUL byte in the first 8 KB marks a file as binary; UTF-8 text with a BOM decodes without it', () => {
  assert.equal(looksBinary(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0x0d])), true);
  assert.equal(looksBinary(new TextEncoder().encode('import cv2\n')), false);
  assert.equal(decodeText(new Uint8Array([0xef, 0xbb, 0xbf, 0x61])), 'a');
});

test('default include/exclude globs pick sources and leave out node_modules, .venv, build and dist', () => {
  const inc = globMatcher(DEFAULT_INCLUDE);
  const exc = globMatcher(DEFAULT_EXCLUDE);
  assert.ok(inc('preprocess.py'));
  assert.ok(inc('demo/src/preprocess.cpp'));
  assert.ok(inc('a/b/Preprocess.java'));
  assert.ok(!inc('images/astronaut.png'));
  assert.ok(!inc('tensorparity.json'));
  assert.ok(exc('node_modules/sharp/lib/index.js'));
  assert.ok(exc('web/node_modules/x/y.ts'));
  assert.ok(exc('.venv/lib/python3.12/site-packages/cv2/__init__.py'));
  assert.ok(exc('build/gen.cpp'));
  assert.ok(!exc('src/builder.py'));
});

test('globs support *, ?, character classes and nested braces', () => {
  assert.ok(glob('src/*.py').test('src/a.py'));
  assert.ok(!glob('src/*.py').test('src/x/a.py'));
  assert.ok(glob('**/pre?.ts').test('a/b/pre1.ts'));
  assert.ok(glob('**/*.{c{c,pp},h}').test('x/y.cpp'));
  assert.ok(glob('**/[Pp]re*.java').test('P/Preprocess.java'));
  assert.ok(glob('**/*.py').test('top.py'));
});

test('glob settings keep strings only and fall back to the default when not an array', () => {
  assert.deepEqual(globSetting(['**/*.py', 3, '', null], DEFAULT_INCLUDE), ['**/*.py']);
  assert.deepEqual(globSetting('**/*.py', DEFAULT_INCLUDE), DEFAULT_INCLUDE);
  assert.equal(joinGlobs([]), undefined);
  assert.equal(joinGlobs(['a']), 'a');
  assert.equal(joinGlobs(['a', 'b']), '{a,b}');
});

test('the create-a-spec offer is only for files that use an image or ML library', () => {
  assert.ok(looksLikePreprocessing('import cv2\nimg = cv2.imread(p)\n'));
  assert.ok(looksLikePreprocessing('#include <opencv2/opencv.hpp>\ncv::Mat m;'));
  assert.ok(looksLikePreprocessing("import * as tf from '@tensorflow/tfjs';"));
  assert.ok(!looksLikePreprocessing('def add(a, b):\n    return a + b\n'));
});

const SPEC = `{
  "model": { "path": "m/model.json" },
  "input": {
    "width": 256,
    "height": 256,
    "mean": [0.485, 0.456, 0.406],
    "resize": { "library": "tf", "method": "bilinear" }
  }
}`;

test('a spec field is found at its value; a field left to its default points at the nearest written parent', () => {
  const w = findSpecField(SPEC, 'input.width')!;
  assert.equal(SPEC.slice(w.offset, w.offset + w.length), '256');
  assert.equal(w.exact, true);
  const m = findSpecField(SPEC, 'input.mean.1')!;
  assert.equal(SPEC.slice(m.offset, m.offset + m.length), '0.456');
  const missing = findSpecField(SPEC, 'input.resize.halfPixelCenters')!;
  assert.equal(missing.exact, false);
  assert.equal(missing.path, 'input.resize');
  assert.ok(SPEC.slice(missing.offset).startsWith('{ "library"'));
  assert.deepEqual(splitSpecPath('input.mean.2'), ['input', 'mean', 2]);
});

test('offsets count a byte-order mark like an editor; text that is not an object gives no location', () => {
  const w = findSpecField(`\ufeff${SPEC}`, 'input.width')!;
  assert.equal(`\ufeff${SPEC}`.slice(w.offset, w.offset + w.length), '256');
  assert.equal(findSpecField('[1, 2]', 'input.width'), undefined);
  assert.equal(findSpecField('', 'input.width'), undefined);
});

test('latency summaries give median, p95 and max', () => {
  assert.equal(summarize([]), undefined);
  assert.deepEqual(summarize([5, 1, 3, 2, 4]), { runs: 5, medianMs: 3, p95Ms: 5, maxMs: 5 });
});

test('the CLI and the extension share one glob matcher: a name pattern matches at any depth, a path pattern is anchored', () => {
  const m = globMatcher(['*.py', 'build', 'src/*.ts']);
  assert.ok(m('top.py') && m('a/b/c.py'), '*.py matches at any depth');
  assert.ok(m('build/x.cpp') && m('a/build/x.cpp'), 'a folder name matches what is inside, at any depth');
  assert.ok(m('src/a.ts') && !m('src/x/a.ts') && !m('lib/src/a.ts'), 'a pattern with "/" is anchored at the base folder');
  assert.ok(globMatcher(['**/.venv/**'])('p/.venv/lib/x.py'), 'dot folders are matched');
  assert.ok(!globMatcher([])('a.py') && !globMatcher(['  '])('a.py'), 'no patterns match nothing');
});

test('Lint Workspace searches with globs that find every file the settings include (99 pattern/path pairs)', () => {
  // findFiles anchors a pattern at the folder (picomatch without `basename` stands in for it); the settings' globs
  // follow the CLI's rules, so searching with them as written would miss name patterns below the top folder.
  const patterns = ['*.py', 'build', 'src/*.ts', '**/*.py', 'src', 'tests/**', '*.{py,cpp}', 'lib/**/*.js', '.venv'];
  const paths = [
    'top.py',
    'a/b/c.py',
    'src/a.ts',
    'src/x/a.ts',
    'lib/src/a.ts',
    'build/x.cpp',
    'a/build/x.cpp',
    'tests/t.py',
    'lib/a/b.js',
    'p/.venv/lib/x.py',
    'main.cpp',
  ];
  const anchored = (globs: readonly string[], p: string): boolean => globs.some((g) => picomatch(g, { dot: true })(p));
  let pairs = 0;
  let missedAsWritten = 0;
  for (const pattern of patterns) {
    const search = globSearchPatterns([pattern]);
    for (const p of paths) {
      pairs++;
      if (!globMatcher([pattern])(p)) continue;
      assert.ok(anchored(search, p), `${pattern} includes ${p}, so the search (${search.join(', ')}) must find it`);
      if (!anchored([pattern], p)) missedAsWritten++;
    }
  }
  assert.equal(pairs, 99);
  assert.ok(missedAsWritten >= 10, `searching with the patterns as written misses included files (${missedAsWritten})`);
  assert.deepEqual(globSearchPatterns([' ./src/*.ts ', '', 'build/', '*.py']), ['src/*.ts', 'src/*.ts/**', '**/build', '**/build/**', '**/*.py', '**/*.py/**']);
});
