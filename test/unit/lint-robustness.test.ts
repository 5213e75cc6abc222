// The linter never throws on bad code: truncated files, deleted characters, deep nesting, huge lines, odd input.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { FIXTURES, linter, specWith } from './lint-test-helpers';
import type { LintLanguageId } from '../../src/core/lint/types';

const LANG: Record<string, LintLanguageId> = {
  '.py': 'python',
  '.cpp': 'cpp',
  '.java': 'java',
  '.js': 'javascript',
  '.ts': 'typescript',
  '.tsx': 'tsx',
};

function fixtures(): string[] {
  const out: string[] = [];
  for (const dir of fs.readdirSync(FIXTURES)) {
    const full = path.join(FIXTURES, dir);
    if (!fs.statSync(full).isDirectory()) continue;
    for (const f of fs.readdirSync(full)) if (LANG[path.extname(f)]) out.push(path.join(full, f));
  }
  return out.sort();
}

test('every fixture cut at 8 places, and with characters deleted, lints without throwing', async () => {
  const l = await linter();
  const spec = specWith({});
  for (const file of fixtures()) {
    const text = fs.readFileSync(file, 'utf8');
    const languageId = LANG[path.extname(file)];
    for (let k = 1; k <= 8; k++) {
      const cut = Math.floor((text.length * k) / 9);
      const variants = [text.slice(0, cut), text.slice(0, cut) + text.slice(cut + 7), text.slice(cut)];
      for (const v of variants) {
        const findings = l.lint({ uri: 'robust', languageId, text: v }, spec);
        assert.ok(Array.isArray(findings), `${path.basename(file)} at ${cut}`);
      }
    }
    l.close('robust');
  }
});

test('deep nesting, very long lines and binary-looking text do not throw', async () => {
  const l = await linter();
  const spec = specWith({});
  const deep = `import cv2\nx = ${'('.repeat(3000)}1${')'.repeat(3000)}\ny = cv2.resize(img, (1, 1))\n`;
  const deepFindings = l.lint({ uri: 'deep', languageId: 'python', text: deep }, spec);
  assert.ok(
    deepFindings.some((f) => f.code === 'TP201'),
    'code after a deeply nested line is still linted',
  );
  const chain = `const x = tf.browser.fromPixels(img)${'.div(1)'.repeat(2000)};\nmodel.predict(x);\n`;
  assert.ok(Array.isArray(l.lint({ uri: 'chain', languageId: 'javascript', text: chain }, spec)));
  const long = `import cv2\nx = [${'1, '.repeat(50000)}1]\n`;
  assert.ok(Array.isArray(l.lint({ uri: 'long', languageId: 'python', text: long }, spec)));
  const junk = '\u0000\u0001\uffff\ud800 cv2.resize(img, (1, 1)) }}}{{{ ]]][[[ """ \'\'\' /* //';
  for (const languageId of ['python', 'cpp', 'java', 'javascript', 'typescript', 'tsx'] as LintLanguageId[]) {
    assert.ok(Array.isArray(l.lint({ uri: `junk-${languageId}`, languageId, text: junk }, spec)));
  }
});
