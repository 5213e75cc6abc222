// Checks the two-half parse of large documents (split-scan.ts, split-parse.ts) against tree-sitter's whole parse on
// real code: every source file of the git copies under a folder (default /work/.mirror: <owner>+<repo>/repo), as it
// is and with random damage (cut at a random point; a random span deleted). The halves' merged tree must equal the
// whole parse node for node, or be refused (then the linter parses the document whole). Prints the counts and any
// difference. Build first: npx tsc -p tsconfig.test.json   Then: node bench/lint-split-check.mjs [dir] [--max-files N]
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';

const require = createRequire(import.meta.url);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const lib = (m) => require(path.join(root, 'out/src/core/lint', m));
const { loadRuntime } = lib('parser.js');
const { FlatTree } = lib('flat-tree.js');
const { planSplit } = lib('split-scan.js');
const { parseHalf, mergeHalves } = lib('split-parse.js');
const { familyOf } = lib('scope-names.js');

const args = process.argv.slice(2);
const dir = args.find((a) => !a.startsWith('--')) ?? '/work/.mirror';
const maxFiles = args.includes('--max-files') ? +args[args.indexOf('--max-files') + 1] : Infinity;
const only = args.includes('--only') ? args[args.indexOf('--only') + 1] : undefined;
const dump = args.includes('--dump') ? args[args.indexOf('--dump') + 1] : undefined;
const LANG = [
  [/\.py$/, 'python'],
  [/\.(cpp|cc|cxx|h|hpp|hh|hxx)$/, 'cpp'],
  [/\.java$/, 'java'],
  [/\.(js|mjs|cjs|jsx)$/, 'javascript'],
  [/\.ts$/, 'typescript'],
  [/\.tsx$/, 'tsx'],
];
const langOf = (p) => LANG.find(([re]) => re.test(p))?.[1];

const rt = await loadRuntime(path.join(root, 'node_modules/@vscode/tree-sitter-wasm/wasm'));
let seed = 12345;
const rand = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;

/** Node-for-node equality of two flat trees below entries i and j; the first difference goes to `out`. */
function same(a, i, b, j, out) {
  if (a.type[i] !== b.type[j] || a.field[i] !== b.field[j] || a.start[i] !== b.start[j] || a.end[i] !== b.end[j]) {
    out.push(`${a.typeOf(i)}@${a.start[i]}-${a.end[i]} vs ${b.typeOf(j)}@${b.start[j]}-${b.end[j]}`);
    return false;
  }
  let x = a.firstChild[i];
  let y = b.firstChild[j];
  while (x !== -1 && y !== -1) {
    if (!same(a, x, b, y, out)) return false;
    x = a.next[x];
    y = b.next[y];
  }
  if (x !== -1 || y !== -1) {
    out.push(`children differ under ${a.typeOf(i)}@${a.start[i]}`);
    return false;
  }
  return true;
}

function check(lang, text) {
  const plan = planSplit(text, familyOf(lang), 0);
  if (!plan) return 'no split line';
  rt.parser.setLanguage(rt.languages.get(lang));
  const full = rt.parser.parse(text);
  const ta = parseHalf(rt.parser, text, plan.first, () => false);
  const tb = ta && parseHalf(rt.parser, text, plan.second, () => false);
  try {
    if (!ta || !tb) return 'refused: a half has a syntax error';
    const read = (t) => FlatTree.read(rt.wasm, t, t.rootNode, text, text.length >> 1);
    const m = mergeHalves(read(ta), read(tb), plan);
    if (!m) return 'refused: halves do not meet';
    const out = [];
    return same(read(full), 0, m, 0, out) ? 'same' : `DIFFERENT: ${out[0]}`;
  } finally {
    full.delete();
    ta?.delete();
    tb?.delete();
  }
}

const counts = new Map();
const diffs = [];
let files = 0;
for (const d of readdirSync(dir).sort()) {
  const git = [path.join(dir, d, 'repo'), path.join(dir, d)].find((g) => existsSync(path.join(g, 'HEAD')));
  if (!git || files >= maxFiles || (only && d !== only)) continue;
  const ls = spawnSync('git', ['--git-dir', git, 'ls-tree', '-r', '-l', 'HEAD'], { encoding: 'utf8', maxBuffer: 1 << 28 });
  if (ls.status !== 0) continue;
  const entries = ls.stdout
    .split('\n')
    .map((l) => l.match(/^\d+ blob ([0-9a-f]+)\s+(\d+)\t(.*)$/))
    .filter((m) => m && +m[2] < 300_000 && langOf(m[3]));
  for (const m of entries) {
    if (files >= maxFiles) break;
    const show = spawnSync('git', ['--git-dir', git, 'cat-file', 'blob', m[1]], { encoding: 'utf8', maxBuffer: 1 << 26 });
    if (show.status !== 0 || show.stdout.includes('\u0000')) continue;
    files++;
    const text = show.stdout;
    seed = [...`${d}:${m[3]}`].reduce((h, ch) => (h * 31 + ch.charCodeAt(0)) & 0x7fffffff, 7); // the same damage in any run
    const cut = Math.floor(rand() * text.length);
    const del = Math.floor(rand() * text.length);
    const variants = [
      ['as is', text],
      ['cut', text.slice(0, cut)],
      ['span deleted', text.slice(0, del) + text.slice(del + 1 + Math.floor(rand() * 30))],
    ];
    for (const [how, t] of variants) {
      const r = check(langOf(m[3]), t);
      const key = r.startsWith('DIFFERENT') ? 'DIFFERENT' : r;
      counts.set(key, (counts.get(key) ?? 0) + 1);
      if (key === 'DIFFERENT') diffs.push(`${d}:${m[3]} (${how}): ${r}`);
      if (key === 'DIFFERENT' && dump) writeFileSync(path.join(dump, `${diffs.length}${path.extname(m[3])}`), t);
    }
  }
}
console.log(`${files} files, 3 versions each:`);
for (const [k, v] of [...counts].sort((a, b) => b[1] - a[1])) console.log(`  ${k}: ${v}`);
for (const x of diffs.slice(0, 30)) console.log(`  ${x}`);
process.exitCode = diffs.length ? 1 : 0;
