// Re-analyses only what an edit can affect: functions whose chunk changed, and (transitively) their callers.
// Everything else reuses the summary and findings of the previous run. Any change outside function bodies
// (imports, constants, fields, module code) or to the spec starts over.

import type { Summary } from './flow-api';
import { forEachExpr, walkStmts, type Stmt } from './ir';
import type { RawFinding } from './report';
import { functionsOf } from './memo';
import { callsOf, type ModuleInfo } from './scope';
import { CollectCache } from './scope-record';

type FuncStmt = Stmt & { k: 'func' };

/** What one function's analysis produced. */
export interface UnitResult {
  summary: Summary | undefined;
  findings: RawFinding[];
  callees: Set<string>;
  hasCallers: boolean;
}

function bare(name: string): string {
  return name.replace(/^.*\./, '');
}

/** Per-document cache of function analyses. */
export class AnalysisCache {
  /** What building the name tables did per function, replayed for unchanged functions (scope-record.ts). */
  readonly names = new CollectCache();
  private context: unknown[] = [];
  private specKey = '';
  private readonly units = new Map<FuncStmt, UnitResult>();
  /** Findings of the structural rules per function: they depend on its body, the spec and the module context only. */
  private readonly structural = new Map<FuncStmt, RawFinding[]>();
  private dirty = new Set<FuncStmt>();
  /** The module and class functions of the last lint, and those of them that wrote outside their own scopes. */
  private lastFuncs = new Set<FuncStmt>();
  private lastWriters: ReadonlySet<Stmt> = new Set();

  /** Decides what must be re-analysed for this module; call once per lint before the analysis. */
  prepare(module: readonly Stmt[], specKey: string, info: Pick<ModuleInfo, 'hasCallers' | 'boundParams' | 'outerWriters'>): void {
    const context: unknown[] = [];
    const funcs: FuncStmt[] = [];
    const collect = (stmts: readonly Stmt[]): void => {
      for (const s of stmts) {
        if (s.k === 'func') {
          funcs.push(s);
          continue;
        }
        if (s.k === 'class' && s.container) {
          context.push(`class ${s.name}`);
          collect(s.body);
          continue;
        }
        if (s.k === 'block' && s.container) {
          collect(s.body);
          continue;
        }
        context.push(s);
      }
    };
    collect(module);
    // A function that writes fields or outer variables (a constructor setting self.size) changes what the functions
    // reading them see: when one is added, edited or removed, everything is analysed again.
    const chunkFuncs = new Set(funcs);
    const writerChanged =
      funcs.some((f) => !this.lastFuncs.has(f) && info.outerWriters.has(f)) || [...this.lastFuncs].some((f) => !chunkFuncs.has(f) && this.lastWriters.has(f));
    this.lastFuncs = chunkFuncs;
    this.lastWriters = info.outerWriters;
    const sameContext = !writerChanged && specKey === this.specKey && context.length === this.context.length && context.every((c, i) => c === this.context[i]);
    if (!sameContext) {
      this.units.clear();
      this.structural.clear();
    }
    this.context = context;
    this.specKey = specKey;
    const current = new Set<FuncStmt>(functionsOf(funcs));
    const changedNames = new Set<string>();
    for (const f of this.units.keys())
      if (!current.has(f)) {
        changedNames.add(bare(f.name));
        this.units.delete(f);
      }
    for (const f of this.structural.keys()) if (!current.has(f)) this.structural.delete(f);
    const dirty = new Set<FuncStmt>();
    for (const f of current) {
      const u = this.units.get(f);
      const hasCallers = info.hasCallers(bare(f.name));
      // Parameters bound by the call sites make the function depend on its callers' code: analysed every time.
      if (!u || u.hasCallers !== hasCallers || info.boundParams(f).size > 0) {
        this.structural.delete(f);
        dirty.add(f);
        changedNames.add(bare(f.name));
      }
    }
    let grew = true;
    while (grew) {
      grew = false;
      for (const f of current) {
        if (dirty.has(f)) continue;
        const u = this.units.get(f);
        if (u && [...u.callees].some((n) => changedNames.has(n))) {
          dirty.add(f);
          changedNames.add(bare(f.name));
          grew = true;
        }
      }
    }
    for (const f of dirty) this.units.delete(f);
    this.dirty = dirty;
  }

  /** The cached result of a function that needs no re-analysis. */
  get(f: FuncStmt): UnitResult | undefined {
    return this.dirty.has(f) ? undefined : this.units.get(f);
  }

  /** The structural findings of an unchanged function from an earlier run. */
  structuralOf(f: FuncStmt): RawFinding[] | undefined {
    return this.structural.get(f);
  }

  /** Stores a function's structural findings. */
  setStructural(f: FuncStmt, findings: RawFinding[]): void {
    this.structural.set(f, findings);
  }

  /** Stores a function's fresh result. */
  set(f: FuncStmt, summary: Summary | undefined, findings: RawFinding[], hasCallers: boolean): void {
    const callees = new Set<string>();
    walkStmts(f.body, (s) => {
      const known = callsOf(s);
      if (known) {
        for (const c of known) callees.add(c.f.n);
        return;
      }
      forEachExpr(s, (e) => {
        if (e.k === 'call') {
          const n = e.f.k === 'name' ? e.f.n : e.f.k === 'attr' ? e.f.n : undefined;
          if (n) callees.add(n);
        }
      });
    });
    this.units.set(f, { summary, findings, callees, hasCallers });
    this.dirty.delete(f);
  }
}
