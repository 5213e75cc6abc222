// Huffman entropy decoding of JPEG scans into DCT coefficients: baseline (sequential) and progressive, with restart
// markers. Follows libjpeg-turbo's jdhuff.c / jdphuff.c, including how it fills missing data after a marker with zeros.

/** Zigzag position → natural (row-major) position in an 8×8 block. */
export const NATURAL_ORDER = new Uint8Array([
  0, 1, 8, 16, 9, 2, 3, 10, 17, 24, 32, 25, 18, 11, 4, 5, 12, 19, 26, 33, 40, 48, 41, 34, 27, 20, 13, 6, 7, 14, 21, 28, 35, 42, 49, 56, 57, 50, 43, 36, 29, 22,
  15, 23, 30, 37, 44, 51, 58, 59, 52, 45, 38, 31, 39, 46, 53, 60, 61, 54, 47, 55, 62, 63,
]);

/** A Huffman table as a 16-bit lookup: entry = (code length << 8) | symbol; 0 means no code. */
export type HuffmanTable = Uint16Array;

/** Builds the 16-bit lookup of a DHT table from its 16 code counts and symbols; undefined when the counts overflow. */
export function buildHuffmanTable(counts: Uint8Array, symbols: Uint8Array): HuffmanTable | undefined {
  const table = new Uint16Array(65536);
  let code = 0;
  let k = 0;
  for (let len = 1; len <= 16; len++) {
    for (let i = 0; i < counts[len - 1]; i++) {
      if (code >= 1 << len) return undefined;
      const shift = 16 - len;
      const entry = (len << 8) | symbols[k++];
      table.fill(entry, code << shift, (code + 1) << shift);
      code++;
    }
    code <<= 1;
  }
  return table;
}

/** One component's coefficients: blocks of 64 in natural order, `blocksPerLine` × `blocksPerColumn` (padded to whole MCUs). */
export interface CoefPlane {
  coefs: Int16Array;
  blocksPerLine: number;
  blocksPerColumn: number;
}

/** A component as a scan sees it. */
export interface ScanComponent {
  plane: CoefPlane;
  /** Sampling factors. */
  h: number;
  v: number;
  /** Blocks that hold image data (for non-interleaved scans). */
  usedBlocksPerLine: number;
  usedBlocksPerColumn: number;
  dc?: HuffmanTable;
  ac?: HuffmanTable;
  pred: number;
}

/** The scan's parameters. */
export interface ScanParams {
  components: ScanComponent[];
  mcusPerLine: number;
  mcusPerColumn: number;
  progressive: boolean;
  ss: number;
  se: number;
  ah: number;
  al: number;
  restartInterval: number;
}

/** Reads bits from entropy-coded data: byte stuffing removed, zeros after a marker (as libjpeg does after a warning). */
class BitReader {
  private buf = 0;
  private count = 0;
  /** Set when a marker (or the end of data) was reached inside entropy data. */
  hitMarker = false;
  /** Set when the data ended without a marker: TF refuses such a file. */
  truncated = false;
  /** Set once a read needed bits past a marker: libjpeg leaves the following blocks empty until the next restart. */
  insufficient = false;
  /** Zero bits appended after a marker that are still in the buffer. */
  private padded = 0;
  constructor(
    private readonly data: Uint8Array,
    public pos: number,
  ) {}

  private fill(): void {
    while (this.count <= 24) {
      let b = 0;
      if (!this.hitMarker) {
        if (this.pos >= this.data.length) {
          this.hitMarker = true;
          this.truncated = true;
        } else {
          b = this.data[this.pos];
          if (b === 0xff) {
            const next = this.data[this.pos + 1];
            if (next === 0) this.pos += 2;
            else {
              this.hitMarker = true;
              b = 0;
            }
          } else this.pos++;
        }
      }
      if (this.hitMarker) this.padded += 8;
      this.buf = (this.buf << 8) | b;
      this.count += 8;
    }
  }

  private consumed(): void {
    if (this.count < this.padded) {
      this.insufficient = true;
      this.padded = this.count;
    }
  }

  /** n bits (0..16) as an unsigned number. */
  bits(n: number): number {
    if (n === 0) return 0;
    if (this.count < n) this.fill();
    this.count -= n;
    this.consumed();
    return (this.buf >>> this.count) & ((1 << n) - 1);
  }

  bit(): number {
    if (this.count < 1) this.fill();
    this.count--;
    this.consumed();
    return (this.buf >>> this.count) & 1;
  }

  /** The next Huffman symbol; a code not in the table reads as 0 (libjpeg's "corrupt data" recovery). */
  decode(table: HuffmanTable): number {
    if (this.count < 16) this.fill();
    const entry = table[(this.buf >>> (this.count - 16)) & 0xffff];
    if (entry === 0) {
      this.count -= 16;
      this.consumed();
      return 0;
    }
    this.count -= entry >> 8;
    this.consumed();
    return entry & 0xff;
  }

  /** n bits read as a signed JPEG magnitude category value (HUFF_EXTEND). */
  receiveExtend(n: number): number {
    if (n === 0) return 0;
    const v = this.bits(n);
    return v < 1 << (n - 1) ? v - (1 << n) + 1 : v;
  }

  /** Drops buffered bits and moves past the next RSTn marker (or stops at any other marker). */
  restart(): void {
    this.buf = 0;
    this.count = 0;
    this.padded = 0;
    this.hitMarker = false;
    this.insufficient = false;
    const d = this.data;
    let p = this.pos;
    while (p + 1 < d.length) {
      if (d[p] === 0xff && d[p + 1] >= 0xd0 && d[p + 1] <= 0xd7) {
        this.pos = p + 2;
        return;
      }
      if (d[p] === 0xff && d[p + 1] !== 0 && d[p + 1] !== 0xff) break;
      p++;
    }
    this.pos = p;
  }
}

