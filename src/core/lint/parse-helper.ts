// A second thread with its own tree-sitter runtime, so a large new document is parsed in two halves at once (one on
// the linter's thread, one here; split-scan.ts, split-parse.ts). The linter stays synchronous: it posts the second
// half, parses the first, then waits a bounded time on a shared flag and takes the reply with receiveMessageOnPort.
// A late, refused or lost reply only means the linter parses the whole document itself.

import { existsSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { join } from 'node:path';
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';
import type { FlatArrays } from './split-parse';
import type { HalfRanges } from './split-scan';
import type { LintLanguageId } from './types';

/** A request to the helper thread: one half of a document. */
export interface HalfRequest {
  id: number;
  languageId: LintLanguageId;
  text: string;
  half: HalfRanges;
  budgetMs: number;
}

/** The helper's reply: the half's flat tree, or none (a syntax error, over budget, a crash). */
export interface HalfReply {
  id: number;
  arrays?: FlatArrays | undefined;
}

/** What the helper thread starts with. */
export interface HelperData {
  wasmDir: string;
  /** [0]: the id of the last reply posted; [1]: 1 while the thread has a runtime loaded. */
  flags: Int32Array;
  port: MessagePort;
}

/** The helper thread's script: dist/lint-parse-worker.js next to the bundle, or the compiled parse-helper-main.js. */
export function defaultParseHelperScript(): string {
  const bundled = join(__dirname, 'lint-parse-worker.js');
  return existsSync(bundled) ? bundled : join(__dirname, 'parse-helper-main.js');
}

/** The thread is started again after it dies, this many times at most. */
const MAX_STARTS = 3;

/** True when `x` is a well-formed reply (the thread is ours, but a reply is checked before its arrays are read). */
function isReply(x: unknown): x is HalfReply {
  if (typeof x !== 'object' || x === null || typeof (x as HalfReply).id !== 'number') return false;
  const a = (x as HalfReply).arrays;
  if (a === undefined) return true;
  const ints = [a.start, a.end, a.firstChild, a.next];
  return (
    Number.isInteger(a.size) &&
    a.type instanceof Uint16Array &&
    a.field instanceof Uint16Array &&
    ints.every((v) => v instanceof Int32Array) &&
    [a.type, a.field, ...ints].every((v) => v.length >= a.size)
  );
}

/** The client of the helper thread, used from the linter's own thread. */
export class ParseHelper {
  private worker: Worker | undefined;
  private port: MessagePort | undefined;
  private readonly flags = new Int32Array(new SharedArrayBuffer(8));
  private seq = 0;
  private starts = 0;
  private disposed = false;

  private load = { at: -Infinity, spare: false };
  /**
   * This process's CPU time (ms) at moments over the last minute, oldest first; at first, none since the process
   * started (so a new thread's first estimate is the process's average use, not zero).
   */
  private readonly cpu: { at: number; usedMs: number }[] = [{ at: performance.now() - process.uptime() * 1000, usedMs: 0 }];

  /** `always`: use the thread whatever the machine's load, and wait for it however long it takes (tests). */
  constructor(
    private readonly wasmDir: string,
    private readonly script = defaultParseHelperScript(),
    readonly always = false,
  ) {
    this.start();
  }

  /**
   * True when the machine has a core to spare: the 1-minute load average less this process's own use of the CPU over
   * the last minute (the linter's own threads count in the load) leaves more than one core idle. Read at
   * most once a second. On a busy machine the halves would share a core and take longer than one whole parse.
   */
  spareCore(): boolean {
    if (this.always) return true;
    const now = performance.now();
    if (now - this.load.at < 1000) return this.load.spare;
    const c = process.cpuUsage();
    const usedMs = (c.user + c.system) / 1000;
    this.cpu.push({ at: now, usedMs });
    while (this.cpu.length > 2 && now - this.cpu[1]!.at >= 60_000) this.cpu.shift();
    const base = this.cpu[0]!;
    const ours = (usedMs - base.usedMs) / Math.max(1000, now - base.at);
    const others = loadavg()[0]! - ours;
    this.load = { at: now, spare: others < availableParallelism() - 1 };
    return this.load.spare;
  }

  private start(): void {
    if (this.disposed || this.starts >= MAX_STARTS) return;
    this.starts++;
    const { port1, port2 } = new MessageChannel();
    const data: HelperData = { wasmDir: this.wasmDir, flags: this.flags, port: port2 };
    let worker: Worker;
    try {
      worker = new Worker(this.script, { workerData: data, transferList: [port2] });
    } catch {
      return; // no thread: documents are parsed whole
    }
    worker.unref(); // never keeps a process (the CLI) alive
    port1.unref();
    worker.on('error', () => undefined);
    worker.on('exit', () => {
      if (this.worker !== worker) return;
      Atomics.store(this.flags, 1, 0);
      this.worker = undefined;
      this.port = undefined;
      this.start();
    });
    this.worker = worker;
    this.port = port1;
  }

  /** True while the thread has tree-sitter loaded. */
  get ready(): boolean {
    return this.port !== undefined && Atomics.load(this.flags, 1) === 1;
  }

  /** Resolves true once the thread is ready, false if it is not within `timeoutMs` (or there is no thread). */
  async whenReady(timeoutMs: number): Promise<boolean> {
    const until = performance.now() + timeoutMs;
    while (!this.ready) {
      const left = until - performance.now();
      if (this.disposed || !this.worker || left <= 0) return false;
      await new Promise((resolve) => setTimeout(resolve, Math.min(left, 20)));
    }
    return true;
  }

  /** Sends one half to parse; its id, or undefined when the thread is not ready. */
  request(languageId: LintLanguageId, text: string, half: HalfRanges, budgetMs: number): number | undefined {
    if (!this.ready || !this.port) return undefined;
    const req: HalfRequest = { id: ++this.seq, languageId, text, half, budgetMs };
    this.port.postMessage(req);
    return req.id;
  }

  /** The reply to request `id`, waiting at most `waitMs` (this thread blocks); undefined when late or refused. */
  take(id: number, waitMs: number): FlatArrays | undefined {
    const port = this.port;
    if (!port) return undefined;
    const until = performance.now() + waitMs;
    for (;;) {
      const last = Atomics.load(this.flags, 0);
      if (last >= id) break;
      const left = until - performance.now();
      if (left <= 0) return undefined; // the reply is dropped when a later take drains the port
      Atomics.wait(this.flags, 0, last, left);
    }
    for (let m = receiveMessageOnPort(port); m; m = receiveMessageOnPort(port)) {
      const r: unknown = m.message;
      if (isReply(r) && r.id === id) return r.arrays;
    }
    return undefined;
  }

  /** Stops the thread. */
  dispose(): void {
    this.disposed = true;
    const w = this.worker;
    this.worker = undefined;
    this.port?.close();
    this.port = undefined;
    void w?.terminate();
  }
}
