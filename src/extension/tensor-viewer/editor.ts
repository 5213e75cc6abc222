// The read-only custom editor for tensor files (viewType tensorParity.tensorViewer): header, statistics, histogram,
// slice image and value grid. Heavy work stays on the host; the webview receives only what it displays.

import * as vscode from 'vscode';
import { guessLayout } from '../../core/diff/align';
import {
  defaultSliceRequest,
  TensorHostMessage,
  TensorInitialState,
  TensorOverview,
  TensorSliceRequest,
  TensorWebviewMessage,
  validateTensorWebviewMessage,
} from '../../protocol';
import { HostPanel, panelWebviewOptions } from '../panel/host-panel';
import { TensorDocument } from './document';
import { computeCells, computeSlice, computeVector } from './preview';
import { panelL10n } from '../panel/l10n-state';

/** The custom editor's view type (package.json contributes.customEditors). */
export const TENSOR_VIEW_TYPE = 'tensorParity.tensorViewer';

/** The same viewer for raw .bin/.raw dumps, offered as an option ("Reopen Editor With…") rather than the default. */
export const RAW_TENSOR_VIEW_TYPE = 'tensorParity.rawTensorViewer';

/** Registers the tensor viewer under both view types. */
export function registerTensorEditor(extensionUri: vscode.Uri, log: vscode.LogOutputChannel): vscode.Disposable {
  const provider = new TensorEditorProvider(extensionUri, log);
  const options = { supportsMultipleEditorsPerDocument: true, webviewOptions: { retainContextWhenHidden: false } };
  return vscode.Disposable.from(
    vscode.window.registerCustomEditorProvider(TENSOR_VIEW_TYPE, provider, options),
    vscode.window.registerCustomEditorProvider(RAW_TENSOR_VIEW_TYPE, provider, options),
  );
}

class TensorEditorProvider implements vscode.CustomReadonlyEditorProvider<TensorDocument> {
  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  openCustomDocument(uri: vscode.Uri): TensorDocument {
    const doc = new TensorDocument(uri, this.log);
    void doc.load();
    return doc;
  }

  resolveCustomEditor(document: TensorDocument, panel: vscode.WebviewPanel): void {
    panel.webview.options = panelWebviewOptions(this.extensionUri);
    // The session lives as long as the panel (HostPanel disposes it when VS Code closes the editor).
    new ViewerSession(document, panel, this.extensionUri, this.log);
  }
}

/** One open viewer of a document. */
class ViewerSession extends HostPanel<TensorHostMessage, TensorWebviewMessage> {
  private member: string | undefined;
  private request: TensorSliceRequest | undefined;

  constructor(
    private readonly doc: TensorDocument,
    panel: vscode.WebviewPanel,
    extensionUri: vscode.Uri,
    private readonly log: vscode.LogOutputChannel,
  ) {
    super(panel, extensionUri, { name: 'tensor viewer', log, validate: validateTensorWebviewMessage });
    this._register(doc.onDidChangeState((what) => this.onDocumentChange(what)));
    const state: TensorInitialState = { fileName: doc.fileName, path: doc.uri.fsPath, ...panelL10n() };
    this.renderPage({ script: 'tensor-panel.js', title: doc.fileName, initialState: state, loadingText: vscode.l10n.t('Loading {0}…', doc.fileName) });
  }

  private post(body: TensorHostMessage): void {
    this.connection.post(body);
  }

  private onDocumentChange(what: 'loaded' | 'deleted' | 'restored'): void {
    if (what === 'deleted') {
      this.post({
        type: 'fileState',
        path: this.doc.uri.fsPath,
        state: 'deleted',
        message: vscode.l10n.t('{0} was deleted from disk. The view below is the last one loaded.', this.doc.fileName),
      });
      return;
    }
    if (what === 'restored') {
      this.post({
        type: 'fileState',
        path: this.doc.uri.fsPath,
        state: 'present',
        message: vscode.l10n.t('{0} is back on disk; reloading.', this.doc.fileName),
      });
      return;
    }
    void this.sendAll(true);
  }

