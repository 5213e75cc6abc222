// A whole syntax tree read straight from the tree-sitter runtime's memory, without a call into wasm per node.
// A TreeCursor walk (flat-tree.ts) makes about six calls into wasm per node, and each call recomputes the cursor's
// node; this walk reads tree-sitter's own structures (tree-sitter 0.25, as built in @vscode/tree-sitter-wasm) with the
// rules of its TreeCursor: invisible nodes are flattened into their parent, an alias makes a node visible and renames
// it, a field is found in the production's field map of the node or of its invisible ancestors. The layout is checked
// per language (the first tree read both ways must give the same arrays), and a runtime that differs is walked with the
// cursor.

/** What the walk fills in: the arrays of a FlatTree (see flat-tree.ts), grown on demand. */
export interface FlatSink {
  type: Uint16Array;
  field: Uint16Array;
  start: Int32Array;
  end: Int32Array;
  firstChild: Int32Array;
  next: Int32Array;
  /** Makes room for at least one more entry (the arrays above may be replaced). */
  grow(): void;
}

/** Offsets and tables of one grammar (a TSLanguage) in wasm memory. */
export interface HeapLanguage {
  fieldCount: number;
  maxAliasLength: number;
  /** Byte addresses of field_map_slices, field_map_entries, public_symbol_map and alias_sequences. */
  slices: number;
  entries: number;
  publicMap: number;
  aliases: number;
  /** The field id of each production's structural children (0: none), `width` entries per production. */
  fields: Uint16Array;
  width: number;
}

const NONE = -1;
const ERROR_SYMBOL = 65535;

/** Reads a TSLanguage's header (`lang` is its address, e.g. the `language` word of a TSTree). */
export function heapLanguage(heap: Int32Array, lang: number): HeapLanguage {
  const w = lang >> 2;
  // abi_version, symbol_count, alias_count, token_count, external_token_count, state_count, large_state_count,
  // production_id_count, field_count (words 0-8), max_alias_sequence_length (u16 at word 9), then pointers:
  // parse_table (10), small_parse_table (11), small_parse_table_map (12), parse_actions (13), symbol_names (14),
  // field_names (15), field_map_slices (16), field_map_entries (17), symbol_metadata (18), public_symbol_map (19),
  // alias_map (20), alias_sequences (21).
  const L = {
    fieldCount: heap[w + 8]!,
    maxAliasLength: heap[w + 9]! & 0xffff,
    slices: heap[w + 16]!,
    entries: heap[w + 17]!,
    publicMap: heap[w + 19]!,
    aliases: heap[w + 21]!,
    fields: new Uint16Array(0),
    width: 0,
  };
  if (L.fieldCount > 0) fieldTable(heap, L, heap[w + 7]!);
  return L;
}

/**
 * Fills `L.fields` from the field map: for each production, the first non-inherited field of each structural child
 * index (what a TreeCursor reports), so the walk looks a field up instead of scanning the production's entries.
 */
function fieldTable(heap: Int32Array, L: HeapLanguage, productions: number): void {
  const u16 = new Uint16Array(heap.buffer);
  const u8 = new Uint8Array(heap.buffer);
  if (!(productions > 0 && productions < 65536)) return;
  let width = 0;
  for (let prod = 0; prod < productions; prod++) {
    const slice = (L.slices >> 1) + prod * 2;
    for (let k = 0; k < u16[slice + 1]!; k++) width = Math.max(width, u8[L.entries + (u16[slice]! + k) * 4 + 2]! + 1);
  }
  const fields = new Uint16Array(productions * width);
  for (let prod = 0; prod < productions; prod++) {
    const slice = (L.slices >> 1) + prod * 2;
    for (let k = u16[slice + 1]! - 1; k >= 0; k--) {
      const e = L.entries + (u16[slice]! + k) * 4;
      if (u8[e + 3] === 0) fields[prod * width + u8[e + 2]!] = u16[e >> 1]!; // the first entry wins: filled last
    }
  }
  L.fields = fields;
  L.width = width;
}

