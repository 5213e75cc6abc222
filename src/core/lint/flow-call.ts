// What a call does once its receiver and arguments are known: the tensor is complete (a sink), a library knows the
// call, a function of this file or of a sibling file is applied by its summary, or the image escapes.

import { calleeText } from './route';
import { checkLetterboxCall } from './libs-cpp-letterbox';
import { IGNORED, SINK_CALLEES, SINK_METHODS } from './flow-callees';
import { sinkCall } from './flow-dump';
import { isFileClass, isFileClassInstance, isWrapperInstance } from './flow-file-class';
import { applySummary, relocatedSummary } from './flow-summary';
import type { Analyzer } from './flow';
import type { Expr } from './ir';
import type { ForeignFunc } from './scope';
import type { RawFinding } from './report';
import { UNHANDLED, type Frame, type Summary, type TermCtx, type Val } from './flow-api';

/** True when one of the values is an image-derived value (a loop: no closure per call). */
function anyFlow(vs: readonly Val[]): boolean {
  for (let i = 0; i < vs.length; i++) if (vs[i]?.k === 'flow') return true;
  return false;
}

/** True when one of the values comes from a parameter of the enclosing function (a loop: no closure per call). */
function anyParamFlow(vs: readonly Val[]): boolean {
  for (let i = 0; i < vs.length; i++) {
    const v = vs[i];
    if (v?.k === 'flow' && v.f.origin.kind === 'param') return true;
  }
  return false;
}

/** A call once its receiver and arguments are known: a sink, a library call, a local function or an escape. */
export function finishCall(
  an: Analyzer,
  e: Expr & { k: 'call' },
  fr: Frame,
  name: string | undefined,
  method: string | undefined,
  recv: Val,
  args: Val[],
): Val {
  // The tensor is complete here: saved for another program, handed to another framework, or run by a dnn model.
  const done = sinkCall(an, fr, e, name, method, recv, args);
  if (done) return done.v;
  const r = an.lib.call({ an: an, fr, node: e, name, method, recv, args, argExprs: e.a });
  if (r !== UNHANDLED) return r;
  // Java's ClassName.method() on a class of this file is a local call too.
  const isSelf =
    e.f.k === 'attr' &&
    ((e.f.o.k === 'name' && (e.f.o.n === 'self' || e.f.o.n === 'this' || (an.info.family === 'java' && isFileClass(an.info.body, e.f.o.n)))) ||
      isFileClassInstance(an.info.body, fr, e.f.o));
  const local =
    e.f.k === 'name' || isSelf || (an.info.family === 'cpp' && e.f.k === 'attr') ? an.info.funcs.get((method ?? name ?? '').replace(/^.*\./, '')) : undefined;
  if (local && local.length > 0) {
    if (an.info.family === 'cpp') checkLetterboxCall(an, fr, e, local[0], args);
    return applySummary(an, local[0], e, args, fr);
  }
  // C++: a function defined in the source file of an included header, applied here as if it were local; Python and
  // JS/TS: a function imported from a sibling module (it may read the image itself: `load_and_preprocess(path)`).
  if (
    an.info.externals?.func &&
    ((an.info.family === 'cpp' && (recv?.k === 'flow' || anyFlow(args))) ||
      (an.info.family === 'python' && e.f.k === 'name' && an.info.imports.has(e.f.n)) ||
      (an.info.family === 'python' && e.f.k === 'attr' && e.f.o.k === 'name' && an.info.imports.has(e.f.o.n) && !fr.vars.has(e.f.o.n)) ||
      // JS/TS: for an image this file reads (or one the helper reads itself), not for a parameter of this file's
      // function, which in a JS library is as often a number as an image.
      (an.info.family === 'js' && e.f.k === 'name' && an.info.imports.has(e.f.n) && !anyParamFlow(args)))
  ) {
    const callee = method ?? name ?? '';
    // JS/TS asks by the local name (`import prep from './prep.js'` resolves prep to the module itself).
    const foreign = an.info.externals.func(
      an.info.family === 'js' && e.f.k === 'name'
        ? e.f.n
        : an.info.family === 'python' && e.f.k === 'attr' && e.f.o.k === 'name'
          ? `${e.f.o.n}.${e.f.n}`
          : callee.slice(callee.lastIndexOf('.') + 1),
    );
    const s = foreign ? an.foreignSummary(foreign) : undefined;
    if (foreign && an.info.family === 'cpp') checkLetterboxCall(an, fr, e, foreign.f, args);
    if (foreign && s) {
      const v = applySummary(an, foreign.f, e, args, fr, relocatedSummary(s, e));
      reportForeignResizes(an, e, s, foreign, v);
      return v;
    }
  }
  if (recv?.k !== 'flow' && !args.some((a) => a !== undefined && a.k !== 'cv')) return undefined; // no image goes anywhere
  const callee = name ?? calleeText(an, e);
  if (IGNORED.test(callee) || (method && /^(show|save|shape|size|copyTo|print|dump|tobytes|tolist)$/.test(method) && recv?.k === 'flow' && method !== 'copyTo'))
    return undefined;
  // model.infer(image) on a class of a sibling file that prepares the image itself hands it to that code.
  const wrapper = e.f.k === 'attr' && isWrapperInstance(an.info.externals, fr, e.f.o);
  const sink =
    !wrapper &&
    ((method !== undefined && SINK_METHODS.test(method)) ||
      SINK_CALLEES.test(callee) ||
      (method === undefined && name !== undefined && SINK_METHODS.test(name.replace(/^.*\./, '')) && name.includes('.')));
  const userFn = wrapper || (!sink && name !== undefined && !name.includes('.') && an.info.family === 'python');
  const ctx: TermCtx = sink ? 'sink' : userFn ? 'escape-user' : 'escape';
  const desc = `${callee}()`;
  for (const a of args) an.terminal(a, ctx, e, desc, fr);
  if (recv?.k === 'flow' && !sink) an.terminal(recv, 'escape', e, desc, fr);
  return undefined;
}

/** True when the value is (or holds) an image-derived value. */
function holdsFlow(v: Val): boolean {
  return v?.k === 'flow' || (v?.k === 'many' && v.items.some(holdsFlow));
}

/**
 * A sibling file's function that resizes the image it hands back (`load_and_preprocess_image(path)` running
 * `load_img(path, target_size=(224, 224))`): its resize findings, judged with this file's spec, are reported on the call
 * here, naming the function and its file (the fix belongs in that file: none is offered here). Only for a function of
 * one parameter (the image or its path): one whose other parameters configure the resize (`load_image(path, size=None,
 * scale=None)`) was judged without their values.
 */
function reportForeignResizes(an: Analyzer, e: Expr & { k: 'call' }, s: Summary, foreign: ForeignFunc, v: Val): void {
  if (!s.own || s.params.length - s.selfOffset > 1 || !holdsFlow(v)) return;
  const where = `${foreign.f.name.replace(/^.*\./, '')}()${foreign.file ? ` in ${foreign.file}` : ''}`;
  for (const f of s.own) {
    if (!f.rule.startsWith('resize-')) continue;
    const r: RawFinding = { rule: f.rule, at: e, message: `${where}: ${f.message}` };
    if (f.severity) r.severity = f.severity;
    if (f.specPath) r.specPath = f.specPath;
    an.rep.add(r);
  }
}