  protected async onMessage(body: TensorWebviewMessage): Promise<undefined> {
    switch (body.type) {
      case 'ready':
        this.connection.markReady();
        await this.sendAll(false);
        break;
      case 'tensorSelectMember':
        this.member = body.member;
        this.request = undefined;
        await this.sendAll(false);
        break;
      case 'tensorRequestSlice':
        this.sendSlice(body.request);
        break;
      case 'tensorRequestCells': {
        const t = this.doc.tensor(body.request.member);
        if (!t || t.name !== body.request.member) break;
        try {
          this.post({ type: 'tensorCells', cells: computeCells(t.array, body.request, body.row0, body.col0, body.rows, body.cols) });
        } catch (err) {
          this.log.warn(`Tensor viewer: ${err instanceof Error ? err.message : String(err)}`);
        }
        break;
      }
      case 'error':
        this.log.error(`Tensor viewer (${this.doc.fileName}): ${body.message}`);
        break;
    }
    return undefined;
  }

  /** Sends the overview, the current (or first) view, and then the statistics. */
  private async sendAll(reloaded: boolean): Promise<void> {
    if (!this.connection.isReady) return;
    const doc = this.doc;
    const st = doc.state;
    if (st.kind === 'loading') {
      this.post({ type: 'tensorLoading', message: vscode.l10n.t('Reading {0}…', doc.fileName) });
      return;
    }
    if (st.kind === 'error') {
      this.post({ type: 'tensorError', message: st.message, ...(st.hint ? { hint: st.hint } : {}) });
      return;
    }
    if (doc.deleted)
      this.post({
        type: 'fileState',
        path: doc.uri.fsPath,
        state: 'deleted',
        message: vscode.l10n.t('{0} was deleted from disk. The view below is the last one loaded.', doc.fileName),
      });
    else if (reloaded) this.post({ type: 'fileState', path: doc.uri.fsPath, state: 'present', message: '' });
    const t = doc.tensor(this.member);
    if (!t) {
      this.post({
        type: 'tensorError',
        message: vscode.l10n.t('{0} holds no tensors: the archive is empty. Save at least one array with np.savez(f, name=arr).', doc.fileName),
      });
      return;
    }
    this.member = t.name;
    const { loaded, fileBytes } = st;
    const shape = [...t.array.shape];
    const lastFour = shape.length > 4 ? shape.slice(-4) : shape;
    const guessed = guessLayout(lastFour);
    const overview: TensorOverview = {
      file: { name: doc.fileName, path: doc.uri.fsPath },
      format: loaded.format,
      members: [...loaded.tensors.keys()],
      member: t.name,
      dtype: t.array.dtype,
      shape,
      byteOrder: loaded.byteOrder ?? (t.array.data.BYTES_PER_ELEMENT === 1 ? 'none' : 'little'),
      fortranOrder: loaded.fortranOrder ?? false,
      fileBytes,
      ...(loaded.layoutFrom ? { layoutFrom: loaded.layoutFrom } : {}),
      ...(guessed ? { guessedLayout: guessed } : {}),
    };
    this.post({ type: 'tensorOverview', overview });
    if (shape.length < 2) {
      this.post({ type: 'tensorVector', vector: computeVector(t.array, t.name) });
    } else {
      const keep = this.request && this.request.member === t.name && this.request.fixed.length === shape.length ? this.request : undefined;
      const req = keep ?? defaultSliceRequest(t.name, shape, guessed === 'NCHW' || guessed === 'CHW' ? 'NCHW' : 'NHWC');
      if (req) this.sendSlice(req, keep !== undefined);
    }
    try {
      const s = await doc.statsOf(t.name, t.array);
      if (this.member === t.name) this.post({ type: 'tensorOverview', overview: { ...overview, stats: s.stats, histogram: s.histogram } });
    } catch (err) {
      if (!(err instanceof Error && err.name === 'AbortError'))
        this.log.error(`Tensor viewer statistics failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    }
  }

  private sendSlice(req: TensorSliceRequest, fallBackToDefault = false): void {
    const t = this.doc.tensor(req.member);
    if (!t || t.name !== req.member) return;
    try {
      const started = performance.now();
      const slice = computeSlice(t.array, req);
      this.request = slice.request;
      this.post({ type: 'tensorSlice', slice });
      this.log.debug(
        `Tensor viewer: slice ${slice.width}×${slice.height}×${slice.channels} of ${this.doc.fileName} in ${(performance.now() - started).toFixed(1)} ms`,
      );
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      this.log.warn(`Tensor viewer: ${message}`);
      const dflt = fallBackToDefault ? defaultSliceRequest(t.name, t.array.shape) : undefined;
      if (dflt) this.sendSlice(dflt);
    }
  }
}
