// Translatable extension strings: every vscode.l10n.t message in src/extension (and l10n.t message of the panels in
// webview/src, see l10n-webview.test.ts) is a literal that is in the English bundle (l10n/bundle.l10n.json, which package.json's "l10n" points at), with an argument for each {n} placeholder.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import ts from 'typescript';
import { diffTensors } from '../../src/core/diff/diff';
import type { NdArray } from '../../src/core/tensor/types';
import { metricsOf } from '../../src/extension/compare/payload';
import { describeError } from '../../src/extension/errors';
import * as l10n from '../../src/extension/l10n';
import { runtimeLine } from '../../src/extension/models/payload';
import { labelName } from '../../src/extension/result/payload';

const ROOT = path.resolve(__dirname, '../../..');

interface Call {
  where: string;
  message?: string;
  args: number;
}

function sourceFiles(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((e) =>
      e.isDirectory() ? sourceFiles(path.join(dir, e.name)) : e.name.endsWith('.ts') && !e.name.endsWith('.d.ts') ? [path.join(dir, e.name)] : [],
    );
}

function l10nCalls(): Call[] {
  const calls: Call[] = [];
  for (const file of [...sourceFiles(path.join(ROOT, 'src/extension')), ...sourceFiles(path.join(ROOT, 'webview/src'))]) {
    const text = fs.readFileSync(file, 'utf8');
    const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
    const alias = /\bconst t = vscode\.l10n\.t;/.test(text); // t(...) is l10n.t(...) in this file
    const visit = (node: ts.Node): void => {
      if (
        ts.isCallExpression(node) &&
        ((ts.isPropertyAccessExpression(node.expression) && node.expression.name.text === 't' && /(^|\.)l10n$/.test(node.expression.expression.getText(sf))) ||
          (alias && ts.isIdentifier(node.expression) && node.expression.text === 't'))
      ) {
        const arg = node.arguments[0];
        const line = sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1;
        const message = arg && (ts.isStringLiteral(arg) || ts.isNoSubstitutionTemplateLiteral(arg)) ? arg.text : undefined;
        calls.push({
          where: `${path.relative(ROOT, file)}:${line}`,
          ...(message !== undefined ? { message } : {}),
          args: node.arguments.length - 1,
        });
      }
      ts.forEachChild(node, visit);
    };
    visit(sf);
  }
  return calls;
}

const calls = l10nCalls();
const bundle = JSON.parse(fs.readFileSync(path.join(ROOT, 'l10n/bundle.l10n.json'), 'utf8')) as Record<string, string>;

test('package.json points VS Code at the l10n folder that holds the English bundle', () => {
  const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { l10n?: string };
  assert.equal(pkg.l10n, './l10n');
  const webview = calls.filter((c) => c.where.startsWith('webview/')).length;
  assert.ok(calls.length - webview > 100, `only ${calls.length - webview} l10n.t calls found in src/extension`);
  assert.ok(webview > 200, `only ${webview} l10n.t calls found in webview/src`);
});

test('every l10n.t message in src/extension and webview/src is a literal that is in l10n/bundle.l10n.json', () => {
  const missing = calls.filter((c) => c.message === undefined || !(c.message in bundle)).map((c) => `${c.where}: ${c.message ?? '(not a literal)'}`);
  assert.deepEqual(missing, [], 'run `npm run l10n` to regenerate the bundle');
});

test('the bundle has no stale messages and each English value is its key', () => {
  const used = new Set(calls.map((c) => c.message));
  assert.deepEqual(
    Object.keys(bundle).filter((k) => !used.has(k)),
    [],
  );
  for (const [k, v] of Object.entries(bundle)) assert.equal(v, k);
});

test('every {n} placeholder in a message has an argument, and no argument is left unused', () => {
  for (const c of calls) {
    if (c.message === undefined) continue;
    const indices = [...c.message.matchAll(/\{(\d+)\}/g)].map((m) => Number(m[1]));
    const needed = indices.length ? Math.max(...indices) + 1 : 0;
    assert.equal(c.args, needed, `${c.where}: "${c.message}" has ${c.args} argument(s) for ${needed} placeholder(s)`);
  }
});

// The files whose user-visible text was moved to l10n.t (the payload builders, the error text, the tensor viewer,
// the model comparison from the diff panel, saving, the spec and lint diagnostics):
// no natural-language literal there may reach a user without going through l10n.t. Log lines and comments may stay.
const TRANSLATED_FILES = [
  'src/extension/errors.ts',
  'src/extension/compare/payload.ts',
  'src/extension/compare/panel.ts',
  'src/extension/result/payload.ts',
  'src/extension/models/payload.ts',
  'src/extension/models/panel.ts',
  'src/extension/tensor-viewer/document.ts',
  'src/extension/tensor-viewer/editor.ts',
  'src/extension/tensor-viewer/preview.ts',
  'src/extension/compare/models.ts',
  'src/extension/compare/run.ts',
  'src/extension/models/run.ts',
  'src/extension/models/workspace.ts',
  'src/extension/panel/save.ts',
  'src/extension/spec/spec-manager.ts',
  'src/extension/lint/diagnostics.ts',
  'src/extension/lint/linter-loader.ts',
];

