// A syntax tree read out of tree-sitter in one walk into flat typed arrays, with a light node view over them.
// The binding's Node API costs a call into wasm, a JS object and marshalling per node and per question; here a
// TreeCursor walks the tree once, calling the wasm exports directly, and the extractors read plain arrays.

import type * as TS from '@vscode/tree-sitter-wasm';
import { heapLanguage, readHeapTree, type HeapLanguage } from './flat-heap';

/** The subset of tree-sitter's Node API the extractors use; both tree-sitter's Node and FlatNode have it. */
export interface SyntaxNode {
  readonly type: string;
  readonly text: string;
  readonly startIndex: number;
  readonly endIndex: number;
  readonly namedChildren: (SyntaxNode | null)[];
  readonly namedChildCount: number;
  namedChild(index: number): SyntaxNode | null;
  childForFieldName(name: string): SyntaxNode | null;
  childrenForFieldName(name: string): (SyntaxNode | null)[];
}

/** The emscripten module of a tree-sitter runtime: its memory and the cursor exports a walk calls. */
export interface TreeSitterWasm {
  HEAP32: Int32Array;
  _ts_init(): number;
  _ts_tree_cursor_goto_first_child_wasm(tree: number): number;
  _ts_tree_cursor_goto_next_sibling_wasm(tree: number): number;
  _ts_tree_cursor_goto_parent_wasm(tree: number): number;
  _ts_tree_cursor_current_node_type_id_wasm(tree: number): number;
  _ts_tree_cursor_current_field_id_wasm(tree: number): number;
  _ts_tree_cursor_start_index_wasm(tree: number): number;
  _ts_tree_cursor_end_index_wasm(tree: number): number;
}

/** True when `m` (the object given to Parser.init, which emscripten fills in) has every export a flat walk needs. */
export function isTreeSitterWasm(m: unknown): m is TreeSitterWasm {
  if (typeof m !== 'object' || m === null) return false;
  const r = m as Record<string, unknown>;
  return (
    r.HEAP32 instanceof Int32Array &&
    [
      '_ts_init',
      '_ts_tree_cursor_goto_first_child_wasm',
      '_ts_tree_cursor_goto_next_sibling_wasm',
      '_ts_tree_cursor_goto_parent_wasm',
      '_ts_tree_cursor_current_node_type_id_wasm',
      '_ts_tree_cursor_current_field_id_wasm',
      '_ts_tree_cursor_start_index_wasm',
      '_ts_tree_cursor_end_index_wasm',
    ].every((k) => typeof r[k] === 'function')
  );
}

const NONE = -1;
/** Tree-sitter's symbol of an ERROR node. */
const ERROR_ID = 65535;

/** Per-language lookups a flat tree needs: type names, named-ness per type id, field ids by name. */
class LanguageInfo {
  readonly named = new Int8Array(65536).fill(-1);
  readonly fieldIds = new Map<string, number>();
  constructor(readonly lang: TS.Language) {
    lang.fields.forEach((f, i) => {
      if (f !== null && !this.fieldIds.has(f)) this.fieldIds.set(f, i);
    });
  }
  typeName(id: number): string {
    return this.lang.types[id] || 'ERROR';
  }
  isNamed(id: number): boolean {
    let v = this.named[id]!;
    if (v < 0) v = this.named[id] = this.lang.nodeTypeIsNamed(id) ? 1 : 0;
    return v === 1;
  }
}

const infos = new WeakMap<TS.Language, LanguageInfo>();

/** A subtree read into arrays: node i's type id, field id (0 = none), extent, first child and next sibling. */
export class FlatTree {
  size = 0;
  type = new Uint16Array(0);
  field = new Uint16Array(0);
  start = new Int32Array(0);
  end = new Int32Array(0);
  firstChild = new Int32Array(0);
  next = new Int32Array(0);
  private typeNames: (string | undefined)[] = [];
  readonly info: LanguageInfo;

