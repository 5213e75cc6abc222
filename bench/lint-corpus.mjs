// Scores the preprocessing linter on real public preprocessing files (test/corpus/lint/cases.json).
// Each case names a public file (repository, path, commit, licence), a spec that matches what the code does and a
// deliberately different spec, with the findings a person expects under the different spec ("line code").
// The files themselves are not in this repository: a case is scored when a local copy exists under
// test/corpus/lint/<lang>/ (files committed with a licence header) or in the gitignored cache
// test/corpus/lint/.cache/<owner>/<repo>/<path>. The script prints how many cases it could score.
//
// Build first: npx tsc -p tsconfig.test.json   Then: node bench/lint-corpus.mjs [--json] [--show <id>] [--verbose]
// Fill the cache from local clones first: node bench/lint-corpus.mjs --fill-cache <dir>, where <dir> holds each
// repository as <owner>/<repo> (a clone or a bare git dir) or <owner>+<repo>/repo; files come from the case's commit.
// Recall = expected findings reported (same line and code) / expected findings, under the different spec.
// False alarms = any finding under the matching spec, except the case's `codeBugs`: findings the code earns under any
// spec (height and width swapped against its own resize), counted apart. Extra = unexpected findings under the different spec.
// Targets: recall >= 0.9 in every language, 0 false alarms with the matching spec.

import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { writeResult } from './results.mjs';

const require = createRequire(import.meta.url);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { createLinter } = require(path.join(root, 'out/src/core/lint/index.js'));
const { fsSiblingReader } = require(path.join(root, 'out/src/core/lint/siblings.js'));
const { parseSpec } = require(path.join(root, 'out/src/core/spec/index.js'));
const wasmDir = path.join(root, 'node_modules/@vscode/tree-sitter-wasm/wasm');
const corpusDir = path.join(root, 'test/corpus/lint');

const args = process.argv.slice(2);
const show = args.includes('--show') ? args[args.indexOf('--show') + 1] : undefined;
const verbose = args.includes('--verbose');
const asJson = args.includes('--json');
// --no-siblings: lint each file alone (as before sibling files were read), to compare.
const noSiblings = args.includes('--no-siblings');
// --round <name>: score only the cases of one round (e.g. heldout-1, files added without tuning the linter on them).
const round = args.includes('--round') ? args[args.indexOf('--round') + 1] : undefined;

const LANG_BY_EXT = {
  '.py': 'python',
  '.cpp': 'cpp',
  '.cc': 'cpp',
  '.h': 'cpp',
  '.hpp': 'cpp',
  '.java': 'java',
  '.js': 'javascript',
  '.mjs': 'javascript',
  '.cjs': 'javascript',
  '.jsx': 'javascript',
  '.ts': 'typescript',
  '.tsx': 'tsx',
};
const FAMILY = { python: 'python', cpp: 'cpp', java: 'java', javascript: 'js', typescript: 'js', tsx: 'js' };

function merge(a, b) {
  const out = { ...a };
  for (const [k, v] of Object.entries(b ?? {})) {
    const cur = out[k];
    out[k] = v && typeof v === 'object' && !Array.isArray(v) && cur && typeof cur === 'object' && !Array.isArray(cur) ? merge(cur, v) : v;
  }
  return out;
}

function specOf(base, override, id) {
  const { spec, problems } = parseSpec(JSON.stringify(merge(base, override)));
  if (!spec) throw new Error(`test/corpus/lint/cases.json: case ${id} has an invalid spec: ${problems.map((p) => p.message).join('; ')}`);
  return spec;
}

/** The local copy of a case's file: committed under <lang>/ or in the gitignored cache. */
function localCopy(c) {
  const candidates = [c.local && path.join(corpusDir, c.local), path.join(corpusDir, '.cache', c.repo, c.path)].filter(Boolean);
  return candidates.find((p) => existsSync(p));
}

const { base, cases } = JSON.parse(readFileSync(path.join(corpusDir, 'cases.json'), 'utf8'));

if (args.includes('--fill-cache')) {
  const from = path.resolve(args[args.indexOf('--fill-cache') + 1] ?? '.');
  let filled = 0;
  for (const c of cases.flatMap((k) => [k, ...(k.siblings ?? []).map((p) => ({ ...k, path: p }))])) {
    const [owner, repo] = c.repo.split('/');
    const dirs = [path.join(from, owner, repo), path.join(from, `${owner}+${repo}`, 'repo'), path.join(from, repo)].filter((d) => existsSync(d));
    let text;
    for (const d of dirs) {
      const r = spawnSync('git', ['-C', d, 'show', `${c.commit}:${c.path}`], { encoding: 'utf8', maxBuffer: 1 << 26 });
      if (r.status === 0) {
        text = r.stdout;
        break;
      }
    }
    if (text === undefined) {
      console.log(`  not found: ${c.repo} ${c.path} at ${c.commit}`);
      continue;
    }
    const dst = path.join(corpusDir, '.cache', c.repo, c.path);
    mkdirSync(path.dirname(dst), { recursive: true });
    writeFileSync(dst, text);
    filled++;
  }
  console.log(`lint corpus: ${filled} of ${cases.length} files copied into test/corpus/lint/.cache`);
  process.exit(0);
}
// A case's `siblings` (paths in its repository) are cached next to it; the linter reads them as the editor would.
const linter = await createLinter({ wasmDir, siblings: noSiblings ? undefined : fsSiblingReader(path.join(corpusDir, '.cache')) });
const perLang = new Map();
const lang = (f) => {
  let s = perLang.get(f);
  if (!s) {
    s = { cases: 0, missing: 0, expected: 0, found: 0, falseAlarms: 0, extra: 0, bugs: 0, bugsFound: 0 };
    perLang.set(f, s);
  }
  return s;
};
const fmt = (f) => `${f.range.start.line + 1} ${f.code}`;

