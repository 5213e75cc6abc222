// Protocol plumbing shared by every panel: the envelope with request/reply ids and the request/reply channel.
// Bytes travel as ArrayBuffers (structured clone), never as JSON arrays.

import { gObj, gStr, hasOnlyKeys, isIndex, isRecord } from './guards';

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

/** The envelope's id/inReplyTo/body shape, before the body is validated. */
export function validateEnvelopeShape(x: unknown): { id: number; inReplyTo?: number; body: unknown } | undefined {
  if (!isRecord(x) || !hasOnlyKeys(x, ['id', 'inReplyTo', 'body'])) return undefined;
  if (!isIndex(x.id)) return undefined;
  if (x.inReplyTo !== undefined && !isIndex(x.inReplyTo)) return undefined;
  if (!('body' in x)) return undefined;
  return x.inReplyTo === undefined ? { id: x.id, body: x.body } : { id: x.id, inReplyTo: x.inReplyTo, body: x.body };
}
/** Validates an envelope (after {@link fromWire}) whose body passes `body`: the one entry point for every panel. */
export function validateEnvelopeWith<T>(x: unknown, body: (b: unknown) => T | undefined): MessageEnvelope<T> | undefined {
  const env = validateEnvelopeShape(x);
  const b = env ? body(env.body) : undefined;
  if (!env || b === undefined) return undefined;
  return env.inReplyTo === undefined ? { id: env.id, body: b } : { id: env.id, inReplyTo: env.inReplyTo, body: b };
}

/** A file one of these panels shows. */
export interface ViewedFile {
  name: string;
  path: string;
}
/** Guard for a {@link ViewedFile}. */
export const gViewedFile = gObj<ViewedFile>({ name: gStr(), path: gStr() });

/** Whether a watched file still exists. */
export type FileStateName = 'present' | 'deleted' | 'changed';