/**
 * Walks the tree at address `tree` (a TSTree: its root Subtree, then its language) into `out`, in the order and with
 * the entries of FlatTree.read: `named(type)` says whether a type is named, and anonymous leaves without a field are
 * left out. Returns the number of entries; throws a RangeError past `limit` entries or on an extent that makes no sense.
 */
export function readHeapTree(buffer: ArrayBufferLike, tree: number, L: HeapLanguage, named: (type: number) => boolean, out: FlatSink, limit: number): number {
  return new HeapWalk(buffer, L, named, out, limit).run(tree);
}

// A Subtree (8 bytes at `a`) is inline when its lowest bit is set: flags in byte 0 (visible 2, extra 8), the symbol in
// byte 1, padding and size (bytes) in bytes 6 and 7. Otherwise it points at heap data: padding.bytes at 4, size.bytes
// at 16, child_count at 36, symbol at 40, flags at 44 (visible 1, extra 4), visible_child_count at 48, production_id
// at 66; its children are the child_count Subtrees just before it.

/** One walk's state. A class rather than closures made per walk: V8 compiled those closures again after each major GC. */
class HeapWalk {
  private readonly i32: Int32Array;
  private readonly u16: Uint16Array;
  private readonly u8: Uint8Array;
  // Frames of the walk: one per node whose children are being visited (visible or flattened).
  private cap = 64;
  private fPtr: Int32Array = new Int32Array(64); // heap data of the parent
  private fIdx: Int32Array = new Int32Array(64); // next child
  private fSci: Int32Array = new Int32Array(64); // structural child index of the next child
  private fPos: Int32Array = new Int32Array(64); // start (bytes) of the next child
  private fVis: Int32Array = new Int32Array(64); // entry of the nearest visible ancestor
  private fHid: Int32Array = new Int32Array(64); // for a flattened parent: 1 + its structural index in the frame below (-1 if extra), else 0
  private last: Int32Array; // last child entry of each entry
  private depth = 0;
  private n = 0;

  constructor(
    buffer: ArrayBufferLike,
    private readonly L: HeapLanguage,
    private readonly named: (type: number) => boolean,
    private readonly out: FlatSink,
    private readonly limit: number,
  ) {
    this.i32 = new Int32Array(buffer);
    this.u16 = new Uint16Array(buffer);
    this.u8 = new Uint8Array(buffer);
    this.last = new Int32Array(Math.max(64, out.type.length)); // the sink is sized for the tree already
  }

  private publicType(sym: number): number {
    return sym === ERROR_SYMBOL ? sym : this.u16[(this.L.publicMap >> 1) + sym]!;
  }

  private fieldAt(prod: number, sci: number): number {
    const L = this.L;
    return sci < L.width ? L.fields[prod * L.width + sci]! : 0;
  }

  private grow(a: Int32Array): Int32Array {
    const b = new Int32Array(this.cap);
    b.set(a);
    return b;
  }

  private push(ptr: number, pos: number, vis: number, hid: number): void {
    const d = this.depth;
    if (d === this.cap) {
      this.cap *= 2;
      this.fPtr = this.grow(this.fPtr);
      this.fIdx = this.grow(this.fIdx);
      this.fSci = this.grow(this.fSci);
      this.fPos = this.grow(this.fPos);
      this.fVis = this.grow(this.fVis);
      this.fHid = this.grow(this.fHid);
    }
    this.fPtr[d] = ptr;
    this.fIdx[d] = 0;
    this.fSci[d] = 0;
    this.fPos[d] = pos;
    this.fVis[d] = vis;
    this.fHid[d] = hid;
    this.depth = d + 1;
  }

  private emit(type: number, fid: number, s: number, e: number, parent: number): number {
    const out = this.out;
    let n = this.n;
    if (n >= this.limit || !(s >= 0 && e >= s)) throw new RangeError('not a tree-sitter 0.25 tree');
    if (n === out.type.length) out.grow();
    if (n === this.last.length) {
      const b = new Int32Array(this.last.length * 2);
      b.set(this.last);
      this.last = b;
    }
    const last = this.last;
    const i = n++;
    this.n = n;
    out.type[i] = type;
    out.field[i] = fid;
    out.start[i] = s >>> 1;
    out.end[i] = e >>> 1;
    out.firstChild[i] = NONE;
    out.next[i] = NONE;
    last[i] = NONE;
    if (parent !== NONE) {
      const prev = last[parent]!;
      if (prev === NONE) out.firstChild[parent] = i;
      else out.next[prev] = i;
      last[parent] = i;
    }
    return i;
  }

