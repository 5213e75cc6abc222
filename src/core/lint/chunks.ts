// The document's IR, one cached chunk per top-level node (or member of a container: a class, a namespace). A chunk is
// cached by its node type and text, so an edit re-extracts only the chunks whose text changed.
// An edit strictly inside one chunk takes a faster way: the chunk is found by the layout of the last build, checked
// against the new tree (the same number of nodes at each level, the same extent moved by the edit, and tree-sitter's
// changed ranges all inside it), and only it is extracted; every other chunk keeps its IR and moves by the edit.

import type * as TS from '@vscode/tree-sitter-wasm';
import type { SyntaxNode } from './flat-tree';
import { COMMENT_TYPES } from './extract-common';
import type { ChunkBase, Stmt } from './ir';

/** A chunk's IR and the build that last used it. */
export interface CachedChunk {
  ch: ChunkBase;
  stmts: Stmt[];
  gen: number;
}

/** Where a container keeps its members: its name, kind and body node. */
export type ContainerOf = (n: SyntaxNode) => { name: string; body: SyntaxNode; isClass?: boolean } | undefined;

/** One named node of a list in the layout: a chunk, or a container with its own list. `raw` is its named-child index. */
type Item =
  | { k: 'chunk'; raw: number; type: string; start: number; end: number; entry: CachedChunk; key: string }
  | { k: 'container'; raw: number; type: string; start: number; end: number; name: string; isClass: boolean | undefined; list: Level };

/** The named children of one node: how many there were (comments included) and the ones that are chunks or containers. */
interface Level {
  count: number;
  items: Item[];
}

/** The chunk state of a document. */
export interface ChunkState {
  /** Chunks by type and text (several for identical text). */
  chunks: Map<string, CachedChunk[]>;
  /** The layout and text of the last build; `changed` collects tree-sitter's changed ranges since then. */
  layout?: Level | undefined;
  builtText?: string | undefined;
  changed?: { startIndex: number; endIndex: number }[] | undefined;
  /** True once the tree was reparsed since the last build (a second reparse makes the changed ranges unknown). */
  reparsed?: boolean | undefined;
}

/** Extracts one node's IR into a chunk based at its start (the caller handles budgets and crashes). */
export interface ExtractChunk {
  chunk(n: SyntaxNode, ch: ChunkBase): Stmt[];
}

/** Records the ranges tree-sitter reports changed by a reparse (call with the edited old tree and the new one). */
export function noteReparse(state: ChunkState, oldTree: TS.Tree, newTree: TS.Tree): void {
  if (!state.layout || !state.changed) return;
  if (state.reparsed) {
    state.changed = undefined;
    return;
  }
  state.reparsed = true;
  for (const r of oldTree.getChangedRanges(newTree)) state.changed.push({ startIndex: r.startIndex, endIndex: r.endIndex });
}

function keyOf(src: string, n: SyntaxNode): string {
  return `${n.type}\u0000${src.slice(n.startIndex, n.endIndex)}`;
}

/** The module IR of the document's tree; `gen` is a number new to this build; `whole` gives the root to read a full build from. */
export function buildModule(
  state: ChunkState,
  root: SyntaxNode,
  src: string,
  container: ContainerOf,
  gen: number,
  extract: ExtractChunk,
  whole?: () => SyntaxNode,
): Stmt[] {
  const fast = state.layout && state.builtText !== undefined && state.changed ? afterEdit(state, state.layout, root, src, container, gen, extract) : undefined;
  if (fast) {
    finish(state, src, state.layout!);
    return fast;
  }
  const b: Build = { state, src, container, gen, extract, fresh: new Map() };
  const layout = walkLevel(b, whole ? whole() : root);
  state.chunks = b.fresh;
  finish(state, src, layout);
  return stmtsOf(layout);
}

/** What a full build walks with (module functions with this state, not closures made per build: see walkLevel). */
interface Build {
  state: ChunkState;
  src: string;
  container: ContainerOf;
  gen: number;
  extract: ExtractChunk;
  /** The chunks of this build, by key. */
  fresh: Map<string, CachedChunk[]>;
}

/** A chunk's IR: the cached one for the same type and text (not yet used by this build), or a new extraction. */
function chunkOf(b: Build, n: SyntaxNode): { entry: CachedChunk; key: string } {
  const key = keyOf(b.src, n);
  const old = b.state.chunks.get(key)?.find((c) => c.gen !== b.gen);
  let entry: CachedChunk;
  if (old) {
    old.ch.base = n.startIndex;
    old.gen = b.gen;
    entry = old;
  } else {
    const ch: ChunkBase = { base: n.startIndex };
    entry = { ch, stmts: b.extract.chunk(n, ch), gen: b.gen };
  }
  const list = b.fresh.get(key);
  if (list) list.push(entry);
  else b.fresh.set(key, [entry]);
  return { entry, key };
}

