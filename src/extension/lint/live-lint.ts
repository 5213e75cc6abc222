// Lints open documents: on open, on type (debounced), when a spec changes; clears on close. The lint runs on the
// lint worker thread, which keeps each open document's tree and reparses incrementally from the text it saw last;
// a newer edit cancels the lint in flight. Diagnostics go to the shared lint collection.

import * as path from 'node:path';
import * as vscode from 'vscode';
import { isCancelled } from '../../core/worker/errors';
import { FindingStore, notLintedDiagnostic, toDiagnostic, type SpecContext } from './diagnostics';
import { MAX_LINT_BYTES } from './files';
import { LatencyLog } from './latency';
import type { LinterLoader, LintLog } from './linter-loader';
import { liveLanguageOf } from './settings';
import type { SpecCache } from './spec-cache';
import type { SpecOffer } from './spec-offer';

/** Delay between the last keystroke and the re-lint. */
export const TYPE_DEBOUNCE_MS = 250;

/** Why a document is linted (on-type runs are timed and summarised in the log). */
export type LintReason = 'open' | 'type' | 'spec' | 'settings';

interface Track {
  /** Bumped by every schedule; a run that finds a newer generation gives up. */
  gen: number;
  timer?: ReturnType<typeof setTimeout>;
  /** The lint in flight on the worker; a newer schedule cancels it. */
  inflight?: AbortController | undefined;
  hasTree: boolean;
  warnedLarge?: boolean;
  /** The last "not linted" message logged for this document (logged once, not on every keystroke). */
  warnedSkip?: string | undefined;
}

/** What the live linter shares with the rest of the lint host. */
export interface LiveLintDeps {
  loader: LinterLoader;
  specs: SpecCache;
  diagnostics: vscode.DiagnosticCollection;
  store: FindingStore;
  offer: SpecOffer;
  log: LintLog;
  /** Called when an open document that Lint Workspace had linted closes: its on-disk results come back. */
  onClosedWorkspaceFile: (uri: vscode.Uri) => void;
}

/** The on-open/on-type diagnostics provider. */
export class LiveLint implements vscode.Disposable {
  private readonly tracks = new Map<string, Track>();
  private readonly disposables: vscode.Disposable[] = [];
  private readonly latency: LatencyLog;

