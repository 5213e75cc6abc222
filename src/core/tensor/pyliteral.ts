// A small, safe parser for the Python literal in a .npy header (dicts, tuples, lists, strings, ints, booleans, None).
// It never evaluates anything: unknown syntax is an error.

/** A parsed Python literal: dicts become Maps with string keys, tuples and lists become arrays. */
export type PyValue = string | number | boolean | null | PyValue[] | PyDict;
/** A Python dict whose keys are strings. */
export type PyDict = Map<string, PyValue>;

/** Thrown for a literal that cannot be parsed; the caller adds the file name and fix. */
export class PyLiteralSyntaxError extends Error {
  constructor(
    message: string,
    readonly position: number,
  ) {
    super(message);
    this.name = 'PyLiteralSyntaxError';
  }
}

const MAX_DEPTH = 32;

class Parser {
  private pos = 0;
  constructor(private readonly src: string) {}

  parseAll(): PyValue {
    const v = this.value(0);
    this.ws();
    if (this.pos < this.src.length) this.fail(`unexpected ${JSON.stringify(this.src[this.pos])} after the literal`);
    return v;
  }

  private fail(msg: string): never {
    throw new PyLiteralSyntaxError(`${msg} at character ${this.pos}`, this.pos);
  }

  private ws(): void {
    while (this.pos < this.src.length && /\s/.test(this.src[this.pos])) this.pos++;
  }

  private value(depth: number): PyValue {
    if (depth > MAX_DEPTH) this.fail('literal nested too deeply');
    this.ws();
    const c = this.src[this.pos];
    if (c === undefined) this.fail('literal ends early');
    if (c === '{') return this.dict(depth);
    if (c === '(') return this.seq(depth, ')');
    if (c === '[') return this.seq(depth, ']');
    if (c === "'" || c === '"') return this.str();
    if (c === '-' || c === '+' || (c >= '0' && c <= '9')) return this.num();
    for (const [word, val] of [
      ['True', true],
      ['False', false],
      ['None', null],
    ] as const) {
      if (this.src.startsWith(word, this.pos) && !/\w/.test(this.src[this.pos + word.length] ?? '')) {
        this.pos += word.length;
        return val;
      }
    }
    return this.fail(`unexpected ${JSON.stringify(c)}`);
  }

  private dict(depth: number): PyDict {
    const out: PyDict = new Map();
    this.pos++; // {
    for (;;) {
      this.ws();
      if (this.src[this.pos] === '}') {
        this.pos++;
        return out;
      }
      const key = this.value(depth + 1);
      if (typeof key !== 'string') this.fail('dict keys must be strings');
      this.ws();
      if (this.src[this.pos] !== ':') this.fail('expected ":"');
      this.pos++;
      out.set(key, this.value(depth + 1));
      this.ws();
      const c = this.src[this.pos];
      if (c === ',') {
        this.pos++;
        continue;
      }
      if (c === '}') {
        this.pos++;
        return out;
      }
      this.fail('expected "," or "}"');
    }
  }

  private seq(depth: number, close: ')' | ']'): PyValue {
    const items: PyValue[] = [];
    let sawComma = false;
    this.pos++;
    for (;;) {
      this.ws();
      if (this.src[this.pos] === close) {
        this.pos++;
        break;
      }
      items.push(this.value(depth + 1));
      this.ws();
      const c = this.src[this.pos];
      if (c === ',') {
        this.pos++;
        sawComma = true;
        continue;
      }
      if (c === close) {
        this.pos++;
        break;
      }
      this.fail(`expected "," or "${close}"`);
    }
    // (x) without a comma is just x in Python, not a tuple
    if (close === ')' && items.length === 1 && !sawComma) return items[0];
    return items;
  }

  private str(): string {
    const q = this.src[this.pos++];
    let out = '';
    for (;;) {
      const c = this.src[this.pos++];
      if (c === undefined || c === '\n') this.fail('unterminated string');
      if (c === q) return out;
      if (c !== '\\') {
        out += c;
        continue;
      }
      const e = this.src[this.pos++];
      switch (e) {
        case 'n':
          out += '\n';
          break;
        case 't':
          out += '\t';
          break;
        case 'r':
          out += '\r';
          break;
        case '0':
          out += '\0';
          break;
        case '\\':
        case "'":
        case '"':
          out += e;
          break;
        case 'x':
          out += this.hex(2);
          break;
        case 'u':
          out += this.hex(4);
          break;
        case 'U':
          out += this.hex(8);
          break;
        default:
          this.fail(`unsupported string escape \\${e ?? ''}`);
      }
    }
  }

  private hex(len: number): string {
    const h = this.src.slice(this.pos, this.pos + len);
    if (!/^[0-9a-fA-F]+$/.test(h) || h.length !== len) this.fail('bad escape');
    this.pos += len;
    const cp = parseInt(h, 16);
    if (cp > 0x10ffff) this.fail('bad escape');
    return String.fromCodePoint(cp);
  }

  private num(): number {
    const m = /^[-+]?(\d+(\.\d*)?([eE][-+]?\d+)?)[lL]?/.exec(this.src.slice(this.pos, this.pos + 400));
    if (m === null) return this.fail('bad number');
    this.pos += m[0].length;
    return Number(m[0].replace(/[lL]$/, ''));
  }
}

/** Parse a Python literal such as "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }". */
export function parsePyLiteral(text: string): PyValue {
  return new Parser(text).parseAll();
}