/** The entropy-coded data ran to the end of the file without a marker (tf.io.decode_jpeg fails on such files). */
export class TruncatedJpegError extends Error {}

/** Decodes one scan starting at `start`; returns the offset just after its entropy-coded data. */
export function decodeScan(data: Uint8Array, start: number, scan: ScanParams): number {
  const reader = new BitReader(data, start);
  const { components, progressive, ss, se, ah, al } = scan;
  let eobrun = 0;
  type BlockFn = (c: ScanComponent, offset: number) => void;

  const baseline: BlockFn = (c, o) => {
    const coefs = c.plane.coefs;
    const s = reader.decode(c.dc as HuffmanTable);
    c.pred += reader.receiveExtend(s);
    coefs[o] = c.pred;
    const ac = c.ac as HuffmanTable;
    for (let k = 1; k < 64; k++) {
      const rs = reader.decode(ac);
      const r = rs >> 4;
      const size = rs & 15;
      if (size === 0) {
        if (r < 15) break;
        k += 15;
        continue;
      }
      k += r;
      if (k > 63) break;
      coefs[o + NATURAL_ORDER[k]] = reader.receiveExtend(size);
    }
  };
  const dcFirst: BlockFn = (c, o) => {
    const s = reader.decode(c.dc as HuffmanTable);
    c.pred += reader.receiveExtend(s);
    c.plane.coefs[o] = c.pred * (1 << al);
  };
  const dcRefine: BlockFn = (c, o) => {
    if (reader.bit()) c.plane.coefs[o] |= 1 << al;
  };
  const acFirst: BlockFn = (c, o) => {
    if (eobrun > 0) {
      eobrun--;
      return;
    }
    const coefs = c.plane.coefs;
    const ac = c.ac as HuffmanTable;
    for (let k = ss; k <= se; k++) {
      const rs = reader.decode(ac);
      const r = rs >> 4;
      const size = rs & 15;
      if (size !== 0) {
        k += r;
        if (k > 63) break;
        coefs[o + NATURAL_ORDER[k]] = reader.receiveExtend(size) * (1 << al);
      } else if (r === 15) {
        k += 15;
      } else {
        eobrun = (1 << r) - 1;
        if (r) eobrun += reader.bits(r);
        break;
      }
    }
  };
  const acRefine: BlockFn = (c, o) => {
    const coefs = c.plane.coefs;
    const p1 = 1 << al;
    const m1 = -1 << al;
    let k = ss;
    const refine = (pos: number): void => {
      const v = coefs[pos];
      if (reader.bit() && (v & p1) === 0) coefs[pos] = v >= 0 ? v + p1 : v + m1;
    };
    if (eobrun === 0) {
      const ac = c.ac as HuffmanTable;
      for (; k <= se; k++) {
        const rs = reader.decode(ac);
        let r = rs >> 4;
        const size = rs & 15;
        let s = 0;
        if (size) s = reader.bit() ? p1 : m1;
        else if (r !== 15) {
          eobrun = 1 << r;
          if (r) eobrun += reader.bits(r);
          break;
        }
        do {
          const pos = o + NATURAL_ORDER[k];
          if (coefs[pos] !== 0) refine(pos);
          else if (--r < 0) break;
          k++;
        } while (k <= se);
        if (s && k <= 63) coefs[o + NATURAL_ORDER[k]] = s;
      }
    }
    if (eobrun > 0) {
      for (; k <= se; k++) {
        const pos = o + NATURAL_ORDER[k];
        if (coefs[pos] !== 0) refine(pos);
      }
      eobrun--;
    }
  };

  const block: BlockFn = !progressive ? baseline : ss === 0 ? (ah === 0 ? dcFirst : dcRefine) : ah === 0 ? acFirst : acRefine;
  const single = components.length === 1;
  const total = single ? components[0].usedBlocksPerLine * components[0].usedBlocksPerColumn : scan.mcusPerLine * scan.mcusPerColumn;
  const interval = scan.restartInterval > 0 ? scan.restartInterval : total;
  for (let mcu = 0; mcu < total; mcu++) {
    if (mcu > 0 && mcu % interval === 0) {
      reader.restart();
      eobrun = 0;
      for (const c of components) c.pred = 0;
    }
    if (reader.insufficient) continue;
    if (single) {
      const c = components[0];
      const row = Math.floor(mcu / c.usedBlocksPerLine);
      const col = mcu - row * c.usedBlocksPerLine;
      block(c, (row * c.plane.blocksPerLine + col) * 64);
    } else {
      const mrow = Math.floor(mcu / scan.mcusPerLine);
      const mcol = mcu - mrow * scan.mcusPerLine;
      for (const c of components) {
        for (let v = 0; v < c.v; v++) {
          const row = mrow * c.v + v;
          for (let h = 0; h < c.h; h++) block(c, (row * c.plane.blocksPerLine + mcol * c.h + h) * 64);
        }
      }
    }
  }
  if (reader.truncated) throw new TruncatedJpegError();
  // Move past the entropy data to the next marker (other than RSTn, which belong to this scan).
  let p = reader.pos;
  while (p + 1 < data.length && !(data[p] === 0xff && data[p + 1] !== 0 && !(data[p + 1] >= 0xd0 && data[p + 1] <= 0xd7) && data[p + 1] !== 0xff)) p++;
  return p;
}