  constructor(private readonly deps: LiveLintDeps) {
    this.latency = new LatencyLog((line) => deps.log.info(line));
    this.disposables.push(
      vscode.workspace.onDidOpenTextDocument((doc) => this.schedule(doc, 0, 'open')),
      vscode.workspace.onDidChangeTextDocument((e) => this.onChange(e)),
      vscode.workspace.onDidCloseTextDocument((doc) => this.onClose(doc)),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('tensorParity.lint')) this.lintAllOpen(0, 'settings');
      }),
    );
  }

  /** Lints the documents already open (they were opened before activation). */
  start(): void {
    this.lintAllOpen(0, 'open');
  }

  /** Re-lints every open document (after a spec or settings change). */
  lintAllOpen(delayMs: number, reason: LintReason): void {
    for (const doc of vscode.workspace.textDocuments) this.schedule(doc, delayMs, reason);
  }

  /** True when a document is open and followed by the live linter (Lint Workspace leaves those to it). */
  isLive(uri: vscode.Uri): boolean {
    return this.tracks.has(uri.toString());
  }

  /** Schedules a lint of `doc` after `delayMs` (replacing a pending one). */
  schedule(doc: vscode.TextDocument, delayMs: number, reason: LintReason): void {
    const key = doc.uri.toString();
    let track = this.tracks.get(key);
    if (!liveLanguageOf(doc)) {
      if (track) this.forget(doc.uri);
      return;
    }
    if (!track) {
      track = { gen: 0, hasTree: false };
      this.tracks.set(key, track);
    }
    const gen = ++track.gen;
    if (track.timer) clearTimeout(track.timer);
    track.inflight?.abort();
    track.timer = setTimeout(() => void this.run(doc, gen, reason), delayMs);
  }

  private onChange(e: vscode.TextDocumentChangeEvent): void {
    if (e.contentChanges.length === 0) return;
    const track = this.tracks.get(e.document.uri.toString());
    if (!track) return;
    this.schedule(e.document, TYPE_DEBOUNCE_MS, 'type');
  }

  private onClose(doc: vscode.TextDocument): void {
    if (!this.tracks.has(doc.uri.toString())) return;
    this.forget(doc.uri);
    this.deps.onClosedWorkspaceFile(doc.uri);
  }

  /** Stops following a document: frees its tree and clears its diagnostics. */
  private forget(uri: vscode.Uri): void {
    const key = uri.toString();
    const track = this.tracks.get(key);
    if (track?.timer) clearTimeout(track.timer);
    track?.inflight?.abort();
    this.tracks.delete(key);
    this.latency.flush(key);
    if (this.deps.loader.started) void this.deps.loader.get().then((l) => l?.close(key));
    this.deps.diagnostics.delete(uri);
    this.deps.store.delete(uri);
  }

  /** No findings for this document; its tree is dropped too, so edits need not pile up meanwhile. */
  private quiet(doc: vscode.TextDocument, track: Track | undefined): void {
    this.deps.diagnostics.delete(doc.uri);
    this.deps.store.delete(doc.uri);
    if (track?.hasTree) {
      track.hasTree = false;
      void this.deps.loader.get().then((l) => l?.close(doc.uri.toString()));
    }
  }

  private async run(doc: vscode.TextDocument, gen: number, reason: LintReason): Promise<void> {
    const key = doc.uri.toString();
    const stale = (): boolean => doc.isClosed || this.tracks.get(key)?.gen !== gen;
    try {
      const resolution = await this.deps.specs.resolve(doc.uri);
      if (stale()) return;
      if (resolution.kind !== 'ok') {
        // No spec: nothing to check against. Broken spec: the spec file shows its own errors.
        this.quiet(doc, this.tracks.get(key));
        if (resolution.kind === 'none') this.deps.offer.maybeOffer(doc, resolution.folder);
        return;
      }
      const linter = await this.deps.loader.get();
      if (!linter || stale()) return;
      const track = this.tracks.get(key)!;
      const text = doc.getText();
      if (text.length > MAX_LINT_BYTES) {
        if (!track.warnedLarge) this.deps.log.info(`Not linting ${doc.uri.fsPath}: it is over 1 MB.`);
        track.warnedLarge = true;
        this.quiet(doc, track);
        return;
      }
      const lang = liveLanguageOf(doc);
      if (!lang) return;
      const started = performance.now();
      track.inflight?.abort();
      const ctrl = new AbortController();
      track.inflight = ctrl;
      let outcome;
      try {
        outcome = await linter.check({ uri: key, languageId: lang, text, version: doc.version }, resolution.spec, ctrl.signal);
      } catch (err) {
        if (isCancelled(err)) return; // a newer edit or a close took over
        throw err;
      } finally {
        if (track.inflight === ctrl) track.inflight = undefined;
      }
      track.hasTree = true;
      const ms = performance.now() - started;
      if (stale()) return;
      if (outcome.skipped) {
        if (track.warnedSkip !== outcome.skipped.message) this.deps.log.warn(`${doc.uri.fsPath}: ${outcome.skipped.message}`);
        track.warnedSkip = outcome.skipped.message;
        this.deps.diagnostics.set(doc.uri, [notLintedDiagnostic(outcome.skipped.message)]);
        this.deps.store.delete(doc.uri);
        return;
      }
      track.warnedSkip = undefined;
      const findings = outcome.findings;
      const ctx: SpecContext = { specUri: resolution.specUri, text: resolution.text };
      this.deps.diagnostics.set(
        doc.uri,
        findings.map((f) => toDiagnostic(f, ctx)),
      );
      this.deps.store.set(
        doc.uri,
        doc.version,
        findings.map((finding) => ({ finding, spec: ctx })),
      );
      const name = path.basename(doc.uri.fsPath);
      if (reason === 'type') this.latency.record(key, name, doc.lineCount, ms);
      else
        this.deps.log.debug(`Linted ${name} (${doc.lineCount} lines, on ${reason}): ${findings.length} finding(s) in ${ms.toFixed(1)} ms on the lint worker.`);
    } catch (err) {
      this.deps.log.error(`Linting ${doc.uri.fsPath} failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    }
  }

  dispose(): void {
    for (const t of this.tracks.values()) {
      if (t.timer) clearTimeout(t.timer);
      t.inflight?.abort();
    }
    this.tracks.clear();
    this.latency.dispose();
    for (const d of this.disposables) d.dispose();
  }
}