/**
 * The layout of one node's named children: chunks, and containers with their own lists. A module function: V8
 * specialises a hot closure's optimised code to the one it was made for, and compiled a closure made per build again
 * after each major GC.
 */
function walkLevel(b: Build, parent: SyntaxNode): Level {
  const all = parent.namedChildren;
  const items: Item[] = [];
  for (let raw = 0; raw < all.length; raw++) {
    const n = all[raw];
    if (!n || COMMENT_TYPES.has(n.type)) continue;
    const c = b.container(n);
    if (!c) {
      const { entry, key } = chunkOf(b, n);
      items.push({ k: 'chunk', raw, type: n.type, start: n.startIndex, end: n.endIndex, entry, key });
    } else {
      const list = walkLevel(b, c.body);
      items.push({ k: 'container', raw, type: n.type, start: n.startIndex, end: n.endIndex, name: c.name, isClass: c.isClass, list });
    }
  }
  return { count: all.length, items };
}

/**
 * Extracts ahead the chunks of `root` that end by `before` (a first half's tree, while the helper thread parses the
 * second), into `into` by type and text with build number 0, so the document's first build reuses them. A chunk's IR
 * depends on its type and text only (the cache's own rule), so the first half's nodes give the whole tree's IR.
 */
export function extractAhead(
  into: Map<string, CachedChunk[]>,
  root: SyntaxNode,
  src: string,
  before: number,
  container: ContainerOf,
  extract: ExtractChunk,
): void {
  for (const n of root.namedChildren) {
    if (!n || n.startIndex >= before) return;
    if (COMMENT_TYPES.has(n.type)) continue;
    const c = container(n);
    if (c) {
      extractAhead(into, c.body, src, before, container, extract);
      continue;
    }
    if (n.endIndex > before) return;
    const ch: ChunkBase = { base: n.startIndex };
    const entry: CachedChunk = { ch, stmts: extract.chunk(n, ch), gen: 0 };
    const key = keyOf(src, n);
    const list = into.get(key);
    if (list) list.push(entry);
    else into.set(key, [entry]);
  }
}

function finish(state: ChunkState, src: string, layout: Level): void {
  state.layout = layout;
  state.builtText = src;
  state.changed = [];
  state.reparsed = false;
}

/** The module statements of a layout: chunks' IR, containers rebuilt around their members (as on every build). */
function stmtsOf(level: Level): Stmt[] {
  const out: Stmt[] = [];
  for (const it of level.items) {
    if (it.k === 'chunk') {
      for (const s of it.entry.stmts) out.push(s);
      continue;
    }
    const ch: ChunkBase = { base: it.start };
    const sp = { ch, s: 0, e: it.end - it.start };
    const body = stmtsOf(it.list);
    out.push(it.isClass === false ? { k: 'block', body, sp, container: true } : { k: 'class', name: it.name, body, sp, container: true });
  }
  return out;
}

/** The one range where two texts differ (common prefix and suffix kept); equal blocks are skipped with native compares first. */
export function changedRange(before: string, after: string): { start: number; oldEnd: number; newEnd: number } {
  const max = Math.min(before.length, after.length);
  const BLOCK = 4096;
  let p = 0;
  while (p + BLOCK <= max && before.slice(p, p + BLOCK) === after.slice(p, p + BLOCK)) p += BLOCK;
  while (p < max && before.charCodeAt(p) === after.charCodeAt(p)) p++;
  let s = 0;
  while (s + BLOCK <= max - p && before.slice(before.length - s - BLOCK, before.length - s) === after.slice(after.length - s - BLOCK, after.length - s))
    s += BLOCK;
  while (s < max - p && before.charCodeAt(before.length - 1 - s) === after.charCodeAt(after.length - 1 - s)) s++;
  return { start: p, oldEnd: before.length - s, newEnd: after.length - s };
}

