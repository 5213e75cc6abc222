// The linter: one tree per document, incremental reparsing, per-chunk IR caching, then analysis and rules.
// Each document gets a time budget (parsing is cancelled through tree-sitter's progress callback, extraction stops
// between chunks); a crash inside the wasm runtime throws that runtime away and loads a new one. A large new document
// may be parsed in two halves at once (linter-parse.ts, split-run.ts); its whole tree is then parsed when idle.

import type * as TS from '@vscode/tree-sitter-wasm';
import type { Spec } from '../spec/types';
import { analyzeModule } from './analyze';
import { AnalysisCache } from './incremental';
import { buildModule, noteReparse } from './chunks';
import { diffEdit } from './local-reparse';
import { ChunkExtractor, EXTRACTORS, OverBudget, RuntimeFailed } from './linter-build';
import { FlatTree, type SyntaxNode } from './flat-tree';
import type { Stmt } from './ir';
import { isRuntimeCrash, loadRuntime, type Runtime, type RuntimeLoader } from './parser';
import { SiblingModules, type SiblingReader } from './siblings';
import { familyOf, type Family } from './scope-names';
import {
  DEFAULT_TIME_BUDGET_MS,
  type DocumentEdit,
  type EditPoint,
  type Finding,
  type LintDocument,
  type LintLanguageId,
  type Linter,
  type LinterOptions,
  type LintOutcome,
  type LintSkip,
} from './types';
import { isTestCodeWithoutModel } from './test-code';
import { ParseHelper } from './parse-helper';
import { localBuild, parseNew, parseText, type DocState } from './linter-parse';

function point(p: EditPoint): TS.Point {
  return 'row' in p ? { row: p.row, column: p.column } : { row: p.line, column: p.character };
}

function seconds(ms: number): string {
  return ms >= 1000 ? `${+(ms / 1000).toFixed(1)} s` : `${Math.round(ms)} ms`;
}

class TreeSitterLinter implements Linter {
  private readonly docs = new Map<string, DocState>();
  private gen = 0;
  private rt: Runtime | undefined;
  private restarting: Promise<void> | undefined;
  private restartError: string | undefined;
  private disposed = false;

  private readonly siblings: SiblingModules | undefined;

  constructor(
    rt: Runtime,
    private readonly load: () => Promise<Runtime>,
    private readonly budgetMs: number,
    reader?: SiblingReader,
    private readonly helper?: ParseHelper,
  ) {
    this.rt = rt;
    this.siblings = reader ? new SiblingModules(reader, (lang, text) => this.parseSibling(lang, text)) : undefined;
  }

  ready(): Promise<void> {
    if (!this.rt && !this.restarting && !this.disposed) this.restart();
    return this.restarting ?? Promise.resolve();
  }

  private readonly counts = { halves: 0, whole: 0 };

  helperReady(timeoutMs: number): Promise<boolean> {
    return this.helper?.whenReady(timeoutMs) ?? Promise.resolve(false);
  }

  parseCounts(): { halves: number; whole: number } {
    return { ...this.counts };
  }

  lint(doc: LintDocument, spec: Spec): Finding[] {
    return this.check(doc, spec).findings;
  }

  check(doc: LintDocument, spec: Spec): LintOutcome {
    if (isTestCodeWithoutModel(doc.uri, doc.text)) {
      this.close(doc.uri); // it may have run a model before this edit
      return { findings: [] };
    }
    const deadline = performance.now() + this.budgetMs;
    let state: DocState | undefined;
    const family = familyOf(doc.languageId);
    try {
      state = this.parse(doc, deadline);
      if (!state) return this.rt ? { findings: [] } : { findings: [], skipped: this.notReady() };
      const memo = state.memo;
      const specKey = JSON.stringify(spec);
      if (
        memo &&
        memo.specKey === specKey &&
        memo.text === state.text &&
        (!memo.sibFiles || !this.siblings || this.siblings.keyOf(memo.sibFiles) === memo.sibKey)
      )
        return { findings: memo.findings.slice() };
      const module = this.buildModule(state, family, deadline);
      const sib = this.siblingsOf(family, module, state.text, doc.uri);
      try {
        const findings = analyzeModule(family, module, spec, state.text, state.analysis, sib ? `${specKey}\u0000${sib.key}` : specKey, sib?.ext, deadline);
        state.memo = { text: state.text, specKey, findings, sibFiles: sib?.files, sibKey: sib?.key };
        return { findings: findings.slice() };
      } catch (err) {
        if (isRuntimeCrash(err)) throw new RuntimeFailed(err);
        if (err instanceof OverBudget) {
          // A later lint analyses again from scratch (the cache may hold half a run).
          state.analysis = new AnalysisCache();
          state.memo = undefined;
          throw err;
        }
        // Never throw on user code; analyzeModule already isolates failures per function, this is the last resort.
        state.analysis = new AnalysisCache();
        state.memo = undefined;
        return { findings: [] };
      }
    } catch (err) {
      if (err instanceof OverBudget) {
        this.close(doc.uri);
        return {
          findings: [],
          skipped: {
            reason: 'too-slow',
            message: `not linted: parsing and analysis took longer than the ${seconds(this.budgetMs)} budget (very deeply nested or generated code, or code in another language?). Split the file, or exclude it from linting.`,
          },
        };
      }
      const cause = err instanceof RuntimeFailed ? err.cause : err;
      this.crashed();
      return {
        findings: [],
        skipped: {
          reason: 'parser-crash',
          message: `not linted: the tree-sitter parser crashed on this file (${cause instanceof Error ? cause.message : String(cause)}). The parser was restarted and other files are linted as usual; please report the file if it is ordinary source code.`,
        },
      };
    }
  }