  run(root: number): number {
    const { i32, u16, u8, L } = this;
    // The root: its start is its padding.
    const rootWord = i32[root >> 2]!;
    if (rootWord & 1) {
      this.emit(this.publicType(u8[root + 1]!), 0, u8[root + 6]!, u8[root + 6]! + u8[root + 7]!, NONE);
      return this.n;
    }
    const rootData = rootWord;
    const rootPad = i32[(rootData >> 2) + 1]!;
    this.emit(this.publicType(u16[(rootData + 40) >> 1]!), 0, rootPad, rootPad + i32[(rootData >> 2) + 4]!, NONE);
    if (i32[(rootData >> 2) + 9]! > 0 && i32[(rootData >> 2) + 12]! > 0) this.push(rootData, rootPad, 0, 0);

    // Every step visits one child; memory that is not a tree (a wrong layout) must not keep the walk going.
    let steps = 8 * this.limit;
    while (this.depth > 0) {
      if (--steps < 0) throw new RangeError('not a tree-sitter 0.25 tree');
      const d = this.depth - 1;
      const ptr = this.fPtr[d]!;
      const count = i32[(ptr >> 2) + 9]!;
      const ci = this.fIdx[d]!;
      if (!(ci < count)) {
        this.depth = d;
        continue;
      }
      const prod = u16[(ptr + 66) >> 1]!;
      const a = ptr - (count - ci) * 8; // the Subtree of child ci
      const word = i32[a >> 2]!;
      const inline = (word & 1) === 1;
      let pos = this.fPos[d]!;
      if (ci > 0) pos += inline ? u8[a + 6]! : i32[(word >> 2) + 1]!;
      const size = inline ? u8[a + 7]! : i32[(word >> 2) + 4]!;
      const extra = inline ? (word & 8) !== 0 : (u8[word + 44]! & 4) !== 0;
      let visible = inline ? (word & 2) !== 0 : (u8[word + 44]! & 1) !== 0;
      const sci = this.fSci[d]!;
      let alias = 0;
      if (!extra) {
        if (prod !== 0) alias = u16[(L.aliases >> 1) + prod * L.maxAliasLength + sci]!;
        if (alias !== 0) visible = true;
        this.fSci[d] = sci + 1;
      }
      this.fIdx[d] = ci + 1;
      this.fPos[d] = pos + size;
      const kids = inline || i32[(word >> 2) + 9]! === 0 ? 0 : i32[(word >> 2) + 12]!;
      if (!visible) {
        // An invisible node with visible descendants: its children are its parent's (a cursor steps through it).
        if (kids > 0) this.push(word, pos, this.fVis[d]!, extra ? -1 : sci + 1);
        continue;
      }
      const type = this.publicType(alias !== 0 ? alias : inline ? u8[a + 1]! : u16[(word + 40) >> 1]!);
      // The field: in the parent's production, else in the productions above each invisible ancestor up to a visible one.
      let fid = 0;
      if (!extra) {
        fid = this.fieldAt(prod, sci);
        for (let g = d; fid === 0 && this.fHid[g] !== 0; g--) {
          if (this.fHid[g] === -1) break;
          fid = this.fieldAt(u16[(this.fPtr[g - 1]! + 66) >> 1]!, this.fHid[g]! - 1);
        }
      }
      // Anonymous leaves without a field (punctuation, keywords) are never asked for (see FlatTree.read).
      if (fid === 0 && kids === 0 && !this.named(type)) continue;
      const i = this.emit(type, fid, pos, pos + size, this.fVis[d]!);
      if (kids > 0) this.push(word, pos, i, 0);
    }
    return this.n;
  }
}
