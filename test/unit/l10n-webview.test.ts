// Translatable webview text: every button caption, heading, label and aria-label in webview/src goes through
// l10n.t (the @vscode/l10n package, configured from the panel's initial state), and a translated bundle sent by the
// host reaches the text a panel shows.

import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import ts from 'typescript';
import { parseCompareInitialState, parseModelsInitialState, parseResultInitialState, parseTensorInitialState } from '../../src/protocol';
import { compareMasks, describeDisagreement } from '../../webview/src/overlay-compare';
import { probe, probeRows } from '../../webview/src/overlay-probe';
import { useBundle } from '../../webview/src/translate';

const ROOT = path.resolve(__dirname, '../../..');
const WEBVIEW = path.join(ROOT, 'webview/src');

/** Attributes whose value a person reads or hears; every other attribute (class, id, role, data-…) is not text. */
const VISIBLE_ATTRS = new Set(['aria-label', 'aria-valuetext', 'title', 'placeholder', 'alt', 'label']);
/** Calls whose arguments are not UI text: element names, events, classes, styles, the host's log, developer errors. */
const NOT_TEXT_CALLS =
  /(^|\.)(createElement|createElementNS|querySelector|querySelectorAll|getElementById|byId|addEventListener|removeEventListener|contains|add|remove|toggle|getPropertyValue|setProperty|removeAttribute|getContext|toBlob|createPattern|toLocaleString|notify|postMessage|startsWith|endsWith|includes|split|join|replace|test|padStart|layerCanvas|paintValues|colorRange|colorbar|canvasFor|planeAxes|log|warn|error|debug|info)$/;
