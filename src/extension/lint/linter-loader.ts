// Loads the preprocessing linter (and tree-sitter with its grammars) on first use, never at activation.

import * as path from 'node:path';
import type { Linter } from '../../core/lint/types';

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
  private live: Promise<Linter | undefined> | undefined;
  private failure: string | undefined;
  /** How long the first load took (tree-sitter runtime + grammars), once it finished. */
  loadMs: number | undefined;

  constructor(private readonly wasmDir: string, private readonly log: LintLog, private readonly onFailure: (message: string) => void) {}

  /** The live linter, or undefined when it could not be loaded (the reason is logged and shown once). */
  get(): Promise<Linter | undefined> {
    this.live ??= this.load();
    return this.live;
  }

  /** True when get() has been called (the linter is loaded or loading). */
  get started(): boolean {
    return this.live !== undefined;
  }

  /** A separate linter for a one-off run (Lint Workspace), so its trees never mix with the open editors'. */
  async createSeparate(): Promise<Linter | undefined> {
    if (this.failure) return undefined;
    try {
      const { createLinter } = await import('../../core/lint/index');
      return await createLinter({ wasmDir: this.wasmDir });
    } catch (err) {
      this.fail(err);
      return undefined;
    }
  }

  /** Frees the live linter's trees and parser. */
  dispose(): void {
    void this.live?.then((l) => l?.dispose());
    this.live = undefined;
  }

  private async load(): Promise<Linter | undefined> {
    const started = performance.now();
    try {
      const { createLinter } = await import('../../core/lint/index');
      const linter = await createLinter({ wasmDir: this.wasmDir });
      this.loadMs = performance.now() - started;
      this.log.info(`Preprocessing linter loaded in ${this.loadMs.toFixed(1)} ms (tree-sitter and its grammars from ${this.wasmDir}).`);
      return linter;
    } catch (err) {
      this.fail(err);
      return undefined;
    }
  }

  private fail(err: unknown): void {
    if (this.failure) return;
    const detail = err instanceof Error ? err.message : String(err);
    this.failure = `Tensor Parity could not load its preprocessing linter: ${detail}`;
    this.log.error(err instanceof Error && err.stack ? `${this.failure}\n${err.stack}` : this.failure);
    this.onFailure(this.failure);
  }
}
