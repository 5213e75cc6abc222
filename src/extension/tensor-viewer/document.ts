// The document behind the tensor viewer: loads a .npy/.npz/raw file, caches per-member statistics, and watches the
// file (and a raw dump's sidecar) so open viewers learn about changes and deletion.

import { promises as fsp } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { loadTensorFile, type LoadedTensors } from '../../core/tensor/load';
import type { NdArray } from '../../core/tensor/types';
import { SIDECAR_EXAMPLE } from '../../core/tensor/raw';
import type { TensorStatsView } from '../../protocol';
import { computeStats } from './preview';

/** Statistics and histogram of one member. */
export interface MemberStats {
  stats: TensorStatsView;
  histogram: { lo: number; hi: number; counts: number[] };
}

/** What the document holds: the loaded file, or why it could not be read. */
export type DocumentState =
  { kind: 'loading' } | { kind: 'loaded'; loaded: LoadedTensors; fileBytes: number } | { kind: 'error'; message: string; hint?: string };

function escapeGlob(name: string): string {
  return name.replace(/[[\]{}*?]/g, (c) => `[${c}]`);
}

/** A tensor file opened in the viewer. */
export class TensorDocument implements vscode.CustomDocument {
  state: DocumentState = { kind: 'loading' };
  /** True while the file is missing from disk (the last loaded view stays available). */
  deleted = false;
  private readonly stats = new Map<string, Promise<MemberStats>>();
  private readonly changed = new vscode.EventEmitter<'loaded' | 'deleted' | 'restored'>();
  /** Fires after a (re)load finished, when the file was deleted, and when a deleted file came back. */
  readonly onDidChangeState = this.changed.event;
  private readonly disposables: vscode.Disposable[] = [this.changed];
  private reloadTimer: NodeJS.Timeout | undefined;
  private loading: Promise<void> | undefined;
  private abort = new AbortController();

  constructor(
    readonly uri: vscode.Uri,
    private readonly log: vscode.LogOutputChannel,
  ) {
    const dir = vscode.Uri.joinPath(uri, '..');
    const base = path.basename(uri.fsPath);
    const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(dir, `${escapeGlob(base)}{,.json}`));
    this.disposables.push(
      watcher,
      watcher.onDidDelete((u) => {
        if (u.fsPath === uri.fsPath) void this.checkDeleted();
        else this.scheduleReload();
      }),
      watcher.onDidCreate(() => this.scheduleReload()),
      watcher.onDidChange(() => this.scheduleReload()),
    );
  }

  /** File name without folders. */
  get fileName(): string {
    return path.basename(this.uri.fsPath);
  }

  /** Loads the file (once; later calls wait for the same load). */
  load(): Promise<void> {
    this.loading ??= this.readFile();
    return this.loading;
  }

  private async readFile(): Promise<void> {
    const file = this.uri.fsPath;
    const started = performance.now();
    try {
      if (this.uri.scheme !== 'file')
        throw new Error(vscode.l10n.t('{0}: the tensor viewer reads files on disk only; save the tensor to a local folder.', this.uri.toString()));
      const st = await fsp.stat(file);
      const loaded = await loadTensorFile(file);
      this.stats.clear();
      this.abort.abort();
      this.abort = new AbortController();
      this.state = { kind: 'loaded', loaded, fileBytes: st.size };
      const members = [...loaded.tensors.entries()].map(([k, t]) => `${k} ${t.dtype}[${t.shape.join(',')}]`).join(', ');
      this.log.info(`Tensor viewer: read ${file} (${loaded.format}, ${st.size} bytes) in ${(performance.now() - started).toFixed(0)} ms: ${members}`);
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      const raw = /\.(bin|raw)$/i.test(file) && /sidecar/i.test(message);
      this.state = {
        kind: 'error',
        message,
        ...(raw
          ? {
              hint: vscode.l10n.t(
                'Create {0}.json next to the dump, for example {1}; the viewer reloads when it appears.',
                path.basename(file),
                SIDECAR_EXAMPLE,
              ),
            }
          : {}),
      };
      this.log.warn(`Tensor viewer: ${message}`);
    }
    this.changed.fire('loaded');
  }

  private scheduleReload(): void {
    if (this.reloadTimer) clearTimeout(this.reloadTimer);
    this.reloadTimer = setTimeout(() => {
      this.reloadTimer = undefined;
      void this.reload();
    }, 300);
  }

  private async reload(): Promise<void> {
    if (!(await exists(this.uri.fsPath))) return this.checkDeleted();
    if (this.deleted) {
      this.deleted = false;
      this.changed.fire('restored');
    }
    this.loading = this.readFile();
    await this.loading;
  }

  private async checkDeleted(): Promise<void> {
    if (await exists(this.uri.fsPath)) return this.scheduleReload();
    if (this.deleted) return;
    this.deleted = true;
    this.log.info(`Tensor viewer: ${this.uri.fsPath} was deleted; keeping the last view.`);
    this.changed.fire('deleted');
  }

  /** The tensor named `member` (or the first one), or undefined before loading / after a failed load. */
  tensor(member?: string): { name: string; array: NdArray } | undefined {
    if (this.state.kind !== 'loaded') return undefined;
    const tensors = this.state.loaded.tensors;
    const name = member !== undefined && tensors.has(member) ? member : [...tensors.keys()][0];
    const array = name === undefined ? undefined : tensors.get(name);
    return name !== undefined && array ? { name, array } : undefined;
  }

  /** Statistics of a member, computed once per load. */
  statsOf(name: string, array: NdArray): Promise<MemberStats> {
    let p = this.stats.get(name);
    if (!p) {
      const started = performance.now();
      p = computeStats(array, this.abort.signal).then((r) => {
        this.log.debug(`Tensor viewer: statistics of ${this.fileName}:${name} in ${(performance.now() - started).toFixed(0)} ms`);
        return r;
      });
      this.stats.set(name, p);
    }
    return p;
  }

  dispose(): void {
    if (this.reloadTimer) clearTimeout(this.reloadTimer);
    this.abort.abort();
    this.stats.clear();
    this.state = { kind: 'loading' };
    for (const d of this.disposables) d.dispose();
  }
}

async function exists(file: string): Promise<boolean> {
  try {
    await fsp.stat(file);
    return true;
  } catch {
    return false;
  }
}