  constructor(
    lang: TS.Language,
    readonly src: string,
  ) {
    let info = infos.get(lang);
    if (!info) infos.set(lang, (info = new LanguageInfo(lang)));
    this.info = info;
  }

  /**
   * A node view of entry `i`. Views are not cached: one that the extractor drops dies young, which keeps a scavenge
   * during a build from copying a view (and its child list) for every node read so far.
   */
  node(i: number): FlatNode {
    return new FlatNode(this, i);
  }

  /** The type name of entry `i`. */
  typeOf(i: number): string {
    const id = this.type[i]!;
    return (this.typeNames[id] ??= this.info.typeName(id));
  }

  /** True when entry `i` is a named node. */
  isNamed(i: number): boolean {
    return this.info.isNamed(this.type[i]!);
  }

  /** Makes room for `cap` entries (twice as many as now by default). */
  grow(cap = this.type.length * 2): void {
    const g = <T extends Uint16Array | Int32Array>(a: T, make: (n: number) => T): T => {
      const b = make(cap);
      b.set(a);
      return b;
    };
    this.type = g(this.type, (n) => new Uint16Array(n));
    this.field = g(this.field, (n) => new Uint16Array(n));
    this.start = g(this.start, (n) => new Int32Array(n));
    this.end = g(this.end, (n) => new Int32Array(n));
    this.firstChild = g(this.firstChild, (n) => new Int32Array(n));
    this.next = g(this.next, (n) => new Int32Array(n));
  }

  /**
   * Reads the subtree under `root` (a node of `tree`, parsed from `src`); `sizeHint` presizes the arrays. A whole tree
   * is read from wasm memory (flat-heap.ts) once its language's layout has been checked; a subtree with a cursor walk.
   */
  static read(wasm: TreeSitterWasm, tree: TS.Tree, root: TS.Node, src: string, sizeHint: number): FlatTree {
    const t = wasmFields(tree)[0]!;
    const checked = heapChecked.get(tree.language);
    if (root.id === t && root.startIndex === 0 && checked !== false) {
      const ft = FlatTree.readHeap(wasm, tree, src, sizeHint);
      if (checked === true && ft) return ft;
      // The first whole tree of a language is read both ways: the memory walk is used only when both agree.
      const byCursor = FlatTree.readByCursor(wasm, tree, root, src, sizeHint);
      const same = ft !== undefined && sameEntries(ft, byCursor);
      heapChecked.set(tree.language, same);
      return byCursor;
    }
    return FlatTree.readByCursor(wasm, tree, root, src, sizeHint);
  }

  /** The whole tree read from wasm memory, or undefined when the memory does not look like tree-sitter 0.25's. */
  static readHeap(wasm: TreeSitterWasm, tree: TS.Tree, src: string, sizeHint: number): FlatTree | undefined {
    const t = wasmFields(tree)[0]!;
    const heap = wasm.HEAP32;
    const at = heap[(t >> 2) + 2]!;
    let lang = heapLangs.get(tree.language);
    if (!lang || lang.at !== at) heapLangs.set(tree.language, (lang = { at, L: heapLanguage(heap, at) }));
    const L = lang.L;
    if (L.fieldCount !== tree.language.fields.length - 1 || L.maxAliasLength > 4096) return undefined;
    const ft = new FlatTree(tree.language, src);
    ft.grow(Math.max(1024, sizeHint));
    const info = ft.info;
    try {
      ft.size = readHeapTree(heap.buffer, t, L, (ty) => info.isNamed(ty), ft, 4 * src.length + 1024);
    } catch {
      return undefined; // an entry out of bounds: not the layout this walk knows
    }
    return ft;
  }

