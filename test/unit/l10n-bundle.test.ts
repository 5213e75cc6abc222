// Translatable extension strings: every vscode.l10n.t message in src/extension is a literal that is in the English
// bundle (l10n/bundle.l10n.json, which package.json's "l10n" points at), with an argument for each {n} placeholder.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import ts from 'typescript';

const ROOT = path.resolve(__dirname, '../../..');

interface Call {
  where: string;
  message?: string;
  args: number;
}

function sourceFiles(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? sourceFiles(path.join(dir, e.name)) : e.name.endsWith('.ts') ? [path.join(dir, e.name)] : []));
}

function l10nCalls(): Call[] {
  const calls: Call[] = [];
  for (const file of sourceFiles(path.join(ROOT, 'src/extension'))) {
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
  assert.ok(calls.length > 100, `only ${calls.length} l10n.t calls found in src/extension`);
});

test('every l10n.t message in src/extension is a literal that is in l10n/bundle.l10n.json', () => {
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