/** Text that is the same in every language: the product's name, units, symbols, acronyms, CSS values. */
const SAME_IN_EVERY_LANGUAGE = /^(Tensor Parity|NaN|RGBA?|NHWC|NCHW|HWC|CHW|PNG|KiB|MiB|GiB|[-+±]?inf|[-+−]?Inf|\W*)$|^(linear-gradient|rgba?)\(/;
/** Two words in a row, or a capitalised word: what a person reads (not an id, a class list is caught separately). */
const LOOKS_LIKE_TEXT = /[A-Za-z]{2,}[,:;.]? +[A-Za-z]{2,}|(^|[^A-Za-z-])[A-Z][a-z]+|^[A-Z]{2,}$/;

function literalText(node: ts.StringLiteral | ts.NoSubstitutionTemplateLiteral | ts.TemplateExpression): string {
  return ts.isTemplateExpression(node) ? [node.head.text, ...node.templateSpans.map((s) => s.literal.text)].join(' ') : node.text;
}

function calleeName(call: ts.CallExpression | ts.NewExpression, sf: ts.SourceFile): string {
  return call.expression.getText(sf);
}

/** True when the literal is in a place a person never sees: attribute names/values that are not text, classes, events, … */
function notUiPosition(node: ts.Node, sf: ts.SourceFile): boolean {
  let child: ts.Node = node;
  for (let n: ts.Node | undefined = node.parent; n; child = n, n = n.parent) {
    if (ts.isImportDeclaration(n) || ts.isExportDeclaration(n) || ts.isTypeNode(n) || ts.isLiteralTypeNode(n)) return true;
    if (ts.isCaseClause(n) && n.expression === child) return true;
    if (ts.isBinaryExpression(n) && ['===', '!==', '==', '!=', 'in'].includes(n.operatorToken.getText(sf))) return true;
    if (ts.isElementAccessExpression(n) && n.argumentExpression === child) return true;
    if (ts.isNewExpression(n) && /(^|\.)(Error|RegExp|Set|Map)$/.test(calleeName(n, sf))) return true;
    if (ts.isCallExpression(n)) {
      const name = calleeName(n, sf);
      if (/(^|\.)l10n\.t$/.test(name)) return n.arguments[0] === child;
      if (NOT_TEXT_CALLS.test(name)) return true;
      if (/(^|\.)setAttribute$/.test(name)) return !VISIBLE_ATTRS.has(n.arguments[0]?.getText(sf).replace(/['"]/g, '') ?? '');
      if (/^h$/.test(name) && n.arguments[0] === child) return true; // the element name
      if (/(^|\.)(h|append)$/.test(name)) return false; // a child of an element: text
    }
    if (ts.isPropertyAssignment(n)) {
      if (n.name === child || n.name.getText(sf) === 'name') return true; // a key, or a panel's name for the host's log
      if (ts.isObjectLiteralExpression(n.parent) && ts.isCallExpression(n.parent.parent) && /^h$/.test(calleeName(n.parent.parent, sf))) {
        return !VISIBLE_ATTRS.has(n.name.getText(sf).replace(/['"]/g, ''));
      }
    }
    if (ts.isBinaryExpression(n) && n.operatorToken.kind === ts.SyntaxKind.EqualsToken) {
      const target = n.left.getText(sf);
      if (/\.(dataset\.\w+|style\.\w+|id|className|fillStyle|strokeStyle|imageSmoothingQuality|value|type)$/.test(target)) return true;
    }
    if (ts.isExpressionStatement(n) || ts.isBlock(n) || ts.isSourceFile(n)) return false;
  }
  return false;
}

/** Parameters that carry text a person reads, by name (`button(id, label)`, `row(term, id, value)`, …). */
const TEXT_PARAM = /^(label|term|title|heading|caption|captionText|hint|text|message|tooltip)$/;

/** Parameter names of every function declared in webview/src (declarations and `const f = (…) =>`), by function name. */
function webviewParams(files: { name: string; source: string }[]): Map<string, string[]> {
  const params = new Map<string, string[]>();
  for (const { name, source } of files) {
    const sf = ts.createSourceFile(name, source, ts.ScriptTarget.Latest, true);
    const visit = (node: ts.Node): void => {
      if (ts.isFunctionDeclaration(node) && node.name)
        params.set(
          node.name.text,
          node.parameters.map((p) => p.name.getText(sf)),
        );
      if (
        ts.isVariableDeclaration(node) &&
        ts.isIdentifier(node.name) &&
        node.initializer &&
        (ts.isArrowFunction(node.initializer) || ts.isFunctionExpression(node.initializer))
      ) {
        params.set(
          node.name.text,
          node.initializer.parameters.map((p) => p.name.getText(sf)),
        );
      }
      ts.forEachChild(node, visit);
    };
    visit(sf);
  }
  return params;
}

/**
 * A literal that is itself an element's text (an h() child), a node's textContent, or the argument of a webview
 * function's text parameter (`row('min', …)`, `button(id, 'Open')`): any word there is UI text.
 */
function inTextSlot(node: ts.Node, sf: ts.SourceFile, params: Map<string, string[]>): boolean {
  let child: ts.Node = node;
  let n = node.parent;
  while (
    ts.isConditionalExpression(n) ||
    ts.isParenthesizedExpression(n) ||
    (ts.isBinaryExpression(n) && n.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken)
  ) {
    child = n;
    n = n.parent;
  }
  if (ts.isCallExpression(n) && calleeName(n, sf) === 'h') return n.arguments.indexOf(child as ts.Expression) >= 2;
  if (ts.isCallExpression(n) && ts.isIdentifier(n.expression)) {
    const names = params.get(n.expression.text) ?? [];
    return TEXT_PARAM.test(names[n.arguments.indexOf(child as ts.Expression)] ?? '');
  }
  if (ts.isArrayLiteralExpression(n) && n.elements[0] === child && ts.isCallExpression(n.parent) && /\.push$/.test(calleeName(n.parent, sf))) {
    return true; // rows.push(['Term', value]): a description-list term
  }
  return ts.isBinaryExpression(n) && n.right === child && /\.textContent$/.test(n.left.getText(sf));
}

/** The literals of one webview source text that a person would read without a translation. */
function untranslatedIn(name: string, source: string, params = webviewParams([{ name, source }])): string[] {
  const found: string[] = [];
  const sf = ts.createSourceFile(name, source, ts.ScriptTarget.Latest, true);
  const visit = (node: ts.Node): void => {
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node) || ts.isTemplateExpression(node)) {
      const text = literalText(node);
      const classList = /^(tp-[\w-]+ ?)+$/.test(text.trim());
      const isText = LOOKS_LIKE_TEXT.test(text) || (/[A-Za-z]{2,}/.test(text) && inTextSlot(node, sf, params));
      if (isText && !classList && !SAME_IN_EVERY_LANGUAGE.test(text) && !notUiPosition(node, sf)) {
        found.push(`webview/src/${name}:${sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1}: ${node.getText(sf).slice(0, 90)}`);
      }
      if (ts.isTemplateExpression(node)) ts.forEachChild(node, visit);
      return;
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return found;
}

function untranslatedInWebview(): string[] {
  const files = fs
    .readdirSync(WEBVIEW)
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))
    .map((name) => ({ name, source: fs.readFileSync(path.join(WEBVIEW, name), 'utf8') }));
  const params = webviewParams(files);
  return files.flatMap((f) => untranslatedIn(f.name, f.source, params));
}

test('every button caption, heading, label and aria-label in webview/src goes through l10n.t', () => {
  assert.deepEqual(untranslatedInWebview(), []);
});

test('the check catches a bare caption, heading, aria-label or label and lets classes, ids, events and log text pass', () => {
  const source = [
    "const a = h('vscode-button', { id: 'tp-go', class: 'tp-action tp-wide', 'data-kind': 'open file' }, 'Open Spec');",
    "const b = h('h2', {}, 'Metrics');",
    "const c = h('canvas', { role: 'img', 'aria-label': `Heatmap of channel ${n}` });",
    "const d = { showLog: 'Show Log' };",
    "el.textContent = ok ? 'done' : l10n.t('failed');",
    "el.setAttribute('aria-label', 'Zoom level');",
    "el.addEventListener('pointer down', f); el.classList.add('tp-a tp-b'); el.dataset.state = 'not run';",
    "channel.notify({ type: 'error', message: 'The panel dropped a message' }); connectPanel({ name: 'result panel' });",
    "if (mode === 'side by side') throw new Error('The panel is missing element');",
    "const e = h('p', {}, l10n.t('Already translated {0}', x), 'NaN', 'Tensor Parity');",
    "function row(term: string, id: string, value: string) {} row('min', 'tp-min', 'none'); rows.push(['shape', 'tp-x']);",
  ].join('\n');
  assert.deepEqual(
    untranslatedIn('sample.ts', source).map((f) => f.replace(/^webview\/src\/sample\.ts:/, '')),
    ["1: 'Open Spec'", "2: 'Metrics'", '3: `Heatmap of channel ${n}`', "4: 'Show Log'", "5: 'done'", "6: 'Zoom level'", "11: 'min'", "11: 'shape'"],
  );
});

// A fake German bundle as vscode.l10n.bundle would give it (English message → translation).
const GERMAN: Record<string, string> = {
  'Image pixel': 'Bildpixel',
  'Output pixel': 'Ausgabepixel',
  Class: 'Klasse',
  'The masks disagree on {0} of pixels ({1} of {2}): {3}.': 'Die Masken weichen bei {0} der Pixel ab ({1} von {2}): {3}.',
  '{0} now {1}, was {2}': '{0} jetzt {1}, vorher {2}',
};

const probeSource = {
  geometry: { imageWidth: 2, imageHeight: 1, maskWidth: 2, maskHeight: 1 },
  image: { pixels: Uint8Array.from([1, 2, 3, 4, 5, 6]), channels: 3 },
  labels: Uint8Array.from([0, 1]),
  probabilities: Float32Array.from([0.9, 0.1, 0.2, 0.8]),
  probabilityChannels: 2,
  classNames: ['background', 'person'],
};

test("a translated bundle in a panel's initial state reaches the text the panel shows", () => {
  const html = JSON.stringify({ title: 'Tensor Parity: cat.jpg', files: [{ name: 'cat.jpg', path: '/w/cat.jpg' }], l10nBundle: GERMAN });
  const initial = parseResultInitialState(html);
  assert.ok(initial, 'the initial state with a bundle is valid');
  assert.deepEqual(initial.l10nBundle, GERMAN);
  const readout = probe(probeSource, 1, 0);
  assert.ok(readout);
  try {
    useBundle(initial.l10nBundle);
    const terms = probeRows(readout).map(([term]) => term);
    assert.deepEqual(terms.slice(0, 4), ['Bildpixel', 'RGB', 'Ausgabepixel', 'Klasse']);
    assert.equal(terms[4], 'Probabilities', 'a message the bundle lacks stays English');
    const d = compareMasks({ labels: Uint8Array.from([1, 1, 0, 0]), width: 2, height: 2 }, { labels: Uint8Array.from([0, 1, 0, 0]), width: 2, height: 2 });
    assert.equal(
      describeDisagreement(d, (i) => ['Hintergrund', 'Person'][i]),
      'Die Masken weichen bei 25.0% der Pixel ab (1 von 4): 1 jetzt Person, vorher Hintergrund.',
    );
  } finally {
    useBundle({});
  }
  assert.equal(probeRows(readout)[0][0], 'Image pixel', 'English again without a bundle');
});

test('every panel reads `l10nBundle` from its initial state, absent in English, and rejects a malformed one', () => {
  const states: [string, (json: string) => object | undefined, Record<string, unknown>][] = [
    ['result', parseResultInitialState, { title: 't', files: [] }],
    ['compare', parseCompareInitialState, { title: 't', restore: { origin: 'files', a: '/a.npy', b: '/b.npy' } }],
    ['models', parseModelsInitialState, { title: 't', restore: { a: '/a.tflite', b: '/b.json', input: '/x.png', inputKind: 'image' } }],
    ['tensor', parseTensorInitialState, { fileName: 'x.npy', path: '/x.npy' }],
  ];
  for (const [name, parse, base] of states) {
    assert.ok(parse(JSON.stringify(base)), `${name}: English (no bundle)`);
    assert.deepEqual(parse(JSON.stringify({ ...base, l10nBundle: GERMAN })), { ...base, l10nBundle: GERMAN }, `${name}: with a bundle`);
    for (const bad of [[], 'Bildpixel', { 'Image pixel': 3 }, { 'Image pixel': { message: 'x' } }, null, { x: 'y'.repeat(10_001) }]) {
      assert.equal(parse(JSON.stringify({ ...base, l10nBundle: bad })), undefined, `${name}: ${JSON.stringify(bad).slice(0, 40)}`);
    }
    assert.equal(parse(JSON.stringify({ ...base, l10n: GERMAN })), undefined, `${name}: the field has one name`);
  }
});
