// Protocol plumbing shared by every panel: the envelope with request/reply ids, the message channel, and the
// runtime guards every incoming message passes. Bytes travel as ArrayBuffers (structured clone), never as JSON arrays.

/** Every message on the wire: an id, the id of the request it answers (if any), and the body. */
export interface MessageEnvelope<T> {
  id: number;
  inReplyTo?: number;
  body: T;
}

/** A request/reply helper over postMessage, usable on both sides. */
export class MessageChannel<TOut, TIn> {
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (body: TIn) => void; reject: (err: Error) => void }>();

  constructor(
    private readonly post: (envelope: MessageEnvelope<TOut>) => unknown,
    private readonly handler: (body: TIn) => Promise<TOut | undefined> | TOut | undefined,
    private readonly onHandlerError: (err: unknown) => void = () => undefined,
  ) {}

  /** Sends a message that expects no reply. */
  notify(body: TOut): void {
    void this.post({ id: this.nextId++, body });
  }

  /** Sends a request and resolves with the body of the reply. */
  request(body: TOut): Promise<TIn> {
    const id = this.nextId++;
    return new Promise<TIn>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      void this.post({ id, body });
    });
  }

  /** Feeds in an already validated incoming envelope: resolves a pending request or runs the handler and replies. */
  async receive(envelope: MessageEnvelope<TIn>): Promise<void> {
    if (envelope.inReplyTo !== undefined) {
      const waiting = this.pending.get(envelope.inReplyTo);
      this.pending.delete(envelope.inReplyTo);
      waiting?.resolve(envelope.body);
      return;
    }
    try {
      const reply = await this.handler(envelope.body);
      if (reply !== undefined) void this.post({ id: this.nextId++, inReplyTo: envelope.id, body: reply });
    } catch (err) {
      this.onHandlerError(err);
    }
  }

  /** Rejects every pending request (the other side went away). */
  dispose(): void {
    for (const { reject } of this.pending.values()) reject(new Error('The panel was closed before it replied.'));
    this.pending.clear();
  }
}

// ---- Runtime validation -------------------------------------------------------------------------------------------

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

/** The envelope's id/inReplyTo/body shape, before the body is validated. */
export function validateEnvelopeShape(x: unknown): { id: number; inReplyTo?: number; body: unknown } | undefined {
  if (!isRecord(x) || !hasOnlyKeys(x, ['id', 'inReplyTo', 'body'])) return undefined;
  if (!isIndex(x.id)) return undefined;
  if (x.inReplyTo !== undefined && !isIndex(x.inReplyTo)) return undefined;
  if (!('body' in x)) return undefined;
  return x.inReplyTo === undefined ? { id: x.id, body: x.body } : { id: x.id, inReplyTo: x.inReplyTo, body: x.body };
}
export type Guard<T> = (x: unknown) => x is T;

/** Any number, NaN and ±Infinity included (see encodeNonFinite for getting them across). */
export const gNum: Guard<number> = (x): x is number => typeof x === 'number';
/** A non-negative safe integer. */
export const gInt: Guard<number> = (x): x is number => isIndex(x);
/** A boolean. */
export const gBool: Guard<boolean> = (x): x is boolean => typeof x === 'boolean';
/** A string of at most `max` characters. */
export function gStr(max = 10_000): Guard<string> { return (x): x is string => isShortString(x, max); }
/** An ArrayBuffer (any realm). */
export const gBuf: Guard<ArrayBuffer> = (x): x is ArrayBuffer => isArrayBuffer(x);
/** `g` or undefined. */
export function gOpt<T>(g: Guard<T>): Guard<T | undefined> { return (x): x is T | undefined => x === undefined || g(x); }
/** An array of at most `max` items that each pass `g`. */
export function gArr<T>(g: Guard<T>, max = 100_000): Guard<T[]> { return (x): x is T[] => Array.isArray(x) && x.length <= max && x.every(g); }
/** One of the listed strings. */
export function gLit<const T extends string>(...values: T[]): Guard<T> { return (x): x is T => typeof x === 'string' && (values as string[]).includes(x); }
/** `g` plus an extra check. */
export function gWhere<T>(g: Guard<T>, ok: (v: T) => boolean): Guard<T> { return (x): x is T => g(x) && ok(x); }
/** An object with exactly these keys (optional ones may be missing) whose values pass their guards. */
export function gObj<T>(shape: { [K in keyof T]-?: Guard<T[K]> }): Guard<T> {
  const guards = shape as Record<string, Guard<unknown>>;
  const keys = Object.keys(guards);
  return (x): x is T => isRecord(x) && hasOnlyKeys(x, keys) && keys.every((k) => guards[k](x[k]));
}
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

/** Validates an envelope whose body passes `body`. */
export function validateEnvelopeWith<T>(x: unknown, body: (b: unknown) => T | undefined): MessageEnvelope<T> | undefined {
  const env = validateEnvelopeShape(x);
  const b = env ? body(env.body) : undefined;
  if (!env || b === undefined) return undefined;
  return env.inReplyTo === undefined ? { id: env.id, body: b } : { id: env.id, inReplyTo: env.inReplyTo, body: b };
}

/** A file one of these panels shows. */
export interface ViewedFile { name: string; path: string }
export const gViewedFile = gObj<ViewedFile>({ name: gStr(), path: gStr() });

/** Whether a watched file still exists. */
export type FileStateName = 'present' | 'deleted' | 'changed';
