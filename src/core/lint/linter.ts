// The linter: one tree per document, incremental reparsing, per-chunk IR caching, then analysis and rules.

import type * as TS from '@vscode/tree-sitter-wasm';
import type { Spec } from '../spec/types';
import { analyzeModule } from './analyze';
import { AnalysisCache } from './incremental';
import { ExtractCtx, kids } from './extract-common';
import { cppContainer, extractCpp } from './extract-cpp';
import { extractJava, javaContainer } from './extract-java';
import { extractJs, jsContainer } from './extract-js';
import { extractPython, pythonContainer } from './extract-python';
import type { ChunkBase, Stmt } from './ir';
import { loadGrammars, type Grammars } from './parser';
import type { Family } from './scope';
import type { DocumentEdit, EditPoint, Finding, LintDocument, LintLanguageId, Linter, LinterOptions } from './types';

interface CachedChunk {
  ch: ChunkBase;
  stmts: Stmt[];
  gen: number;
}

interface DocState {
  languageId: LintLanguageId;
  text: string;
  tree: TS.Tree;
  chunks: Map<string, CachedChunk[]>;
  analysis: AnalysisCache;
  /** The findings of the last lint, valid while the text and the spec stay the same. */
  memo?: { text: string; specKey: string; findings: Finding[] };
}

/** The language family (analysis rules) of a language id. */
export function familyOf(id: LintLanguageId): Family {
  return id === 'python' ? 'python' : id === 'cpp' ? 'cpp' : id === 'java' ? 'java' : 'js';
}

type Extractor = { extract: (ctx: ExtractCtx, n: TS.Node) => Stmt[]; container: (n: TS.Node) => { name: string; body: TS.Node; isClass?: boolean } | undefined };

const EXTRACTORS: Record<Family, Extractor> = {
  python: { extract: extractPython, container: pythonContainer },
  cpp: { extract: extractCpp, container: cppContainer },
  java: { extract: extractJava, container: javaContainer },
  js: { extract: extractJs, container: jsContainer },
};

function point(p: EditPoint): TS.Point {
  return 'row' in p ? { row: p.row, column: p.column } : { row: p.line, column: p.character };
}

function pointAt(text: string, offset: number): TS.Point {
  let row = 0;
  let last = -1;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) { row++; last = i; }
  return { row, column: offset - last - 1 };
}

/** The edit that turns `before` into `after` (common prefix and suffix kept). */
export function diffEdit(before: string, after: string): TS.Edit | undefined {
  if (before === after) return undefined;
  const max = Math.min(before.length, after.length);
  let p = 0;
  while (p < max && before.charCodeAt(p) === after.charCodeAt(p)) p++;
  let s = 0;
  while (s < max - p && before.charCodeAt(before.length - 1 - s) === after.charCodeAt(after.length - 1 - s)) s++;
  const oldEnd = before.length - s;
  const newEnd = after.length - s;
  return {
    startIndex: p, oldEndIndex: oldEnd, newEndIndex: newEnd,
    startPosition: pointAt(before, p), oldEndPosition: pointAt(before, oldEnd), newEndPosition: pointAt(after, newEnd),
  };
}

class TreeSitterLinter implements Linter {
  private readonly docs = new Map<string, DocState>();
  private gen = 0;

  constructor(private readonly g: Grammars) {}

  lint(doc: LintDocument, spec: Spec): Finding[] {
    const state = this.parse(doc);
    if (!state) return [];
    const specKey = JSON.stringify(spec);
    const memo = state.memo;
    if (memo && memo.specKey === specKey && memo.text === state.text) return memo.findings.slice();
    const family = familyOf(doc.languageId);
    try {
      const module = this.buildModule(state, family);
      const findings = analyzeModule(family, module, spec, state.text, state.analysis, specKey);
      state.memo = { text: state.text, specKey, findings };
      return findings.slice();
    } catch {
      // Never throw on user code; analyzeModule already isolates failures per function, this is the last resort.
      state.analysis = new AnalysisCache();
      state.memo = undefined;
      return [];
    }
  }