  update(uri: string, edit: DocumentEdit | DocumentEdit[], newText: string): void {
    const state = this.docs.get(uri);
    if (!state || !this.rt) return;
    try {
      for (const e of Array.isArray(edit) ? edit : [edit]) {
        state.tree.edit({
          startIndex: e.startIndex,
          oldEndIndex: e.oldEndIndex,
          newEndIndex: e.newEndIndex,
          startPosition: point(e.startPosition),
          oldEndPosition: point(e.oldEndPosition),
          newEndPosition: point(e.newEndPosition),
        });
      }
      // Reparsed by the next lint (often the edited chunk alone) or when the linter is idle (settle).
      state.text = newText;
      state.stale = true;
    } catch {
      this.crashed(); // the runtime failed: replace it
    }
  }

  close(uri: string): void {
    const state = this.docs.get(uri);
    this.docs.delete(uri);
    if (!state || !this.rt) return;
    try {
      state.tree.delete();
    } catch {
      this.crashed();
    }
  }

  dispose(): void {
    this.disposed = true;
    this.helper?.dispose();
    const rt = this.rt;
    this.rt = undefined;
    if (rt) {
      try {
        for (const d of this.docs.values()) d.tree.delete();
        rt.parser.delete();
      } catch {
        // A broken runtime is dropped with its memory.
      }
    }
    this.docs.clear();
  }

  /** Constants the document imports from sibling files (a failure there only loses those constants). */
  private siblingsOf(family: Family, module: Stmt[], text: string, uri: string): ReturnType<SiblingModules['resolve']> {
    try {
      return this.siblings?.resolve(family, module, text, uri);
    } catch (err) {
      if (err instanceof RuntimeFailed) throw err;
      if (isRuntimeCrash(err)) throw new RuntimeFailed(err);
      return undefined;
    }
  }

  /** Parses a sibling file into module IR with the same runtime (its tree is freed at once). */
  private parseSibling(languageId: LintLanguageId, text: string): Stmt[] | undefined {
    const rt = this.rt;
    const lang = rt?.languages.get(languageId);
    if (!rt || !lang) return undefined;
    rt.parser.setLanguage(lang);
    let tree: TS.Tree | null;
    try {
      tree = parseText(rt, text, null, performance.now() + Math.min(this.budgetMs, 1000));
    } catch (err) {
      if (err instanceof OverBudget) return undefined; // a sibling too slow to parse gives no constants
      throw err;
    }
    if (!tree) return undefined;
    try {
      const state: DocState = { languageId, text, tree, chunks: new Map(), analysis: new AnalysisCache() };
      return this.buildModule(state, familyOf(languageId), Infinity);
    } finally {
      tree.delete();
    }
  }

  private notReady(): LintSkip {
    void this.ready(); // a failed restart is tried again
    return {
      reason: 'parser-crash',
      message: this.restartError ?? 'not linted: the parser is restarting after a crash on another file; lint again in a moment.',
    };
  }

  /** Drops the runtime and every tree in it (its memory may be corrupt) and loads a new one. */
  private crashed(): void {
    this.rt = undefined;
    this.docs.clear();
    if (!this.disposed) this.restart();
  }

  private restart(): void {
    if (this.restarting) return;
    this.restarting = this.load()
      .then(
        (rt) => {
          if (this.disposed) {
            rt.parser.delete();
            return;
          }
          this.rt = rt;
          this.restartError = undefined;
        },
        (err: unknown) => {
          this.restartError = `not linted: the parser could not be restarted after a crash (${err instanceof Error ? err.message : String(err)}).`;
        },
      )
      .finally(() => {
        this.restarting = undefined;
      });
  }

