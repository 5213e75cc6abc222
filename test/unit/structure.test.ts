// The codebase keeps one way of doing each thing (issue #16): these checks fail when it drifts. Sources are parsed
// with the TypeScript compiler, never run.

import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import ts from 'typescript';

const ROOT = path.resolve(__dirname, '../../..');

/** Every .ts file under `dir` (relative to the repository, forward slashes), declaration files left out. */
function tsFiles(dir: string): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true })) {
    const rel = `${dir}/${e.name}`;
    if (e.isDirectory()) out.push(...tsFiles(rel));
    else if (e.name.endsWith('.ts') && !e.name.endsWith('.d.ts')) out.push(rel);
  }
  return out;
}

const SOURCES = [...tsFiles('src'), ...tsFiles('webview/src')];
const parsed = new Map<string, ts.SourceFile>();

function sourceOf(file: string): ts.SourceFile {
  let sf = parsed.get(file);
  if (!sf) {
    sf = ts.createSourceFile(file, fs.readFileSync(path.join(ROOT, file), 'utf8'), ts.ScriptTarget.ES2022, true);
    parsed.set(file, sf);
  }
  return sf;
}

function isExported(st: ts.Statement): boolean {
  return ts.canHaveModifiers(st) && (ts.getModifiers(st) ?? []).some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
}

/** The module a relative specifier names, as a repository path, or undefined for a package. */
function resolveImport(from: string, spec: string): string | undefined {
  if (!spec.startsWith('.')) return undefined;
  const base = path.posix.join(path.posix.dirname(from), spec);
  return [`${base}.ts`, `${base}/index.ts`].find((c) => fs.existsSync(path.join(ROOT, c)));
}

/** Names used as values (not only in types) in a file: an import used only in types is erased and loads nothing. */
function valueNames(sf: ts.SourceFile): Set<string> {
  const names = new Set<string>();
  const walk = (n: ts.Node, inType: boolean): void => {
    const typeOnly =
      inType || ts.isTypeNode(n) || ts.isInterfaceDeclaration(n) || ts.isTypeAliasDeclaration(n) || ts.isImportDeclaration(n) || ts.isExportDeclaration(n);
    if (ts.isIdentifier(n) && !typeOnly) names.add(n.text);
    ts.forEachChild(n, (c) => walk(c, typeOnly));
  };
  walk(sf, false);
  return names;
}

/** The modules a file loads when it runs. */
function runtimeImports(file: string): string[] {
  const sf = sourceOf(file);
  const used = valueNames(sf);
  const out = new Set<string>();
  for (const st of sf.statements) {
    if (!(ts.isImportDeclaration(st) || ts.isExportDeclaration(st)) || !st.moduleSpecifier || !ts.isStringLiteral(st.moduleSpecifier)) continue;
    const to = resolveImport(file, st.moduleSpecifier.text);
    if (!to) continue;
    if (ts.isExportDeclaration(st)) {
      const named = st.exportClause && ts.isNamedExports(st.exportClause) ? st.exportClause.elements : undefined;
      if (!st.isTypeOnly && !(named && named.every((e) => e.isTypeOnly))) out.add(to);
      continue;
    }
    const clause = st.importClause;
    if (!clause) {
      out.add(to);
      continue;
    }
    if (clause.isTypeOnly) continue;
    const names: string[] = clause.name ? [clause.name.text] : [];
    const b = clause.namedBindings;
    if (b && ts.isNamespaceImport(b)) names.push(b.name.text);
    else if (b) names.push(...b.elements.filter((e) => !e.isTypeOnly).map((e) => e.name.text));
    if (names.some((n) => used.has(n))) out.add(to);
  }
  return [...out];
}

test('no runtime import cycles in src/ and webview/src (imports used only in types excluded)', () => {
  const graph = new Map(SOURCES.map((f) => [f, runtimeImports(f)]));
  const state = new Map<string, 'open' | 'done'>();
  const cycles: string[] = [];
  const visit = (f: string, trail: string[]): void => {
    state.set(f, 'open');
    for (const to of graph.get(f) ?? []) {
      if (state.get(to) === 'open') cycles.push([...trail.slice(trail.indexOf(to)), to].join(' -> '));
      else if (!state.has(to)) visit(to, [...trail, to]);
    }
    state.set(f, 'done');
  };
  for (const f of SOURCES) if (!state.has(f)) visit(f, [f]);
  assert.deepEqual(cycles, []);
});

test("no 'as unknown as' in src/ or webview/src: narrow with a guard or widen to object first", () => {
  const hits = SOURCES.filter((f) => /\bas unknown as\b/.test(fs.readFileSync(path.join(ROOT, f), 'utf8')));
  assert.deepEqual(hits, []);
});

test('the linter keeps per-pass facts in memo tags, not WeakMaps (a young-generation GC keeps WeakMap entries alive)', () => {
  // Allowed: tables keyed by a grammar (TS.Language), which live as long as the parser does.
  const hits = tsFiles('src/core/lint').flatMap((f) =>
    fs
      .readFileSync(path.join(ROOT, f), 'utf8')
      .split('\n')
      .map((line, i) => ({ line, at: `${f}:${i + 1}` }))
      .filter(({ line }) => /new Weak(Map|Set)\b/.test(line) && !/new WeakMap<TS\.Language,/.test(line))
      .map(({ at }) => at),
  );
  assert.deepEqual(hits, []);
});

