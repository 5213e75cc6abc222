// Loads TensorFlow.js on first use and picks the fastest backend that works here:
// @tensorflow/tfjs-node (native, optional), then the WebAssembly backend, then the pure JavaScript cpu backend.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type * as TfNamespace from '@tensorflow/tfjs';
import type { Tensor } from '@tensorflow/tfjs';
import type * as WasmBackend from '@tensorflow/tfjs-backend-wasm';

/** The TensorFlow.js namespace, whichever package provided it. */
export type Tf = typeof TfNamespace;
/** Backends Tensor Parity can run on. */
export type BackendName = 'tensorflow' | 'wasm' | 'cpu';

/**
 * What tfjs-node reports about one SavedModel input or output. `shape` entries are protobuf Dim objects in
 * tfjs-node 4.x (their valueOf() is the size, -1 when unknown), plain numbers elsewhere.
 */
export interface SavedModelTensorInfo {
  name: string;
  shape?: readonly unknown[];
  dtype: string;
  tfDtype?: string;
}

/** One signature of a SavedModel meta graph: inputs and outputs keyed by their signature keys. */
export interface SavedModelSignatureDef {
  inputs: Record<string, SavedModelTensorInfo>;
  outputs: Record<string, SavedModelTensorInfo>;
}

/** One meta graph of a SavedModel, as tf.node.getMetaGraphsFromSavedModel reports it. */
export interface SavedModelMetaGraph {
  tags: string[];
  signatureDefs: Record<string, SavedModelSignatureDef>;
}

/** The subset of tfjs-node's TFSavedModel the engine uses. */
export interface NodeSavedModel {
  readonly inputs: SavedModelTensorInfo[];
  readonly outputs: SavedModelTensorInfo[];
  predict(inputs: Tensor | Record<string, Tensor>): Tensor | Tensor[] | Record<string, Tensor>;
  dispose(): void;
}

/** The subset of tfjs-node's `tf.node` namespace the engine uses. */
export interface TfNodeApi {
  loadSavedModel(dir: string, tags?: string[], signature?: string): Promise<NodeSavedModel>;
  getMetaGraphsFromSavedModel(dir: string): Promise<SavedModelMetaGraph[]>;
}

/** A ready TensorFlow.js runtime. `detail` says why a faster backend was not used ('' when none was skipped). */
export interface TfRuntime {
  tf: Tf;
  backend: BackendName;
  detail: string;
  /** tfjs-node's extras (SavedModel loading); only present on the 'tensorflow' backend. */
  node?: TfNodeApi;
}

/** Options for {@link loadTensorflow}. */
export interface LoadTensorflowOptions {
  /** Start the search at this backend; the order after it stays tensorflow → wasm → cpu. */
  prefer?: BackendName;
  /** Folder holding tfjs-backend-wasm*.wasm; found automatically when omitted. */
  wasmDir?: string;
}

const ORDER: readonly BackendName[] = ['tensorflow', 'wasm', 'cpu'];
const WASM_FILES = ['tfjs-backend-wasm.wasm', 'tfjs-backend-wasm-simd.wasm'];
const TFJS_NODE = '@tensorflow/tfjs-node';

let pureTf: Promise<Tf> | undefined;
let nodeTf: Promise<{ tf: Tf; node: TfNodeApi } | string> | undefined;
let wasmPathsSet = false;
const memo = new Map<string, Promise<TfRuntime>>();

/** Loads TensorFlow.js lazily and selects a backend; memoized per preference, never throws for a missing tfjs-node. */
export function loadTensorflow(opts: LoadTensorflowOptions = {}): Promise<TfRuntime> {
  const key = `${opts.prefer ?? ''}|${opts.wasmDir ?? ''}`;
  let runtime = memo.get(key);
  if (!runtime) {
    runtime = selectBackend(opts);
    memo.set(key, runtime);
    runtime.catch(() => memo.delete(key));
  }
  // Another preference may have switched the global backend since (tfjs-node and the pure backends share one tfjs
  // engine); switch back before handing it out, or a "tensorflow" run would quietly run on cpu or wasm.
  return runtime.then(async (rt) => {
    if (rt.tf.getBackend() !== rt.backend) await rt.tf.setBackend(rt.backend);
    return rt;
  });
}

/** Finds the folder with the wasm backend's binaries: dist/wasm when bundled, else the installed package. */
export function findWasmDir(explicit?: string): string | undefined {
  const candidates: string[] = [];
  if (explicit) candidates.push(explicit);
  candidates.push(path.join(__dirname, 'wasm'));
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    candidates.push(path.join(dir, 'node_modules', '@tensorflow', 'tfjs-backend-wasm', 'dist'));
    if (path.dirname(dir) === dir) break;
  }
  return candidates.find((dir) => WASM_FILES.some((f) => fs.existsSync(path.join(dir, f))));
}

