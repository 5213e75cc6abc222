// The diagnosis score on the corpus of dumps written by real programs (test/golden/realdumps, its programs/ and jpegtf/):
// top-1 for single causes, every cause in the top 3 for combinations, nothing claimed on clean cases, no confident
// (explained) claim on causes that are not modelled. Build first: npx tsc -p tsconfig.test.json
import { createRequire } from 'module';
import * as fs from 'fs';
import * as path from 'path';
import { fileURLToPath } from 'url';

const require = createRequire(import.meta.url);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const out = (p) => path.join(root, 'out', 'src', p);
const { diagnose } = require(out('core/diagnose/diagnose.js'));
const { loadTensorFile } = require(out('core/tensor/load.js'));
const { parseSpec } = require(out('core/spec/parse.js'));

// The held-out round (heldout/: real public preprocessing code, scripts/golden/make_realdump_heldout.py) is scored as
// its own group: it was not looked at while the diagnosis was built.
const DIRS = [
  ['test/golden/realdumps', 'built'],
  ['test/golden/realdumps/programs', 'built'],
  ['test/golden/realdumps/jpegtf', 'built'],
  ['test/golden/realdumps/heldout', 'heldout'],
].map(([d, group]) => ({ dir: path.join(root, d), group }));

async function tensor(dir, file) {
  const l = await loadTensorFile(path.join(dir, file));
  return [...l.tensors.values()][0];
}

/** Score every case of the corpus; returns { rows, byKind }. */
export async function scoreCorpus() {
  const rows = [];
  for (const { dir, group } of DIRS) {
    const m = JSON.parse(fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8'));
    for (const c of m.cases) {
      if (c.kind === 'incomparable') continue;
      const spec = c.spec ? parseSpec(fs.readFileSync(path.join(dir, c.spec), 'utf8'), c.spec).spec : undefined;
      const ref = c.ref ? { tensor: await tensor(dir, c.ref), ...(spec ? { spec } : {}) } : { image: path.join(dir, c.image), spec };
      const d = await diagnose(await tensor(dir, c.dump), ref);
      const ids = d.causes.map((x) => x.id);
      let ok;
      if (c.kind === 'single') ok = ids[0] === c.expected[0] && d.status === 'explained';
      else if (c.kind === 'mixed') ok = c.expected.every((e) => ids.slice(0, 3).includes(e));
      else if (c.kind === 'clean') ok = ids.length === 0 || ['identical', 'numeric-noise', 'within-tolerance'].includes(d.status);
      else if (c.kind === 'residual') ok = ids[0] === c.expected[0] && d.status === 'partially-explained';
      else if (c.kind === 'unmodelled') ok = d.status !== 'explained';
      else if (c.kind === 'needs-image') ok = d.status !== 'explained' && (d.missing ?? []).includes('image-and-spec');
      if (c.absent?.some((a) => ids.includes(a))) ok = false;
      rows.push({ group, id: c.id, kind: c.kind, ok, status: d.status, causes: ids.slice(0, 3), expected: c.expected, wanted: c.wanted });
    }
  }
  return rows;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const rows = await scoreCorpus();
  for (const r of rows) {
    console.log(
      `${r.ok ? 'ok  ' : 'MISS'} ${r.group === 'heldout' ? 'H ' : '  '}${r.kind.padEnd(10)} ${r.id.padEnd(28)} ${r.status.padEnd(20)} [${r.causes.join(', ')}]` +
        `${r.ok ? '' : ` expected ${r.kind === 'unmodelled' ? 'no confident claim' : r.kind === 'needs-image' ? 'no confident claim, image asked for' : r.expected.join(' + ') || 'nothing'}`}${r.wanted ? ` (wanted: ${r.wanted})` : ''}`,
    );
  }
  for (const group of [...new Set(rows.map((r) => r.group))]) {
    const gr = rows.filter((r) => r.group === group);
    const kinds = [...new Set(gr.map((r) => r.kind))];
    const parts = kinds.map((k) => {
      const rs = gr.filter((r) => r.kind === k);
      return `${k} ${rs.filter((r) => r.ok).length}/${rs.length}`;
    });
    console.log(`${group}: ${parts.join(', ')}; total ${gr.filter((r) => r.ok).length}/${gr.length}`);
  }
  console.log(`total: ${rows.filter((r) => r.ok).length}/${rows.length}`);
}