/** The fast way after an edit strictly inside one chunk (see the header), or undefined to build from scratch. */
function afterEdit(
  state: ChunkState,
  layout: Level,
  root: SyntaxNode,
  src: string,
  container: ContainerOf,
  gen: number,
  extract: ExtractChunk,
): Stmt[] | undefined {
  const built = state.builtText!;
  if (built === src) return state.reparsed ? undefined : stmtsOf(layout);
  const e = changedRange(built, src);
  const delta = e.newEnd - e.oldEnd;
  // Find the chunk that holds the edit, level by level, checking each step against the new tree.
  const path: Item[] = [];
  let level = layout;
  let parent = root;
  let target: (Item & { k: 'chunk' }) | undefined;
  let node: SyntaxNode | null = null;
  while (!target) {
    if (parent.namedChildCount !== level.count) return undefined;
    const it = level.items.find((x) => x.start < e.start && e.oldEnd < x.end);
    if (!it) return undefined;
    node = parent.namedChild(it.raw);
    if (!node || node.type !== it.type || node.startIndex !== it.start || node.endIndex !== it.end + delta) return undefined;
    path.push(it);
    if (it.k === 'chunk') target = it;
    else {
      const c = container(node);
      if (!c || c.name !== it.name || c.isClass !== it.isClass) return undefined;
      parent = c.body;
      level = it.list;
    }
  }
  if (!node || container(node)) return undefined;
  const lo = node.startIndex;
  const hi = node.endIndex;
  if (state.changed!.some((r) => r.startIndex < lo || r.endIndex > hi)) return undefined;
  return replaceChunk(state, layout, path, target, node, src, gen, extract, e.start, delta);
}

/**
 * The fast way for an edit strictly inside one chunk when the document's tree was only edited, not reparsed:
 * `reparse(start, end, type)` parses the chunk's new text alone and gives its node, or undefined when that text is not
 * one node of the chunk's type without errors (then the caller reparses the document). Undefined when there is no such
 * chunk or no build to start from.
 */
export function localEdit(
  state: ChunkState,
  src: string,
  container: ContainerOf,
  gen: number,
  extract: ExtractChunk,
  reparse: (start: number, end: number, type: string) => SyntaxNode | undefined,
): Stmt[] | undefined {
  const layout = state.layout;
  const built = state.builtText;
  if (!layout || built === undefined || !state.changed || state.reparsed || built === src) return undefined;
  const e = changedRange(built, src);
  const delta = e.newEnd - e.oldEnd;
  const path: Item[] = [];
  let level = layout;
  for (;;) {
    const it = level.items.find((x) => x.start < e.start && e.oldEnd < x.end);
    if (!it) return undefined;
    path.push(it);
    if (it.k === 'container') {
      level = it.list;
      continue;
    }
    const node = reparse(it.start, it.end + delta, it.type);
    if (!node || container(node)) return undefined;
    const out = replaceChunk(state, layout, path, it, node, src, gen, extract, e.start, delta);
    finish(state, src, layout);
    return out;
  }
}

/** Puts the edited chunk's new IR (or a cached chunk of the same text) in the layout and moves what follows the edit. */
function replaceChunk(
  state: ChunkState,
  layout: Level,
  path: readonly Item[],
  target: Item & { k: 'chunk' },
  node: SyntaxNode,
  src: string,
  gen: number,
  extract: ExtractChunk,
  at: number,
  delta: number,
): Stmt[] {
  const key = keyOf(src, node);
  const oldList = state.chunks.get(target.key);
  if (oldList) {
    const rest = oldList.filter((c) => c !== target.entry);
    if (rest.length > 0) state.chunks.set(target.key, rest);
    else state.chunks.delete(target.key);
  }
  const same = state.chunks.get(key)?.find((c) => c.gen !== gen && !inLayout(layout, c));
  let entry: CachedChunk;
  if (same) {
    same.ch.base = node.startIndex;
    same.gen = gen;
    entry = same;
  } else {
    const ch: ChunkBase = { base: node.startIndex };
    entry = { ch, stmts: extract.chunk(node, ch), gen };
    const list = state.chunks.get(key);
    if (list) list.push(entry);
    else state.chunks.set(key, [entry]);
  }
  target.entry = entry;
  target.key = key;
  shift(layout, at, delta, new Set(path));
  return stmtsOf(layout);
}

/** True when a cached chunk is one the layout uses. */
function inLayout(level: Level, c: CachedChunk): boolean {
  return level.items.some((it) => (it.k === 'chunk' ? it.entry === c : inLayout(it.list, c)));
}

/** Moves the layout by an edit of `delta` characters at `at`: items after it move, the ones holding it grow. */
function shift(level: Level, at: number, delta: number, holding: ReadonlySet<Item>): void {
  if (delta === 0) return;
  for (const it of level.items) {
    if (holding.has(it)) {
      it.end += delta;
      if (it.k === 'container') shift(it.list, at, delta, holding);
      continue;
    }
    if (it.start < at) continue;
    it.start += delta;
    it.end += delta;
    if (it.k === 'chunk') it.entry.ch.base = it.start;
    else shift(it.list, at, delta, holding);
  }
}
