// Describes the way an image value took from its source to where it leaves the code, for messages:
// "load_image(): cv2.imread → preprocess(): cv2.resize, astype(np.float32), / 255.0 → segment(): model()".

import type { Analyzer } from './flow';
import type { Terminal } from './flow-api';
import { dottedName, endOf, startOf, type Expr, type Stmt } from './ir';
import { tag } from './memo';

type FuncStmt = Stmt & { k: 'func' };

const MAX_STEPS = 6;

/** The functions' spans, sorted, kept on the module's name tables (a memo slot: see idle-gc.ts on WeakMaps). */
const SPANS = tag<object, { start: number; end: number; f: FuncStmt }[]>('function spans');

/** The innermost function whose body holds `offset`, or undefined at the top level. */
export function enclosingFunction(an: Analyzer, offset: number): FuncStmt | undefined {
  let spans = SPANS.get(an.info);
  if (!spans) {
    spans = [];
    for (const list of an.info.funcs.values()) for (const f of list) spans.push({ start: startOf(f.sp), end: endOf(f.sp), f });
    spans.sort((a, b) => a.start - b.start || b.end - a.end);
    SPANS.set(an.info, spans);
  }
  // The last function starting at or before `offset`; nested functions start after their parent, so walk back to one that holds it.
  let lo = 0;
  let hi = spans.length - 1;
  let i = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (spans[mid].start <= offset) {
      i = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  for (; i >= 0; i--) if (offset < spans[i].end) return spans[i].f;
  return undefined;
}

function short(text: string, max = 32): string {
  const t = text.replace(/\s+/g, ' ').trim();
  return t.length <= max ? t : `${t.slice(0, max - 1)}…`;
}

/** A call as a message names it: `cv2.resize`, `astype(np.float32)`, `.resizeBilinear`. */
export function callLabel(an: Analyzer, e: Expr): string {
  if (e.k !== 'call') return short(an.text(e));
  const d = dottedName(e.f);
  const head = d?.split('.')[0] ?? '';
  const library = an.info.imports.has(head) || (an.info.family !== 'python' && /^([A-Z]|(cv|tf|std|np|sharp|tflite)$)/.test(head));
  if (library && d !== undefined) return short(an.text(e.f));
  if (e.f.k === 'attr') {
    const args = e.a.map((a) => an.text(a.v)).join(', ');
    return args.length <= 24 ? `${e.f.n}(${args})` : `${e.f.n}(…)`;
  }
  return d ?? short(an.text(e.f));
}

function funcName(f: FuncStmt | undefined): string {
  return f ? `${f.name.replace(/^.*\./, '')}()` : '';
}

/**
 * The steps from the value's source to the terminal, grouped by function: the source, each resize, cast, scaling
 * and layout change, then the place it leaves the code. Long routes keep their first and last steps.
 */
export function describeRoute(t: Terminal, an: Analyzer): string {
  const f = t.f;
  const steps: { fn: FuncStmt | undefined; label: string }[] = [];
  const at = (e: Expr): FuncStmt | undefined => enclosingFunction(an, startOf(e.sp));
  steps.push({ fn: at(f.origin.node), label: f.origin.desc });
  const within = (inner: Expr, outer: Expr): boolean => startOf(outer.sp) <= startOf(inner.sp) && endOf(inner.sp) <= endOf(outer.sp);
  f.trace.forEach((op, i) => {
    const next = f.trace[i + 1];
    // convertTo(dst, CV_32F, a, b) casts and scales in one call: name it once, by its scaling.
    if (op.t === 'cast' && next?.t === 'affine' && within(next.node, op.node)) return;
    if (op.t === 'resize' || op.t === 'cast') steps.push({ fn: at(op.node), label: callLabel(an, op.node) });
    else if (op.t === 'affine' || op.t === 'layout') steps.push({ fn: at(op.node), label: op.desc });
  });
  const target = t.at.k === 'call' ? t.desc : `${short(an.text(t.at), 24)}${t.ctx === 'sink' ? ` (${t.desc})` : ''}`;
  const end = t.ctx === 'return' ? 'returned' : t.ctx === 'store' ? `stored in ${short(an.text(t.at), 24)}` : target;
  steps.push({ fn: at(t.at), label: end });
  const kept = steps.length > MAX_STEPS ? [...steps.slice(0, 2), { fn: steps[2].fn, label: '…' }, ...steps.slice(-(MAX_STEPS - 3))] : steps;
  const groups: { fn: FuncStmt | undefined; labels: string[] }[] = [];
  for (const s of kept) {
    const last = groups[groups.length - 1];
    if (last && last.fn === s.fn) {
      if (last.labels[last.labels.length - 1] !== s.label) last.labels.push(s.label);
    } else groups.push({ fn: s.fn, labels: [s.label] });
  }
  return groups.map((g) => (g.fn ? `${funcName(g.fn)}: ${g.labels.join(', ')}` : g.labels.join(', '))).join(' → ');
}

/** How a message names a callee that is not a library function: `model`, `self.net`, `….predict` for a long receiver. */
export function calleeText(an: Analyzer, e: Expr & { k: 'call' }): string {
  const d = dottedName(e.f);
  if (d !== undefined) return d;
  const t = an.text(e.f).replace(/\s+/g, ' ');
  if (t.length <= 32) return t;
  return e.f.k === 'attr' ? `….${e.f.n}` : '…';
}