for (const c of cases) {
  if (show && c.id !== show) continue;
  if (round && c.round !== round) continue;
  const languageId = LANG_BY_EXT[path.extname(c.path)];
  const fam = FAMILY[languageId];
  const st = lang(fam);
  const file = localCopy(c);
  if (!file) {
    st.missing++;
    continue;
  }
  const text = readFileSync(file, 'utf8');
  st.cases++;
  const uri = pathToFileURL(file).href;
  const matchAll = linter.lint({ uri, languageId, text }, specOf(base, c.match, c.id));
  const bugs = c.codeBugs ?? [];
  const matchFindings = matchAll.filter((f) => !bugs.includes(fmt(f)));
  st.bugs += bugs.length;
  st.bugsFound += bugs.filter((b) => matchAll.some((f) => fmt(f) === b)).length;
  const differFindings = linter.lint({ uri, languageId, text }, specOf(base, merge(c.match, c.differ), c.id));
  linter.close(uri);
  const got = new Set(differFindings.map(fmt));
  const expected = c.expected ?? [];
  const missed = expected.filter((e) => !got.has(e));
  const extra = differFindings.filter((f) => !expected.includes(fmt(f)) && !matchAll.some((m) => fmt(m) === fmt(f)));
  st.expected += expected.length;
  st.found += expected.length - missed.length;
  st.falseAlarms += matchFindings.length;
  st.extra += extra.length;
  if (show || verbose) {
    const bad = missed.length + matchFindings.length + extra.length;
    if (show || bad > 0) {
      console.log(`\n${c.id} (${c.repo}/${c.path})`);
      for (const m of missed) console.log(`  missed       ${m}`);
      for (const f of matchFindings) console.log(`  false alarm  ${fmt(f)} ${f.message}`);
      for (const f of extra) console.log(`  extra        ${fmt(f)} ${f.message}`);
      if (show) for (const f of differFindings) console.log(`  differ: ${fmt(f)} ${f.message}`);
    }
  }
}
linter.dispose();

const rows = [];
let total = { cases: 0, missing: 0, expected: 0, found: 0, falseAlarms: 0, extra: 0, bugs: 0, bugsFound: 0 };
console.log('\nlint corpus: real public preprocessing files, each with a matching and a deliberately different spec');
for (const fam of ['python', 'cpp', 'java', 'js']) {
  const s = perLang.get(fam);
  if (!s) continue;
  for (const k of Object.keys(total)) total[k] += s[k];
  const recall = s.expected ? s.found / s.expected : 1;
  console.log(
    `  ${fam.padEnd(7)} ${String(s.cases).padStart(3)} files scored (${s.missing} without a local copy)  recall ${recall.toFixed(2)} (${s.found}/${s.expected})  false alarms ${s.falseAlarms}  extra findings ${s.extra}${s.bugs ? `  code bugs reported under the matching spec ${s.bugsFound}/${s.bugs}` : ''}`,
  );
  if (s.cases > 0) {
    rows.push({
      name: `${fam} recall (${s.found}/${s.expected} deviations, ${s.cases} files)`,
      value: recall,
      unit: '',
      target: 0.9,
      targetKind: 'min',
    });
    rows.push({ name: `${fam} false alarms with the matching spec`, value: s.falseAlarms, unit: '', target: 0, targetKind: 'absolute' });
  }
}
console.log(
  `  scored ${total.cases} of ${total.cases + total.missing} cases; recall ${(total.expected ? total.found / total.expected : 1).toFixed(2)}, false alarms ${total.falseAlarms}${total.bugs ? `; code bugs (right under any spec, not false alarms) ${total.bugsFound}/${total.bugs}` : ''}`,
);
if (total.missing > 0) console.log(`  ${total.missing} cases have no local copy: put the file at test/corpus/lint/.cache/<owner>/<repo>/<path> to score it.`);
if (!show && !round) writeResult('lint-corpus', 'Linter on real code', rows);
if (asJson) console.log(JSON.stringify(Object.fromEntries(perLang)));
