// Writes l10n/bundle.l10n.json, the English bundle of every vscode.l10n.t('…') message in src/extension and every
// l10n.t('…') message of the panels in webview/src (@vscode/l10n, which reads the same bundle; what
// `npx @vscode/l10n-dev export` makes; that package is not installed here). Translators copy it to
// bundle.l10n.<locale>.json and translate the values. Usage: node scripts/l10n-export.mjs [--check]
// --check writes nothing and exits 1 when the committed bundle differs from the source (CI, the unit test).
import { readdirSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';

const root = new URL('..', import.meta.url).pathname;

function sourceFiles(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sourceFiles(join(dir, e.name)) : e.name.endsWith('.ts') && !e.name.endsWith('.d.ts') ? [join(dir, e.name)] : [],
  );
}

/** Every message of an `l10n.t(...)` call under src/extension and webview/src, in source order; non-literal messages are errors. */
function extractMessages() {
  const messages = [];
  const problems = [];
  for (const file of [...sourceFiles(join(root, 'src/extension')), ...sourceFiles(join(root, 'webview/src'))]) {
    const text = readFileSync(file, 'utf8');
    const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
    // `const t = vscode.l10n.t;` makes plain t(...) calls messages too.
    const alias = /\bconst t = vscode\.l10n\.t;/.test(text);
    const visit = (node) => {
      if (
        ts.isCallExpression(node) &&
        ((ts.isPropertyAccessExpression(node.expression) && node.expression.name.text === 't' && /(^|\.)l10n$/.test(node.expression.expression.getText(sf))) ||
          (alias && ts.isIdentifier(node.expression) && node.expression.text === 't'))
      ) {
        const arg = node.arguments[0];
        if (arg && (ts.isStringLiteral(arg) || ts.isNoSubstitutionTemplateLiteral(arg))) messages.push(arg.text);
        else {
          const { line } = sf.getLineAndCharacterOfPosition(node.getStart(sf));
          problems.push(`${relative(root, file)}:${line + 1}: l10n.t needs a string literal message (use {0} placeholders).`);
        }
      }
      ts.forEachChild(node, visit);
    };
    visit(sf);
  }
  return { messages, problems };
}

const { messages, problems } = extractMessages();
if (problems.length) {
  console.error(problems.join('\n'));
  process.exit(1);
}
const bundle = Object.fromEntries([...new Set(messages)].sort().map((m) => [m, m]));
const text = `${JSON.stringify(bundle, null, 2)}\n`;
const out = join(root, 'l10n/bundle.l10n.json');
if (process.argv.includes('--check')) {
  let old = '';
  try {
    old = readFileSync(out, 'utf8');
  } catch {
    /* missing: differs */
  }
  if (old !== text) {
    console.error('l10n/bundle.l10n.json is out of date: run `npm run l10n`.');
    process.exit(1);
  }
  console.log(`l10n/bundle.l10n.json is up to date (${Object.keys(bundle).length} messages).`);
} else {
  mkdirSync(join(root, 'l10n'), { recursive: true });
  writeFileSync(out, text);
  console.log(`Wrote l10n/bundle.l10n.json (${Object.keys(bundle).length} messages).`);
}