  update(uri: string, edit: DocumentEdit | DocumentEdit[], newText: string): void {
    const state = this.docs.get(uri);
    if (!state) return;
    for (const e of Array.isArray(edit) ? edit : [edit]) {
      state.tree.edit({
        startIndex: e.startIndex, oldEndIndex: e.oldEndIndex, newEndIndex: e.newEndIndex,
        startPosition: point(e.startPosition), oldEndPosition: point(e.oldEndPosition), newEndPosition: point(e.newEndPosition),
      });
    }
    this.reparse(state, newText);
  }

  close(uri: string): void {
    this.docs.get(uri)?.tree.delete();
    this.docs.delete(uri);
  }

  dispose(): void {
    for (const d of this.docs.values()) d.tree.delete();
    this.docs.clear();
    this.g.parser.delete();
  }

  private reparse(state: DocState, text: string): void {
    this.g.parser.setLanguage(this.g.languages.get(state.languageId) ?? null);
    const tree = this.g.parser.parse(text, state.tree);
    if (!tree) return;
    state.tree.delete();
    state.tree = tree;
    state.text = text;
  }

  private parse(doc: LintDocument): DocState | undefined {
    let state = this.docs.get(doc.uri);
    if (state && state.languageId === doc.languageId) {
      if (state.text !== doc.text) {
        const edit = diffEdit(state.text, doc.text);
        if (edit) state.tree.edit(edit);
        this.reparse(state, doc.text);
      }
      return state;
    }
    if (state) this.close(doc.uri);
    const lang = this.g.languages.get(doc.languageId);
    if (!lang) return undefined;
    this.g.parser.setLanguage(lang);
    const tree = this.g.parser.parse(doc.text);
    if (!tree) return undefined;
    state = { languageId: doc.languageId, text: doc.text, tree, chunks: new Map(), analysis: new AnalysisCache() };
    this.docs.set(doc.uri, state);
    return state;
  }

  private buildModule(state: DocState, family: Family): Stmt[] {
    const gen = ++this.gen;
    const fresh = new Map<string, CachedChunk[]>();
    const ex = EXTRACTORS[family];
    const src = state.text;
    const chunk = (n: TS.Node): Stmt[] => {
      const key = `${n.type}\u0000${src.slice(n.startIndex, n.endIndex)}`;
      const old = state.chunks.get(key)?.find((c) => c.gen !== gen);
      let entry: CachedChunk;
      if (old) {
        old.ch.base = n.startIndex;
        old.gen = gen;
        entry = old;
      } else {
        const ch: ChunkBase = { base: n.startIndex };
        let stmts: Stmt[];
        try {
          stmts = ex.extract(new ExtractCtx(src, ch), n);
        } catch {
          stmts = []; // e.g. nesting too deep for the stack: the rest of the file is still linted
        }
        entry = { ch, stmts, gen };
      }
      const list = fresh.get(key);
      if (list) list.push(entry); else fresh.set(key, [entry]);
      return entry.stmts;
    };
    const walk = (nodes: TS.Node[]): Stmt[] => {
      const out: Stmt[] = [];
      for (const n of nodes) {
        const c = ex.container(n);
        if (!c) { out.push(...chunk(n)); continue; }
        const ch: ChunkBase = { base: n.startIndex };
        const sp = { ch, s: 0, e: n.endIndex - n.startIndex };
        const body = walk(kids(c.body));
        out.push(c.isClass === false ? { k: 'block', body, sp, container: true } : { k: 'class', name: c.name, body, sp, container: true });
      }
      return out;
    };
    const module = walk(kids(state.tree.rootNode));
    state.chunks = fresh;
    return module;
  }
}

/** Creates a linter; loads tree-sitter and the grammars from `opts.wasmDir` (dist/tree-sitter in the extension). */
export async function createLinter(opts: LinterOptions): Promise<Linter> {
  return new TreeSitterLinter(await loadGrammars(opts.wasmDir));
}