  /** Reads the subtree under `root` with one cursor walk. */
  static readByCursor(wasm: TreeSitterWasm, tree: TS.Tree, root: TS.Node, src: string, sizeHint: number): FlatTree {
    const ft = new FlatTree(tree.language, src);
    ft.grow(Math.max(1024, sizeHint));
    const cursor = root.walk();
    const t = wasmFields(tree)[0]!;
    const c = wasmFields(cursor);
    const buf = wasm._ts_init() >> 2;
    let heap = wasm.HEAP32;
    for (let k = 0; k < 4; k++) heap[buf + k] = c[k]!;
    const gotoFirst = wasm._ts_tree_cursor_goto_first_child_wasm;
    const gotoNext = wasm._ts_tree_cursor_goto_next_sibling_wasm;
    const gotoParent = wasm._ts_tree_cursor_goto_parent_wasm;
    const typeId = wasm._ts_tree_cursor_current_node_type_id_wasm;
    const fieldId = wasm._ts_tree_cursor_current_field_id_wasm;
    const startAt = wasm._ts_tree_cursor_start_index_wasm;
    const endAt = wasm._ts_tree_cursor_end_index_wasm;
    // Ancestors of the current entry, and the last child entry seen under each.
    const stack: number[] = [];
    const lastChild: number[] = [];
    const info = ft.info;
    // Extents come from the cursor's entry in wasm memory (see entryStart); the first nodes are checked against the
    // binding's calls, and a runtime laid out differently is read through the calls.
    let fromHeap = true;
    let checks = 64;
    let n = 0;
    try {
      for (;;) {
        const ty = typeId(t);
        const fid = fieldId(t);
        // An anonymous node without a field (punctuation, keywords) is never asked for: not a named child, not a
        // field. A leaf of that kind is skipped without reading its extent; one with children (rare) is kept.
        const hidden = fid === 0 && stack.length > 0 && !info.isNamed(ty);
        if (hidden && !gotoFirst(t)) {
          if (!nextOrUp(gotoNext, gotoParent, t, stack, lastChild)) break;
          continue;
        }
        if (hidden) gotoParent(t); // back from the first child of a kept anonymous node
        if (n === ft.type.length) ft.grow();
        const i = n++;
        ft.type[i] = ty;
        ft.field[i] = fid;
        let s: number;
        let e: number;
        if (fromHeap) {
          if (heap.length === 0) heap = wasm.HEAP32; // the memory grew: a new view
          s = entryStart(heap, buf);
          e = entryEnd(heap, buf, s);
          if (checks > 0) {
            checks--;
            const s2 = startAt(t);
            const e2 = endAt(t);
            if (s2 !== s || e2 !== e) fromHeap = false;
            s = s2;
            e = e2;
          }
        } else {
          s = startAt(t);
          e = endAt(t);
        }
        ft.start[i] = s;
        ft.end[i] = e;
        ft.firstChild[i] = NONE;
        ft.next[i] = NONE;
        const depth = stack.length;
        if (depth > 0) {
          const prev = lastChild[depth - 1]!;
          if (prev === NONE) ft.firstChild[stack[depth - 1]!] = i;
          else ft.next[prev] = i;
          lastChild[depth - 1] = i;
        }
        if (gotoFirst(t)) {
          stack.push(i);
          lastChild.push(NONE);
          continue;
        }
        if (!nextOrUp(gotoNext, gotoParent, t, stack, lastChild)) break;
      }
    } finally {
      heap = wasm.HEAP32;
      for (let k = 0; k < 4; k++) c[k] = heap[buf + k]!;
      cursor.delete();
    }
    ft.size = n;
    return ft;
  }
}

// After every move the binding leaves the cursor in its transfer buffer: word 0 is the address of the cursor's stack
// of entries, word 1 the stack's size; the last entry is the current node. An entry (7 words) holds the address of
// the node's Subtree and its start (in bytes: the binding parses UTF-16, 2 bytes per code unit). The node's size is
// in the Subtree: an inline one (lowest bit set) keeps it in its last byte, a heap one points at data whose `size`
// field starts at byte 16. Reading these saves two calls into wasm per node.

/** Start (UTF-16 code units) of the cursor's current node, read from wasm memory. */
function entryStart(heap: Int32Array, buf: number): number {
  const top = (heap[buf]! >> 2) + (heap[buf + 1]! - 1) * 7;
  return heap[top + 1]! >>> 1;
}

