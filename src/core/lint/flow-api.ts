// The analysis's vocabulary, shared by the analyser (flow.ts) and the per-language libraries (libs-*.ts): values,
// terminals, frames, function summaries and the LangLib interface a language implements.

import type { RawFinding } from './report';
import type { Analyzer } from './flow';
import type { FlowVal } from './flow-types';
import type { Arg, Expr, Stmt } from './ir';
import type { Scope } from './lexical-scope';
import type { CV } from './values';

/** What an expression evaluates to: an image-derived value, a constant, several values, or unknown. */
export type Val = { k: 'flow'; f: FlowVal } | { k: 'cv'; v: CV } | { k: 'many'; items: Val[]; alt?: boolean } | undefined;

/** How a value leaves the analysed code: into a model (sink), an unknown library call, a user function, a return or a store. */
export type TermCtx = 'sink' | 'escape' | 'escape-user' | 'return' | 'store';

/** A value reaching a terminal context. */
export interface Terminal {
  f: FlowVal;
  ctx: TermCtx;
  at: Expr;
  desc: string;
  /** For a store into a buffer a parameter points to: that parameter's index (the caller may pass the input tensor). */
  into?: number;
}

type FuncStmt = Stmt & { k: 'func' };

/** Analysis state of one function body (or the module's top level). */
export interface Frame {
  vars: Map<string, Val>;
  scope: Scope;
  /** Undefined for the module's top level. */
  func?: FuncStmt | undefined;
  terminals: Terminal[];
  returns: Val[];
  hasCallers: boolean;
  /** Set for inlined callbacks: their return value goes back to the caller, not out of the code. */
  inlined?: boolean;
}

/** What a local function does with its parameters: the returned value and where parameter values end up. */
export interface Summary {
  ret: Val;
  terminals: Terminal[];
  selfOffset: number;
  params: string[];
  /** What the function leaves in its C++ output parameters (`ncnn::Mat& in` assigned in the body), by index. */
  outs?: ReadonlyMap<number, Val>;
  /** The findings the function's own code gave (a sibling file's function: its call may report them, see flow-call.ts). */
  own?: readonly RawFinding[];
}

/** Marker a language library returns when it does not know a call. */
export const UNHANDLED: unique symbol = Symbol('unhandled');

/** A call as seen by a language library. */
export interface CallCtx {
  an: Analyzer;
  fr: Frame;
  node: Expr & { k: 'call' };
  /** Canonical library name (cv2.resize) for function calls. */
  name?: string | undefined;
  /** Method name when the callee is `receiver.method`. */
  method?: string | undefined;
  recv?: Val;
  args: Val[];
  argExprs: Arg[];
}

/** Library knowledge for one language family. */
export interface LangLib {
  call(c: CallCtx): Val | typeof UNHANDLED;
  binary?(an: Analyzer, fr: Frame, node: Expr & { k: 'bin' }, l: Val, r: Val): Val | typeof UNHANDLED;
  subscript?(an: Analyzer, fr: Frame, node: Expr & { k: 'sub' }, obj: Val): Val | typeof UNHANDLED;
  attribute?(an: Analyzer, fr: Frame, node: Expr & { k: 'attr' }, obj: Val): Val | typeof UNHANDLED;
  /** Handles `target = value` where the target is not a plain name (e.g. writes into a tensor buffer); true when handled. */
  store?(an: Analyzer, fr: Frame, target: Expr, value: Val, stmt: Stmt): boolean;
  /** The value of a declaration without initializer (C++ `VideoCapture cap;`), when the type alone says what it holds. */
  declare?(an: Analyzer, fr: Frame, stmt: Stmt & { k: 'assign' }): Val;
  /** Called after a loop body was processed (loop-shaped rules). */
  loop?(an: Analyzer, fr: Frame, stmt: Stmt & { k: 'for' }): void;
  /** Called when a statement sequence ends (rules over consecutive writes). */
  endBlock?(an: Analyzer, fr: Frame, stmts: readonly Stmt[]): void;
}