test('every exported declaration has a /** */ doc comment', () => {
  const missing: string[] = [];
  for (const file of SOURCES) {
    const sf = sourceOf(file);
    let previous: ts.Statement | undefined;
    for (const st of sf.statements) {
      const overload = ts.isFunctionDeclaration(st) && previous && ts.isFunctionDeclaration(previous) && previous.name?.text === st.name?.text;
      previous = st;
      if (!isExported(st) || overload) continue;
      if (ts.getJSDocCommentsAndTags(st).length > 0) continue;
      missing.push(`${file}:${sf.getLineAndCharacterOfPosition(st.getStart()).line + 1}`);
    }
  }
  assert.deepEqual(missing, []);
});

test('only index.ts files (a capability entry point) and the tfjs bundle entry re-export other modules', () => {
  const reexports: string[] = [];
  for (const file of SOURCES) {
    if (file.endsWith('/index.ts') || file === 'src/core/infer/tfjs-bundle.ts') continue;
    for (const st of sourceOf(file).statements) if (ts.isExportDeclaration(st) && st.moduleSpecifier) reexports.push(`${file}: ${st.getText()}`);
  }
  assert.deepEqual(reexports, []);
});

test("core messages speak the user's terms: no CLI command or flag, no VS Code command, button or panel", () => {
  const flags = new Set<string>();
  for (const file of tsFiles('src/cli')) {
    for (const m of fs.readFileSync(path.join(ROOT, file), 'utf8').matchAll(/^\s*'?([a-z][a-z-]*)'?: \{ type: '(?:string|boolean)'/gm)) flags.add(m[1]);
  }
  assert.ok(flags.has('spec') && flags.has('image'), 'the CLI options were found');
  const flagRe = new RegExp(`(?:^|\\s)--(?:${[...flags].join('|')})\\b(?![_-])`);
  const words =
    /\btensor-parity (?:run|diff|diagnose|lint|compare-models)\b|"Tensor Parity: [A-Z]|\bcommand palette\b|\bclick\b|\bbutton\b|\bpanel\b|\bquick fix\b/i;
  const bad: string[] = [];
  for (const file of tsFiles('src/core')) {
    const visit = (n: ts.Node): void => {
      if (ts.isStringLiteral(n) || ts.isNoSubstitutionTemplateLiteral(n) || ts.isTemplateHead(n) || ts.isTemplateMiddle(n) || ts.isTemplateTail(n)) {
        if (flagRe.test(n.text) || words.test(n.text)) bad.push(`${file}: ${n.text.slice(0, 120)}`);
      }
      ts.forEachChild(n, visit);
    };
    visit(sourceOf(file));
  }
  assert.deepEqual(bad, []);
});

test("DEVELOPING.md's capability map names only paths that exist, and every src/core folder", () => {
  const md = fs.readFileSync(path.join(ROOT, 'DEVELOPING.md'), 'utf8');
  const table = md.split('## Map: where each capability lives')[1]?.split('\n## ')[0] ?? '';
  const rows = table.split('\n').filter((l) => l.startsWith('| ') && !l.startsWith('| capability'));
  assert.ok(rows.length >= 8, 'the map has a row per capability');
  const columns = ['src/core', 'src/extension', 'src/protocol', 'webview/src', 'test', 'bench'];
  const unitTests = fs.readdirSync(path.join(ROOT, 'test/unit'));
  const exists = (dir: string, p: string): boolean => {
    const full = path.join(ROOT, dir, p);
    if (fs.existsSync(full)) return true;
    if (!p.includes('*')) return false;
    const re = new RegExp(`^${path.basename(p).replace(/\./g, '\\.').replace(/\*/g, '.*')}$`);
    return fs.existsSync(path.dirname(full)) && fs.readdirSync(path.dirname(full)).some((f) => re.test(f));
  };
  const missing: string[] = [];
  const coreNamed = new Set<string>();
  for (const row of rows) {
    const cells = row.split('|').slice(2, -1);
    cells.forEach((cell, i) => {
      for (const [, p] of cell.matchAll(/`([^`]+)`/g)) {
        const ok =
          i === 4
            ? p.endsWith('.e2e')
              ? fs.existsSync(path.join(ROOT, 'test/e2e', `${p}.mjs`))
              : p.includes('/')
                ? fs.existsSync(path.join(ROOT, p))
                : unitTests.some((f) => f.startsWith(p.replace(/\*$/, '')))
            : exists(columns[i], p);
        if (i === 0) coreNamed.add(p.split('/')[0]);
        if (!ok) missing.push(`${columns[i]}: ${p}`);
      }
    });
  }
  assert.deepEqual(missing, []);
  const coreFolders = fs
    .readdirSync(path.join(ROOT, 'src/core'), { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name);
  assert.deepEqual(
    coreFolders.filter((d) => !coreNamed.has(d)),
    [],
  );
});
