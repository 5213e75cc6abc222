// Resizes of a model's output, not of its input: a value resized and then turned into scores (sigmoid, softmax,
// argmax) is a prediction being scaled back to the image (segmentation masks, heatmaps). Resize rules describe the
// model input, so they leave these resizes alone.

import { dottedName, endOf, forEachExpr, startOf, walkExpr, walkStmts, type Expr, type Stmt } from './ir';
import { exprsOf, slot } from './memo';
import type { FlowVal } from './flow-types';

const RESIZE = /resize|interpolate|upsample/i;
const SCORES = /(^|\.)(sigmoid|softmax|logSoftmax|log_softmax|argMax|argmax|argMin|argmin)$/;
/** The last characters of the SCORES words (d, x, n): most names fail on it before the regex runs. */
const SCORE_LAST: ReadonlySet<number> = new Set([...'dxn'].map((c) => c.charCodeAt(0)));

function calls(e: Expr, test: RegExp): (Expr & { k: 'call' })[] {
  const out: (Expr & { k: 'call' })[] = [];
  walkExpr(e, (x) => {
    if (x.k === 'call') {
      const n = dottedName(x.f) ?? (x.f.k === 'attr' ? x.f.n : undefined);
      if (n !== undefined && test.test(n)) out.push(x);
    }
  });
  return out;
}

/** Every name read anywhere in `e`. */
function namesIn(e: Expr, into: Set<string>): void {
  walkExpr(e, (x) => {
    if (x.k === 'name') into.add(x.n);
  });
}

const CACHE = slot<Stmt, Stmt[]>('outputResizes');
const SCORED = slot<Stmt, ReadonlySet<string>>('scoredNames');
const NONE: ReadonlySet<string> = new Set();

/**
 * The names a statement (and the statements nested in it) turns into scores. Statements are immutable and reused while
 * their chunk is unchanged, so each one is scanned once; an enclosing body reuses its members' sets.
 */
function scoredNames(s: Stmt): ReadonlySet<string> {
  let names = SCORED.get(s);
  if (names) return names;
  let own: Set<string> | undefined;
  const add = (c: Expr & { k: 'call' }): void => {
    // SCORES reads the last part of the name only, so the dotted name need not be built.
    const n = c.f.k === 'name' || c.f.k === 'attr' ? c.f.n : undefined;
    if (n === undefined || !SCORE_LAST.has(n.charCodeAt(n.length - 1)) || !SCORES.test(n)) return;
    own ??= new Set();
    for (const a of c.a) namesIn(a.v, own);
  };
  // Every expression of the statement (lambda bodies included); slices are not descended by forEachExpr, so their
  // calls are looked for with walkExpr.
  for (const x of exprsOf(s)) {
    if (x.k === 'call') add(x);
    else if (x.k === 'slice') for (const c of calls(x, SCORES)) add(c);
  }
  const kids = s.k === 'func' || s.k === 'class' || s.k === 'block' ? s.body : s.k === 'for' ? [...s.init, ...s.body] : [];
  for (const k of kids) {
    const inner = scoredNames(k);
    if (inner.size === 0) continue;
    own ??= new Set();
    for (const n of inner) own.add(n);
  }
  names = own ?? NONE;
  SCORED.set(s, names);
  return names;
}

/** The statements of one body that resize a value the body (or a statement nested in it) later turns into scores. */
function scanBody(body: readonly Stmt[], out: Stmt[]): void {
  // One pass: for each name, the last statement of this body (or nested in it) that turns it into scores.
  const lastScored = new Map<string, number>();
  body.forEach((s, i) => {
    for (const n of scoredNames(s)) lastScored.set(n, i);
  });
  if (lastScored.size === 0) return;
  body.forEach((s, i) => {
    if (s.k !== 'assign' || s.t.k !== 'name' || !s.v || (lastScored.get(s.t.n) ?? -1) <= i || calls(s.v, RESIZE).length === 0) return;
    out.push(s);
  });
}

/** scanBody over every body nested in `stmts`, callback bodies (tf.tidy(() => { ... })) included. */
function innerResizes(stmts: readonly Stmt[], out: Stmt[]): void {
  walkStmts(stmts, (s) => {
    if (s.k === 'func' || s.k === 'block' || s.k === 'class' || s.k === 'for') scanBody(s.body, out);
    // Callback bodies are statement lists of their own.
    if (s.k !== 'func' && s.k !== 'class' && s.k !== 'block')
      forEachExpr(s, (x) => {
        if (x.k === 'lambda') scanBody(x.body, out);
      });
  });
}

/** The output resizes of a list of chunk-level statements (module functions, not closures made per lint: see chunks.ts walkLevel). */
function eachResizes(stmts: readonly Stmt[], found: Stmt[]): void {
  scanBody(stmts, found);
  for (const s of stmts) {
    // Containers (classes, namespaces) are rebuilt on every lint; their members are the cached chunks.
    if ((s.k === 'block' || s.k === 'class') && s.container) {
      eachResizes(s.body, found);
      continue;
    }
    let hit = CACHE.get(s);
    if (!hit) {
      hit = [];
      // Every body inside `s` (lambdas included) only has names from scoredNames(s): none means nothing to find.
      if (scoredNames(s).size > 0) innerResizes([s], hit);
      CACHE.set(s, hit);
    }
    found.push(...hit);
  }
}

/** Statements that resize a value later turned into scores in the same body (cached per top-level statement). */
export function outputResizeRanges(module: readonly Stmt[]): [number, number][] {
  const found: Stmt[] = [];
  eachResizes(module, found);
  return found.map((s) => [startOf(s.sp), endOf(s.sp)]);
}

/**
 * True for a value made channels-first for a model and then channels-last again (`tensor.permute(1, 2, 0)`, then
 * `Image.fromarray`): a model tensor turned back into a picture to show or save, whose resizes are not model input.
 */
export function tensorBackToPicture(f: FlowVal): boolean {
  let chw = false;
  for (const op of f.trace) {
    if (op.t !== 'layout') continue;
    if (op.to === 'CHW') chw = true;
    else if (chw) return true;
  }
  return false;
}