/** Two words of letters in a row: text a person reads (not an id, a key, a unit or a format like "{0} at [{1}]"). */
const WORDS = /[A-Za-z]{2,}[,:;]? +[A-Za-z]{2,}/;

function isL10nMessage(node: ts.Node, sf: ts.SourceFile): boolean {
  const call = node.parent;
  return (
    ts.isCallExpression(call) &&
    call.arguments[0] === node &&
    ts.isPropertyAccessExpression(call.expression) &&
    call.expression.name.text === 't' &&
    /(^|\.)l10n$/.test(call.expression.expression.getText(sf))
  );
}

/** Inside a log call (log.info/warn/error…, this.log…, host.log…) or a log-only field: for the output channel, not translated. */
function inLogCall(node: ts.Node, sf: ts.SourceFile): boolean {
  for (let n: ts.Node | undefined = node.parent; n; n = n.parent) {
    if (ts.isCallExpression(n) && /(^|\.)log\.(trace|debug|info|warn|error)$|\.logText$/.test(n.expression.getText(sf))) return true;
    if (ts.isPropertyAssignment(n) && ['logText', 'name'].includes(n.name.getText(sf))) return true;
  }
  return false;
}

/** Text that is not translated: the product's name, and what only reaches the log (errors.ts's `detail` of a cancellation). */
const NOT_TRANSLATED = new Set(['Tensor Parity', 'cancelled by the user']);

function untranslated(file: string): string[] {
  const text = fs.readFileSync(path.join(ROOT, file), 'utf8');
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const found: string[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) || ts.isExportDeclaration(node) || ts.isTypeNode(node)) return;
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node) || ts.isTemplateExpression(node)) {
      const literal = ts.isTemplateExpression(node) ? [node.head.text, ...node.templateSpans.map((s) => s.literal.text)].join(' ') : node.text;
      if (WORDS.test(literal) && !NOT_TRANSLATED.has(literal) && !isL10nMessage(node, sf) && !inLogCall(node, sf)) {
        found.push(`${file}:${sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1}: ${node.getText(sf).slice(0, 80)}`);
      }
      if (ts.isTemplateExpression(node)) ts.forEachChild(node, visit);
      return;
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return found;
}

test('the payload builders, error text and tensor viewer pass every sentence a user reads through l10n.t', () => {
  assert.deepEqual(TRANSLATED_FILES.flatMap(untranslated), []);
});

const REPORT = (() => {
  const a: NdArray = { dtype: 'float32', shape: [2, 3], data: Float32Array.from([0, 1, 2, 3, 4, NaN]) };
  const b: NdArray = { dtype: 'float32', shape: [2, 3], data: Float32Array.from([0, 1, 2.5, 3, 4, 5]) };
  return diffTensors(a, b, { atol: 1e-5, rtol: 1e-5, mode: 'allclose' });
})();

test('l10n.t in vscode-free modules formats the English message until the extension routes it to vscode.l10n.t', () => {
  assert.equal(l10n.t('{0} of {1} ({2}%)', '3', '12', 25), '3 of 12 (25%)');
  assert.equal(l10n.formatMessage('kept {1} and {0}, not {2}', 'a', 'b'), 'kept b and a, not {2}');
  const labels = metricsOf(REPORT).map((m) => m.label);
  assert.ok(labels.includes('Shapes') && labels.includes('Tolerance that passes'), labels.join(', '));
  l10n.useTranslator((message, ...args) => `«${l10n.formatMessage(message, ...args)}»`);
  try {
    assert.ok(
      metricsOf(REPORT)
        .filter((m) => !['rmse', 'snr', 'psnr'].includes(m.id)) // acronyms, the same in every language
        .every((m) => m.label.startsWith('«')),
      'every metric label with words goes through the translator',
    );
    assert.equal(describeError(new Error('boom')).message, '«Inference failed: boom. The Tensor Parity log has the details.»');
    assert.equal(describeError(new Error('bad.'), 'comparison').message, '«The comparison failed: bad. The Tensor Parity log has the details.»');
    assert.equal(labelName([], 3), '«class 3»');
    assert.equal(runtimeLine({ label: 'a', runtime: 'X' }, { label: 'b', runtime: 'X' }), '«both on X»');
  } finally {
    l10n.useTranslator(l10n.formatMessage);
  }
});
