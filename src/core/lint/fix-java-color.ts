// The Java colour-order quick fix: `Imgproc.cvtColor(mat, mat, Imgproc.COLOR_BGR2RGB);` after the load of an OpenCV
// Mat (and after the check that the load worked), with `import org.opencv.imgproc.Imgproc;` added when missing.

import type { Analyzer } from './flow';
import type { Origin } from './flow-types';
import { insertionAfterLoadChecks, indentAt } from './fix-placement';
import { endOf, startOf, walkStmts, type Stmt } from './ir';
import { edit, type RawEdit } from './report';

const IMGPROC = 'org.opencv.imgproc.Imgproc';

/** True when the value was loaded by OpenCV's Java API (an imread or a VideoCapture frame), so cvtColor applies. */
export function isJavaMatOrigin(o: Origin): boolean {
  return /^(Imgcodecs|Highgui)\.(imread|imdecode)$/.test(o.desc);
}

/** True when `stmt` is a field declaration (directly in a class body): no statement can follow it there. */
function isField(body: readonly Stmt[], stmt: Stmt): boolean {
  let found = false;
  walkStmts(body, (x) => {
    if (!found && x.k === 'class' && x.body.includes(stmt)) found = true;
  });
  return found;
}

/** The edits that convert an OpenCV Mat assigned at `o` to `want` right after it was loaded; undefined when unsafe. */
export function javaColorFix(an: Analyzer, o: Origin, want: 'RGB' | 'BGR'): { title: string; edits: RawEdit[] } | undefined {
  if (!o.assign || o.node.k !== 'call' || !isJavaMatOrigin(o)) return undefined;
  const stmt = o.assign.stmt;
  if (isField(an.info.body, stmt)) return undefined;
  const v = o.assign.name;
  const at = insertionAfterLoadChecks(an.src, 'java', endOf(stmt.sp), v);
  const nl = at > 0 && an.src[at - 1] !== '\n' ? '\n' : '';
  const indent = indentAt(an.src, startOf(stmt.sp));
  const code = want === 'RGB' ? 'COLOR_BGR2RGB' : 'COLOR_RGB2BGR';
  const info = an.info;
  const imported = [...info.imports.values()].includes(IMGPROC) || info.wildcards.includes('org.opencv.imgproc');
  const imports = info.body.filter((s) => s.k === 'import');
  const last = imports[imports.length - 1];
  const cls = imported || last ? 'Imgproc' : IMGPROC;
  const edits: RawEdit[] = [edit(stmt.sp, at, at, `${nl}${indent}${cls}.cvtColor(${v}, ${v}, ${cls}.${code});\n`)];
  if (!imported && last) edits.push(edit(last.sp, endOf(last.sp), endOf(last.sp), `\nimport ${IMGPROC};`));
  return { title: `Convert ${v} to ${want} after loading`, edits };
}
