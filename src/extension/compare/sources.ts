// Where a diagnosis card's buttons lead: the field of tensorparity.json a cause would change (located with
// jsonc-parser), and the source line the preprocessing linter flags for that same field.

import { promises as fsp } from 'node:fs';
import * as path from 'node:path';
import { findNodeAtLocation, parseTree, type Node } from 'jsonc-parser';
import { findExcessiveNesting } from '../../core/spec/depth';
import * as vscode from 'vscode';
import type { LintLanguageId } from '../../core/lint/types';
import type { LintClient } from '../../core/lint/worker-client';
import type { Spec } from '../../core/spec/types';
import type { CompareCauseView } from '../../protocol';

/** The range of a spec field's property (key and value) in the text, or of its nearest written parent. */
export function locateSpecField(text: string, dotted: string): { offset: number; length: number; exact: boolean; found: string } | undefined {
  if (findExcessiveNesting(text)) return undefined; // parseTree recurses: never hand it hostile nesting
  const root = parseTree(text, [], { allowTrailingComma: true, disallowComments: false });
  if (!root) return undefined;
  const parts = dotted
    .split('.')
    .filter(Boolean)
    .map((p) => (/^\d+$/.test(p) ? Number(p) : p));
  for (let n = parts.length; n >= 1; n--) {
    const node: Node | undefined = findNodeAtLocation(root, parts.slice(0, n));
    if (!node) continue;
    const prop = node.parent?.type === 'property' ? node.parent : node;
    return { offset: prop.offset, length: prop.length, exact: n === parts.length, found: parts.slice(0, n).join('.') };
  }
  return { offset: root.offset, length: 1, exact: false, found: '' };
}

/** Opens the spec with the cause's field selected; says so when the field is not written (a default applies). */
export async function openSpecField(specUri: vscode.Uri, cause: CompareCauseView): Promise<void> {
  const field = cause.specPath;
  const doc = await vscode.workspace.openTextDocument(specUri);
  if (!field) {
    await vscode.window.showTextDocument(doc);
    return;
  }
  const loc = locateSpecField(doc.getText(), field);
  const range = loc ? new vscode.Range(doc.positionAt(loc.offset), doc.positionAt(loc.offset + loc.length)) : new vscode.Range(0, 0, 0, 0);
  await vscode.window.showTextDocument(doc, { selection: range });
  if (loc && !loc.exact) {
    const value = cause.specValue ?? '…';
    const last = field.split('.').pop() ?? field;
    void vscode.window.showInformationMessage(
      loc.found
        ? vscode.l10n.t(
            'Tensor Parity: {0} is not written in {1}, so its default applies. To change it, add "{2}": {3} inside "{4}".',
            field,
            path.basename(specUri.fsPath),
            last,
            value,
            loc.found,
          )
        : vscode.l10n.t(
            'Tensor Parity: {0} is not written in {1}, so its default applies. To change it, add "{2}": {3} at the top level.',
            field,
            path.basename(specUri.fsPath),
            last,
            value,
          ),
    );
  }
}

const LANGUAGES: Record<string, LintLanguageId> = {
  '.py': 'python',
  '.cpp': 'cpp',
  '.cc': 'cpp',
  '.cxx': 'cpp',
  '.hpp': 'cpp',
  '.h': 'cpp',
  '.java': 'java',
  '.js': 'javascript',
  '.mjs': 'javascript',
  '.ts': 'typescript',
  '.tsx': 'tsx',
};
const MAX_FILES = 200;
const MAX_BYTES = 1024 * 1024;

/** Finds, per spec field, the first linter finding in the source files next to a spec; loads the linter on first use. */
export class LintSources {
  private linter: Promise<LintClient | undefined> | undefined;

  constructor(
    private readonly wasmDir: string,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  private load(): Promise<LintClient | undefined> {
    // On the lint worker thread: linting up to 200 files must not stall the extension host.
    this.linter ??= import('../../core/lint/worker-client')
      .then(async (m) => {
        const linter = new m.WorkerLinter({ wasmDir: this.wasmDir });
        try {
          await linter.load();
        } catch (err) {
          void linter.dispose();
          throw err;
        }
        return linter;
      })
      .catch((err: unknown) => {
        this.log.warn(
          `Diff panel: the preprocessing linter did not load, so cards have no "open source line" button: ${err instanceof Error ? err.message : String(err)}`,
        );
        return undefined;
      });
    return this.linter;
  }

  /** The first finding of each linter rule in the source files under the spec's folder (at most 200 files of ≤ 1 MB). */
  async findingsFor(specUri: vscode.Uri, spec: Spec, token?: vscode.CancellationToken): Promise<Map<string, NonNullable<CompareCauseView['source']>>> {
    const out = new Map<string, NonNullable<CompareCauseView['source']>>();
    const linter = await this.load();
    if (!linter) return out;
    const base = vscode.Uri.joinPath(specUri, '..');
    const files = await vscode.workspace.findFiles(
      new vscode.RelativePattern(base, '**/*.{py,cpp,cc,cxx,hpp,h,java,js,mjs,ts,tsx}'),
      '{**/node_modules/**,**/.venv/**,**/dist/**,**/build/**,**/out/**}',
      MAX_FILES,
      token,
    );
    files.sort((x, y) => x.fsPath.localeCompare(y.fsPath));
    for (const file of files) {
      if (token?.isCancellationRequested) break;
      const lang = LANGUAGES[path.extname(file.fsPath).toLowerCase()];
      if (!lang || file.fsPath.endsWith('.d.ts')) continue;
      try {
        const st = await fsp.stat(file.fsPath);
        if (st.size > MAX_BYTES) continue;
        const text = await fsp.readFile(file.fsPath, 'utf8');
        const uri = `tp-diff:${file.fsPath}`;
        const { findings } = await linter.check({ uri, languageId: lang, text }, spec);
        linter.close(uri);
        for (const f of findings) {
          if (!out.has(f.rule)) out.set(f.rule, { file: file.fsPath, line: f.range.start.line, message: `${f.code}: ${f.message}` });
        }
      } catch (err) {
        this.log.debug(`Diff panel: could not lint ${file.fsPath}: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
    return out;
  }

  dispose(): void {
    void this.linter?.then((l) => l?.dispose());
    this.linter = undefined;
  }
}