  private reparse(state: DocState, text: string, deadline: number): void {
    const rt = this.rt;
    if (!rt) return;
    rt.parser.setLanguage(rt.languages.get(state.languageId) ?? null);
    // An edited half-document tree is not reused: its edits are relative to a tree of part of the text.
    const tree = parseText(rt, text, state.partial ? null : state.tree, deadline);
    if (!tree) return;
    try {
      if (state.partial)
        state.changed = undefined; // the next build reads the whole tree
      else noteReparse(state, state.tree, tree);
    } finally {
      state.tree.delete();
      state.tree = tree;
      state.text = text;
      state.stale = false;
      state.partial = false;
    }
  }

  settle(): void {
    for (const [uri, state] of this.docs) {
      const rt = this.rt;
      if (!rt) return;
      if (!state.stale && !state.partial) continue;
      const deadline = performance.now() + this.budgetMs;
      try {
        rt.parser.setLanguage(rt.languages.get(state.languageId) ?? null);
        if (state.text !== state.builtText) {
          this.reparse(state, state.text, deadline);
          continue;
        }
        // The last build is of this text: its chunk layout already holds, only the tree is brought up to date (a
        // half-document tree is reused too: tree-sitter parses again what its ranges did not cover).
        const tree = parseText(rt, state.text, state.tree, deadline);
        if (!tree) continue;
        state.tree.delete();
        state.tree = tree;
        state.stale = false;
        state.partial = false;
      } catch (err) {
        if (err instanceof OverBudget) this.close(uri);
        else this.crashed();
      }
    }
  }

  private parse(doc: LintDocument, deadline: number): DocState | undefined {
    const rt = this.rt;
    if (!rt) return undefined;
    let state = this.docs.get(doc.uri);
    if (state && state.languageId === doc.languageId) {
      if (state.text !== doc.text) {
        const edit = diffEdit(state.text, doc.text);
        try {
          if (edit) state.tree.edit(edit);
        } catch (err) {
          throw new RuntimeFailed(err);
        }
        state.text = doc.text;
        state.stale = true;
      }
      return state;
    }
    if (state) this.close(doc.uri);
    const lang = rt.languages.get(doc.languageId);
    if (!lang) return undefined;
    rt.parser.setLanguage(lang);
    const parsed = parseNew(rt, this.helper, doc, deadline);
    if (!parsed) return undefined;
    this.counts[parsed.flat ? 'halves' : 'whole']++;
    state = { languageId: doc.languageId, text: doc.text, tree: parsed.tree, chunks: parsed.chunks ?? new Map(), analysis: new AnalysisCache() };
    if (parsed.flat) {
      state.partial = true;
      state.flat = parsed.flat;
    }
    this.docs.set(doc.uri, state);
    return state;
  }

  private buildModule(state: DocState, family: Family, deadline: number): Stmt[] {
    if (state.stale) {
      const local = this.rt && localBuild(this.rt, state, family, deadline, ++this.gen);
      if (local) return local;
      this.reparse(state, state.text, deadline);
    }
    const ex = EXTRACTORS[family];
    const src = state.text;
    const wasm = this.rt?.wasm;
    const tree = state.tree;
    // A build from scratch reads the whole tree into arrays at once (flat-tree.ts); an edit inside one chunk uses the Node API.
    const flat = state.flat;
    state.flat = undefined;
    if (flat) return buildModule(state, tree.rootNode, src, ex.container, ++this.gen, new ChunkExtractor(ex.extract, src, deadline), () => flat.node(0));
    const whole = wasm
      ? (): SyntaxNode => {
          try {
            return FlatTree.read(wasm, tree, tree.rootNode, src, src.length >> 1).node(0);
          } catch (err) {
            throw isRuntimeCrash(err) ? new RuntimeFailed(err) : err;
          }
        }
      : undefined;
    return buildModule(state, tree.rootNode, src, ex.container, ++this.gen, new ChunkExtractor(ex.extract, src, deadline), whole);
  }
}

/** Creates a linter with a given runtime loader (createLinter uses loadRuntime; tests pass a failing one). */
export async function createLinterWith(loader: RuntimeLoader, opts: LinterOptions): Promise<Linter> {
  const load = (): Promise<Runtime> => loader(opts.wasmDir);
  const rt = await load();
  const helper = opts.parallelParse && rt.wasm ? new ParseHelper(opts.wasmDir, opts.parseHelperScript, opts.parallelParse === 'always') : undefined;
  return new TreeSitterLinter(rt, load, opts.timeBudgetMs ?? DEFAULT_TIME_BUDGET_MS, opts.siblings, helper);
}

/** Creates a linter; loads tree-sitter and the grammars from `opts.wasmDir` (dist/tree-sitter in the extension). */
export async function createLinter(opts: LinterOptions): Promise<Linter> {
  return createLinterWith(loadRuntime, opts);
}
