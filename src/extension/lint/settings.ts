// The tensorParity.lint.* settings and which documents they let the linter read.

import * as vscode from 'vscode';
import type { LintLanguageId } from '../../core/lint/types';
import { globMatcher } from '../../core/lint/glob';
import { DEFAULT_EXCLUDE, DEFAULT_INCLUDE, globSetting, lintLanguageOfEditor } from './files';

/** Lint settings of one folder (or of the window for files outside any folder). */
export interface LintSettings {
  enable: boolean;
  include: string[];
  exclude: string[];
}

/** Reads tensorParity.lint.* for a resource. */
export function lintSettings(scope: vscode.Uri | undefined): LintSettings {
  const c = vscode.workspace.getConfiguration('tensorParity.lint', scope);
  return {
    enable: c.get<boolean>('enable', true) !== false,
    include: globSetting(c.get<unknown>('include'), DEFAULT_INCLUDE),
    exclude: globSetting(c.get<unknown>('exclude'), DEFAULT_EXCLUDE),
  };
}

/** Schemes whose files the linter reads (a real file system; not git:, output:, vscode-notebook-cell: …). */
export function isLintableScheme(uri: vscode.Uri): boolean {
  return uri.scheme === 'file' || uri.scheme === 'vscode-remote';
}

/** The document's path relative to its workspace folder, with '/' separators (the full path outside folders). */
export function relativePathOf(uri: vscode.Uri): string {
  return vscode.workspace.asRelativePath(uri, false).replace(/\\/g, '/');
}

const matchers = new Map<string, (p: string) => boolean>();

function cachedMatcher(globs: string[]): (p: string) => boolean {
  const key = globs.join('\u0000');
  let m = matchers.get(key);
  if (!m) {
    if (matchers.size > 32) matchers.clear();
    m = globMatcher(globs);
    matchers.set(key, m);
  }
  return m;
}

/** True when the settings let the linter read this path (enabled, included and not excluded). */
export function settingsAllow(s: LintSettings, relativePath: string): boolean {
  if (!s.enable) return false;
  if (!cachedMatcher(s.include)(relativePath)) return false;
  return !cachedMatcher(s.exclude)(relativePath);
}

/** The linter language of an open document it should follow live, or undefined. */
export function liveLanguageOf(doc: vscode.TextDocument): LintLanguageId | undefined {
  if (!isLintableScheme(doc.uri)) return undefined;
  const lang = lintLanguageOfEditor(doc.languageId);
  if (!lang) return undefined;
  return settingsAllow(lintSettings(doc.uri), relativePathOf(doc.uri)) ? lang : undefined;
}