async function selectBackend(opts: LoadTensorflowOptions): Promise<TfRuntime> {
  const start = ORDER.indexOf(opts.prefer ?? 'tensorflow');
  const reasons: string[] = [];
  for (const backend of ORDER.slice(start)) {
    if (backend === 'tensorflow') {
      const loaded = await loadTfjsNode();
      if (typeof loaded !== 'string') {
        return { tf: loaded.tf, backend, detail: reasons.join('; '), node: loaded.node };
      }
      reasons.push(loaded);
      continue;
    }
    const tf = await loadPureTf();
    // wasm runs the single-threaded SIMD build: tfjs turns WASM_HAS_MULTITHREAD_SUPPORT off under Node (its worker is
    // a blob: URL, which worker_threads refuse), caps threads at cores/2, and with 2 threads on a busy 2-core machine
    // every op waits on a descheduled worker (measured 4× slower). bench/infer.mjs compares against TF Python.
    if (backend === 'wasm') {
      const dir = findWasmDir(opts.wasmDir);
      if (!dir) {
        reasons.push(
          `the wasm backend's .wasm files were not found${opts.wasmDir ? ` in ${opts.wasmDir}` : ''} (reinstall the extension, or run \`npm run build\` to copy them to dist/wasm)`,
        );
        continue;
      }
      if (!wasmPathsSet) {
        const wasm = requireWasmBackend();
        wasm.setWasmPaths(dir.endsWith(path.sep) ? dir : dir + path.sep);
        wasmPathsSet = true;
      }
    }
    const ok = await tf.setBackend(backend).catch(() => false);
    if (ok) {
      await tf.ready();
      return { tf, backend, detail: reasons.join('; ') };
    }
    reasons.push(`the ${backend} backend failed to initialise`);
  }
  throw new Error(`No TensorFlow.js backend could start: ${reasons.join('; ')}`);
}

function loadPureTf(): Promise<Tf> {
  pureTf ??= (async () => {
    const tf = requireTf();
    requireWasmBackend(); // registers the 'wasm' backend
    tf.env().set('PROD', true); // no console chatter (e.g. the "install tfjs-node" banner) in CLI output
    return tf;
  })();
  return pureTf;
}

// Plain require() calls, not import(): bundlers keep import() of an external as a real ESM import, which would
// load the CommonJS tfjs bundle through Node's ESM loader. esbuild rewrites these two to ./tfjs-bundle.js.
function requireTf(): Tf {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- see above
  const mod: unknown = require('@tensorflow/tfjs');
  return mod as Tf;
}

function requireWasmBackend(): typeof WasmBackend {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- see above
  const mod: unknown = require('@tensorflow/tfjs-backend-wasm');
  return mod as typeof WasmBackend;
}

/** Resolves to tfjs-node, or to the reason it is unavailable. */
function loadTfjsNode(): Promise<{ tf: Tf; node: TfNodeApi } | string> {
  nodeTf ??= (async () => {
    try {
      // TensorFlow's C++ runtime logs INFO lines (CPU features, MLIR passes) to stderr; keep warnings and errors.
      process.env.TF_CPP_MIN_LOG_LEVEL ??= '2';
      // TensorFlow's oneDNN graph rewrites fuse patterns such as hard-swish and then use their own constants in place
      // of the graph's (exact 1/6 for the demo's float16-rounded 0.16663), which moved the demo's mask by up to 0.022.
      // Without them a graph run as one session gives TF.js's op-by-op result bit for bit. Set it to 1 to override.
      process.env.TF_ENABLE_ONEDNN_OPTS ??= '0';
      // A non-literal specifier keeps bundlers and tsc from resolving this optional package.
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- an optional native package, loaded on demand
      const mod: unknown = require(TFJS_NODE);
      if (!isTfNode(mod)) return `${TFJS_NODE} loaded but does not look like TensorFlow.js`;
      const loaded: object = mod;
      const tf = loaded as Tf;
      tf.env().set('PROD', true);
      await tf.ready();
      return { tf, node: mod.node };
    } catch (err) {
      const code = (err as { code?: unknown }).code;
      if (code === 'MODULE_NOT_FOUND') {
        return `${TFJS_NODE} is not installed (optional: \`npm install ${TFJS_NODE}\` enables the native backend)`;
      }
      return `${TFJS_NODE} failed to load: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}`;
    }
  })();
  return nodeTf;
}

function isTfNode(mod: unknown): mod is { node: TfNodeApi } {
  if (typeof mod !== 'object' || mod === null) return false;
  const node = (mod as { node?: unknown }).node;
  if (typeof node !== 'object' || node === null) return false;
  const api = node as { loadSavedModel?: unknown; getMetaGraphsFromSavedModel?: unknown };
  return typeof api.loadSavedModel === 'function' && typeof api.getMetaGraphsFromSavedModel === 'function';
}
