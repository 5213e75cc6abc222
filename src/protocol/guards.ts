// Runtime validation shared by every panel: small type-guard combinators (objects accept only the keys they list)
// and the wire encoding every message passes through (NaN/±Infinity wrapped, typed-array views turned into ArrayBuffers).

/** A plain object being validated. */
export type Rec = Record<string, unknown>;

/** True for a plain object (not null, not an array). */
export function isRecord(x: unknown): x is Rec {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/** True when `x` has no keys besides `allowed` (unknown fields make a message invalid). */
export function hasOnlyKeys(x: Rec, allowed: readonly string[]): boolean {
  return Object.keys(x).every((k) => allowed.includes(k));
}

/** True for a non-negative safe integer. */
export function isIndex(x: unknown): x is number {
  return typeof x === 'number' && Number.isSafeInteger(x) && x >= 0;
}

/** True for a string of at most `max` characters. */
export function isShortString(x: unknown, max = 10_000): x is string {
  return typeof x === 'string' && x.length <= max;
}

/** True for an ArrayBuffer from any realm (instanceof fails across realms). */
export function isArrayBuffer(x: unknown): x is ArrayBuffer {
  return Object.prototype.toString.call(x) === '[object ArrayBuffer]';
}

/** The bytes of an ArrayBuffer or of any typed-array view, copied into a fresh ArrayBuffer when needed. */
export function toArrayBuffer(x: unknown): ArrayBuffer | undefined {
  if (isArrayBuffer(x)) return x;
  if (ArrayBuffer.isView(x)) {
    const copy = new Uint8Array(x.byteLength);
    copy.set(new Uint8Array(x.buffer, x.byteOffset, x.byteLength));
    return copy.buffer;
  }
  return undefined;
}

/** A type guard: true when `x` has the shape of T. */
export type Guard<T> = (x: unknown) => x is T;

/** Any number, NaN and ±Infinity included (see encodeNonFinite for getting them across). */
export const gNum: Guard<number> = (x): x is number => typeof x === 'number';
/** A non-negative safe integer. */
export const gInt: Guard<number> = (x): x is number => isIndex(x);
/** A boolean. */
export const gBool: Guard<boolean> = (x): x is boolean => typeof x === 'boolean';
/** A string of at most `max` characters. */
export function gStr(max = 10_000): Guard<string> {
  return (x): x is string => isShortString(x, max);
}
/** An ArrayBuffer (any realm). */
export const gBuf: Guard<ArrayBuffer> = (x): x is ArrayBuffer => isArrayBuffer(x);
/** `g` or undefined. */
export function gOpt<T>(g: Guard<T>): Guard<T | undefined> {
  return (x): x is T | undefined => x === undefined || g(x);
}
/** An array of at most `max` items that each pass `g`. */
export function gArr<T>(g: Guard<T>, max = 100_000): Guard<T[]> {
  return (x): x is T[] => Array.isArray(x) && x.length <= max && x.every(g);
}
/** One of the listed strings. */
export function gLit<const T extends string>(...values: T[]): Guard<T> {
  return (x): x is T => typeof x === 'string' && (values as string[]).includes(x);
}
/** `g` plus an extra check. */
export function gWhere<T>(g: Guard<T>, ok: (v: T) => boolean): Guard<T> {
  return (x): x is T => g(x) && ok(x);
}
/** An object with exactly these keys (optional ones may be missing) whose values pass their guards. */
export function gObj<T>(shape: { [K in keyof T]-?: Guard<T[K]> }): Guard<T> {
  const guards = shape as Record<string, Guard<unknown>>;
  const keys = Object.keys(guards);
  return (x): x is T => isRecord(x) && hasOnlyKeys(x, keys) && keys.every((k) => guards[k](x[k]));
}
/** A translated message bundle (English message → translation), as `vscode.l10n.bundle` gives it. */
export type L10nBundle = Record<string, string>;
/** A translation bundle: a plain object of at most 5,000 string messages (each at most 10,000 characters). */
export const gL10nBundle: Guard<L10nBundle> = (x): x is L10nBundle => {
  if (!isRecord(x)) return false;
  const entries = Object.entries(x);
  return entries.length <= 5_000 && entries.every(([k, v]) => k.length <= 10_000 && isShortString(v));
};
/** A validator for a union of `{type}` messages: the guard of the message's type decides. */
export function gMessage<T extends { type: string }>(cases: { [K in T['type']]: Guard<Extract<T, { type: K }>> }): (x: unknown) => T | undefined {
  const table = cases as Record<string, Guard<T>>;
  return (x) => (isRecord(x) && typeof x.type === 'string' && Object.hasOwn(table, x.type) && table[x.type](x) ? x : undefined);
}
/**
 * VS Code carries webview messages as JSON (ArrayBuffers aside), where NaN and ±Infinity would turn into null:
 * the diff panel and tensor viewer wrap them as {"$nonFinite": "NaN" | "inf" | "-inf"} on the way out.
 */
export function encodeNonFinite(x: unknown): unknown {
  if (typeof x === 'number') return Number.isFinite(x) ? x : { $nonFinite: Number.isNaN(x) ? 'NaN' : x > 0 ? 'inf' : '-inf' };
  if (Array.isArray(x)) return x.map(encodeNonFinite);
  if (isRecord(x) && !isArrayBuffer(x) && !ArrayBuffer.isView(x)) {
    const out: Rec = {};
    for (const [k, v] of Object.entries(x)) out[k] = encodeNonFinite(v);
    return out;
  }
  return x;
}

/** Undoes {@link encodeNonFinite} on a received message (before validation). */
export function decodeNonFinite(x: unknown): unknown {
  if (Array.isArray(x)) return x.map(decodeNonFinite);
  if (isRecord(x) && !isArrayBuffer(x) && !ArrayBuffer.isView(x)) {
    const keys = Object.keys(x);
    if (keys.length === 1 && keys[0] === '$nonFinite') {
      const v = x.$nonFinite;
      if (v === 'NaN') return NaN;
      if (v === 'inf') return Infinity;
      if (v === '-inf') return -Infinity;
    }
    const out: Rec = {};
    for (const k of keys) out[k] = decodeNonFinite(x[k]);
    return out;
  }
  return x;
}

/** What goes on the wire: non-finite numbers wrapped (see encodeNonFinite). Every panel sends through this. */
export function toWire(x: unknown): unknown {
  return encodeNonFinite(x);
}

/** What came off the wire, ready for validation: non-finite numbers restored, typed-array views copied to ArrayBuffers. */
export function fromWire(x: unknown): unknown {
  if (ArrayBuffer.isView(x)) return toArrayBuffer(x);
  if (Array.isArray(x)) return x.map(fromWire);
  if (isRecord(x) && !isArrayBuffer(x)) {
    const keys = Object.keys(x);
    if (keys.length === 1 && keys[0] === '$nonFinite') return decodeNonFinite(x);
    const out: Rec = {};
    for (const k of keys) out[k] = fromWire(x[k]);
    return out;
  }
  return x;
}