/** End (UTF-16 code units) of the cursor's current node, which starts at `start`, read from wasm memory. */
function entryEnd(heap: Int32Array, buf: number, start: number): number {
  const top = (heap[buf]! >> 2) + (heap[buf + 1]! - 1) * 7;
  const sub = heap[top]! >> 2;
  const word = heap[sub]!;
  const bytes = word & 1 ? heap[sub + 1]! >>> 24 : heap[(word >> 2) + 4]!;
  return start + (bytes >>> 1);
}

/** Per language: whether its trees read from wasm memory match a cursor walk (absent: not checked yet). */
const heapChecked = new WeakMap<TS.Language, boolean>();
/** Each grammar's tables in wasm memory, read once (with its address: a language loaded again is read again). */
const heapLangs = new WeakMap<TS.Language, { at: number; L: HeapLanguage }>();

/** True when two reads of the same tree have the same entries. */
function sameEntries(a: FlatTree, b: FlatTree): boolean {
  if (a.size !== b.size) return false;
  for (let i = 0; i < a.size; i++) {
    if (a.type[i] !== b.type[i] || a.field[i] !== b.field[i] || a.start[i] !== b.start[i] || a.end[i] !== b.end[i]) return false;
    if (a.firstChild[i] !== b.firstChild[i] || a.next[i] !== b.next[i]) return false;
  }
  return true;
}

/** Moves the cursor to the next node in pre-order after a subtree (its next sibling, or an ancestor's); false at the end of the walk. */
function nextOrUp(gotoNext: (t: number) => number, gotoParent: (t: number) => number, t: number, stack: number[], lastChild: number[]): boolean {
  while (!gotoNext(t)) {
    if (stack.length === 0 || !gotoParent(t)) return false;
    stack.pop();
    lastChild.pop();
  }
  return stack.length > 0;
}

/** A node of a FlatTree with the part of tree-sitter's Node API the extractors use. */
export class FlatNode implements SyntaxNode {
  private named: FlatNode[] | undefined;
  constructor(
    private readonly ft: FlatTree,
    readonly i: number,
  ) {}

  get type(): string {
    return this.ft.typeOf(this.i);
  }
  get text(): string {
    return this.ft.src.slice(this.ft.start[this.i], this.ft.end[this.i]);
  }
  get startIndex(): number {
    return this.ft.start[this.i]!;
  }
  get endIndex(): number {
    return this.ft.end[this.i]!;
  }
  get namedChildren(): FlatNode[] {
    if (this.named) return this.named;
    const ft = this.ft;
    const out: FlatNode[] = [];
    for (let c = ft.firstChild[this.i]!; c !== NONE; c = ft.next[c]!) if (ft.isNamed(c)) out.push(ft.node(c));
    return (this.named = out);
  }
  get namedChildCount(): number {
    return this.namedChildren.length;
  }
  namedChild(index: number): FlatNode | null {
    return this.namedChildren[index] ?? null;
  }
  childForFieldName(name: string): FlatNode | null {
    const ft = this.ft;
    const id = ft.info.fieldIds.get(name);
    // An ERROR node's children keep their fields for a cursor (and childrenForFieldName), not for childForFieldName.
    if (id === undefined || ft.type[this.i] === ERROR_ID) return null;
    for (let c = ft.firstChild[this.i]!; c !== NONE; c = ft.next[c]!) if (ft.field[c] === id) return ft.node(c);
    return null;
  }
  childrenForFieldName(name: string): FlatNode[] {
    const ft = this.ft;
    const id = ft.info.fieldIds.get(name);
    const out: FlatNode[] = [];
    if (id === undefined) return out;
    for (let c = ft.firstChild[this.i]!; c !== NONE; c = ft.next[c]!) if (ft.field[c] === id) out.push(ft.node(c));
    return out;
  }
}

/** The numbered fields in which tree-sitter's binding keeps a tree's or cursor's wasm addresses (`tree[0]`, `cursor[0..3]`). */
function wasmFields(o: object): Record<number, number> {
  return o as Record<number, number>;
}
