// Starts the preprocessing linter's worker thread (which loads tree-sitter and its grammars) on first use, never at
// activation. All parsing and analysis happen on that thread; the extension host only posts text and gets findings.

import * as path from 'node:path';
import type { LintClient, WorkerLinterOptions } from '../../core/lint/worker-client';
import * as l10n from '../l10n';

/** Something to write the log to (the extension's LogOutputChannel satisfies it). */
export interface LintLog {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
  debug(message: string): void;
}

/** The folder the build copies the tree-sitter wasm files into (dist/tree-sitter under the extension). */
export function wasmDirOf(extensionFsPath: string): string {
  return path.join(extensionFsPath, 'dist', 'tree-sitter');
}

/** Creates the shared live linter on first request and keeps it; a failed load is reported once and not retried. */
export class LinterLoader {
  private live: Promise<LintClient | undefined> | undefined;
  private failure: string | undefined;
  /** How long the first load took (tree-sitter runtime + grammars), once it finished. */
  loadMs: number | undefined;

  constructor(
    private readonly wasmDir: string,
    private readonly log: LintLog,
    private readonly onFailure: (message: string) => void,
    private readonly siblings?: () => Pick<WorkerLinterOptions, 'workspaceRoot' | 'openTexts'>,
  ) {}

  /** The live linter, or undefined when it could not be loaded (the reason is logged and shown once). */
  get(): Promise<LintClient | undefined> {
    this.live ??= this.load();
    return this.live;
  }

  /** True when get() has been called (the linter is loaded or loading). */
  get started(): boolean {
    return this.live !== undefined;
  }

  /** A separate linter (its own worker thread) for a one-off run (Lint Workspace), so its trees never mix with the open editors'. */
  async createSeparate(): Promise<LintClient | undefined> {
    if (this.failure) return undefined;
    return this.start();
  }

  /** Stops the live linter's worker (frees its trees and parser). */
  dispose(): void {
    void this.live?.then((l) => l?.dispose());
    this.live = undefined;
  }

  private async load(): Promise<LintClient | undefined> {
    const started = performance.now();
    const linter = await this.start();
    if (!linter) return undefined;
    this.loadMs = performance.now() - started;
    this.log.info(`Preprocessing linter loaded in ${this.loadMs.toFixed(1)} ms on its worker thread (tree-sitter and its grammars from ${this.wasmDir}).`);
    return linter;
  }

  private async start(): Promise<LintClient | undefined> {
    let linter: import('../../core/lint/worker-client').WorkerLinter | undefined;
    try {
      const { WorkerLinter } = await import('../../core/lint/worker-client');
      linter = new WorkerLinter({ wasmDir: this.wasmDir, ...this.siblings?.() });
      await linter.load();
      return linter;
    } catch (err) {
      void linter?.dispose();
      this.fail(err);
      return undefined;
    }
  }

  private fail(err: unknown): void {
    if (this.failure) return;
    const detail = err instanceof Error ? err.message : String(err);
    this.failure = l10n.t('Tensor Parity could not load its preprocessing linter: {0}', detail);
    this.log.error(err instanceof Error && err.stack ? `${this.failure}\n${err.stack}` : this.failure);
    this.onFailure(this.failure);
  }
}
