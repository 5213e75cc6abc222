// Turns model files into a runnable model with a uniform interface: tfjs graph, tfjs layers or SavedModel.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { GraphModel, io, LayersModel, Tensor } from '@tensorflow/tfjs';
import type { ModelSpec } from '../spec/types';
import type { NodeSavedModel, Tf, TfRuntime } from './backend';
import { ModelError } from './errors';
import { fileModelHandler, fingerprintOf, readTfjsModel, tfjsFormatFor } from './model-io';

/** One model input or output: name, shape (null for an unknown dimension) and tfjs dtype. */
export interface ModelTensorSig {
  name: string;
  shape: (number | null)[] | undefined;
  dtype: string;
}

/** A model ready to run, whatever format it came from. */
export interface LoadedModel {
  format: ModelSpec['format'];
  inputs: ModelTensorSig[];
  outputs: ModelTensorSig[];
  /** Files the model was read from (model.json + shards, or the SavedModel's files). */
  files: string[];
  fingerprint: string;
  /** Runs the model on one input and returns the named output tensor (the caller disposes it). */
  predict(x: Tensor, inputName: string, outputName: string): Promise<Tensor>;
  dispose(): void;
}

/** The SavedModel → tfjs graph conversion command, for messages. */
export function conversionCommand(dir: string): string {
  return `tensorflowjs_converter --input_format=tf_saved_model --output_format=tfjs_graph_model ${dir} ${dir}_tfjs`;
}

/** Options for {@link loadModel}. */
export interface LoadModelOptions {
  /**
   * Fuse Conv2D/DepthwiseConv2dNative + bias Add (+ Relu/Relu6/Sigmoid), rewrite non-overlapping Conv2DBackpropInput
   * and dispatch fused convs straight to their kernel before a graph model runs on wasm or cpu (default true).
   * Same maths; only float rounding differs.
   */
  optimizeGraph?: boolean;
}

/** Loads the model at an absolute path according to spec.model.format. */
export async function loadModel(rt: TfRuntime, modelPath: string, spec: ModelSpec, opts: LoadModelOptions = {}): Promise<LoadedModel> {
  if (spec.format === 'saved-model') return loadSavedModel(rt, modelPath, spec);
  const files = readTfjsModel(modelPath, tfjsFormatFor(spec.format));
  const optimize = files.format === 'graph-model' && (opts.optimizeGraph ?? true) && rt.backend !== 'tensorflow';
  const directIds: number[] = [];
  const handler = optimize ? { load: () => optimizeGraph(rt.tf, files.artifacts, directIds) } : fileModelHandler(files);
  try {
    if (files.format === 'graph-model') {
      const model = await rt.tf.loadGraphModel(handler);
      return wrapGraph(model, spec, files.files, files.fingerprint, () => releaseDirectConvs(directIds));
    }
    const model = await rt.tf.loadLayersModel(handler);
    return wrapLayers(model, spec, files.files, files.fingerprint);
  } catch (err) {
    releaseDirectConvs(directIds);
    if (err instanceof ModelError) throw err;
    throw new ModelError(
      `TensorFlow.js could not load ${files.modelJsonPath}: ${firstLine(err)}. Re-export it with tensorflowjs_converter 4.x; if it uses ops TensorFlow.js lacks, check the converter's warnings.`,
      files.modelJsonPath,
    );
  }
}

function wrapGraph(model: GraphModel, spec: ModelSpec, files: string[], fingerprint: string, release: () => void): LoadedModel {
  const outputs = model.outputs.map((o) => ({ name: stripIndex(o.name), shape: normShape(o.shape), dtype: o.dtype }));
  return {
    format: spec.format,
    inputs: model.inputs.map((i) => ({ name: stripIndex(i.name), shape: normShape(i.shape), dtype: i.dtype })),
    outputs,
    files,
    fingerprint,
    async predict(x, inputName, outputName) {
      const feed = { [inputName]: x };
      try {
        return model.execute(feed, outputName) as Tensor;
      } catch (err) {
        // Models with control flow (while/if) only run asynchronously.
        if (!/executeAsync/.test(firstLine(err))) throw err;
        return (await model.executeAsync(feed, outputName)) as Tensor;
      }
    },
    dispose: () => {
      model.dispose();
      release();
    },
  };
}

function wrapLayers(model: LayersModel, spec: ModelSpec, files: string[], fingerprint: string): LoadedModel {
  return {
    format: spec.format,
    inputs: model.inputs.map((i, k) => ({ name: model.inputNames[k] ?? i.name, shape: normShape(i.shape), dtype: i.dtype })),
    outputs: model.outputs.map((o, k) => ({ name: model.outputNames[k] ?? o.name, shape: normShape(o.shape), dtype: o.dtype })),
    files,
    fingerprint,
    async predict(x, _inputName, outputName) {
      const out = model.predict(x);
      if (!Array.isArray(out)) return out;
      const k = Math.max(0, model.outputNames.indexOf(outputName));
      out.forEach((t, i) => i !== k && t.dispose());
      return out[k] as Tensor;
    },
    dispose: () => model.dispose(),
  };
}

async function loadSavedModel(rt: TfRuntime, dir: string, spec: ModelSpec): Promise<LoadedModel> {
  const pb = path.join(dir, 'saved_model.pb');
  if (!fs.existsSync(pb)) {
    throw new ModelError(
      `${dir} is not a TensorFlow SavedModel (no saved_model.pb inside). Point model.path at the SavedModel folder, or set model.format to "tfjs-graph" for a model.json.`,
      dir,
    );
  }
  if (!rt.node) {
    throw new ModelError(
      `${dir} is a SavedModel, which needs the native backend (@tensorflow/tfjs-node), but it is not available here (${rt.detail || `running on ${rt.backend}`}). ` +
        `Install @tensorflow/tfjs-node, or convert the model once and set model.format to "tfjs-graph": ${conversionCommand(dir)}`,
      dir,
    );
  }
  const signature = spec.signature ?? 'serving_default';
  let model: NodeSavedModel;
  try {
    model = await rt.node.loadSavedModel(dir, ['serve'], signature);
  } catch (err) {
    throw new ModelError(
      `tfjs-node could not load the SavedModel ${dir} (tags "serve", signature "${signature}"): ${firstLine(err)}. Check model.signature, or convert it: ${conversionCommand(dir)}`,
      dir,
    );
  }
  const files = listFiles(dir);
  return {
    format: 'saved-model',
    inputs: model.inputs.map((i) => ({ name: i.name, shape: i.shape ? normShape(i.shape) : undefined, dtype: i.dtype })),
    outputs: model.outputs.map((o) => ({ name: o.name, shape: o.shape ? normShape(o.shape) : undefined, dtype: o.dtype })),
    files,
    fingerprint: fingerprintOf(files.map((f) => fs.readFileSync(f))),
    async predict(x, inputName, outputName) {
      const out = model.predict({ [inputName]: x });
      if (Array.isArray(out)) return out[0] as Tensor;
      if (isTensor(out)) return out;
      const picked = out[outputName] ?? Object.values(out)[0];
      for (const t of Object.values(out)) if (t !== picked) t.dispose();
      if (!picked) throw new ModelError(`The SavedModel ${dir} returned no outputs.`, dir);
      return picked;
    },
    dispose: () => model.dispose(),
  };
}

/** Every file under a folder, sorted, for fingerprinting and change detection. */
export function listFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...listFiles(full));
    else if (entry.isFile()) out.push(full);
  }
  return out.sort();
}

function isTensor(v: unknown): v is Tensor {
  return typeof v === 'object' && v !== null && 'dataSync' in v && 'shape' in v;
}

function stripIndex(name: string): string {
  return name.replace(/:0$/, '');
}

function normShape(shape: readonly (number | null)[] | undefined): (number | null)[] | undefined {
  return shape?.map((d) => (d === null || d < 0 ? null : d));
}

function firstLine(err: unknown): string {
  return (err instanceof Error ? err.message : String(err)).split('\n')[0] ?? '';
}

// ---- Graph rewrites for the pure-JS backends (wasm, cpu) --------------------------------------------------------
// tensorflowjs_converter normally fuses Conv2D + BiasAdd + Relu into _FusedConv2D, but graphs that come from other
// tools (e.g. TFLite → TF → tfjs) keep them apart: every bias Add and Relu is then a separate kernel call with its own
// pass over memory. TF Python's grappler does the same fusion at run time, so this only restores the usual graph.

interface AttrValue {
  s?: string;
  i?: string | number;
  b?: boolean;
  type?: string;
  list?: { s?: string[]; i?: (string | number)[] };
  tensor?: unknown;
}
interface GraphNode {
  name: string;
  op: string;
  input?: string[];
  device?: string;
  attr?: Record<string, AttrValue>;
}

const b64 = (text: string): string => Buffer.from(text, 'utf8').toString('base64');
const unb64 = (v: string | undefined): string | undefined => (v === undefined ? undefined : Buffer.from(v, 'base64').toString('utf8'));
const producer = (input: string): string => input.replace(/^\^/, '').replace(/:\d+$/, '');
const FUSABLE_ACTIVATIONS = new Set(['Relu', 'Relu6', 'Sigmoid']);
const BIAS_ADDS = new Set(['Add', 'AddV2', 'BiasAdd']);

/** Returns artifacts with a fused, cheaper graph; on anything unexpected the original artifacts, unchanged. */
async function optimizeGraph(tf: Tf, artifacts: io.ModelArtifacts, directIds: number[]): Promise<io.ModelArtifacts> {
  try {
    const topology = artifacts.modelTopology as { node?: GraphNode[] } | undefined;
    if (!topology || !Array.isArray(topology.node) || !artifacts.weightSpecs || !artifacts.weightData) return artifacts;
    const nodes = topology.node.map((n) => ({ ...n, input: n.input ? [...n.input] : undefined }));
    const extra = await rewriteTransposedConvs(tf, nodes, artifacts.weightSpecs, artifacts.weightData);
    const signature = artifacts.signature as { outputs?: Record<string, { name?: string }> } | undefined;
    const outputs = new Set(Object.values(signature?.outputs ?? {}).map((o) => producer(o.name ?? '')));
    const fused = useDirectConvs(tf, fuseConvBiasActivation(nodes, artifacts.weightSpecs, outputs), directIds);
    if (!extra && fused === nodes) return artifacts;
    const buffers = Array.isArray(artifacts.weightData) ? artifacts.weightData : [artifacts.weightData];
    return {
      ...artifacts,
      modelTopology: { ...topology, node: fused },
      weightSpecs: [...artifacts.weightSpecs, ...(extra?.specs ?? [])],
      weightData: extra ? [...buffers, extra.data] : artifacts.weightData,
    };
  } catch {
    return artifacts;
  }
}

/** Conv2D/depthwise → bias Add → Relu/Relu6/Sigmoid chains become one fused node named after the chain's last node. */
function fuseConvBiasActivation(nodes: GraphNode[], specs: io.WeightsManifestEntry[], outputs: Set<string>): GraphNode[] {
  const byName = new Map(nodes.map((n) => [n.name, n]));
  const weights = new Map(specs.map((w) => [w.name, w]));
  const consumers = new Map<string, GraphNode[]>();
  for (const n of nodes) for (const i of n.input ?? []) consumers.set(producer(i), [...(consumers.get(producer(i)) ?? []), n]);
  const sole = (n: GraphNode): GraphNode | undefined => {
    const c = consumers.get(n.name);
    return c?.length === 1 && !outputs.has(n.name) && !(c[0]?.input ?? []).some((i) => i.startsWith('^')) ? c[0] : undefined;
  };
  const removed = new Set<string>();
  const replaced = new Map<string, GraphNode>();
  for (const conv of nodes) {
    if ((conv.op !== 'Conv2D' && conv.op !== 'DepthwiseConv2dNative') || conv.input?.length !== 2 || !isNhwcFloat(conv)) continue;
    const add = sole(conv);
    if (!add || !BIAS_ADDS.has(add.op) || add.input?.length !== 2 || !isNhwcFloat(add)) continue;
    const k = add.input.findIndex((i) => producer(i) === conv.name);
    if (k < 0 || (add.op === 'BiasAdd' && k !== 0) || add.input[1 - k] === undefined) continue;
    const biasName = producer(add.input[1 - k] as string);
    const filter = weights.get(producer(conv.input[1] as string));
    const bias = weights.get(biasName);
    if (byName.get(biasName)?.op !== 'Const' || !filter || !bias || bias.dtype !== 'float32' || filter.shape.length !== 4) continue;
    const [, , fIn = 0, fOut = 0] = filter.shape;
    const outChannels = conv.op === 'Conv2D' ? fOut : fIn * fOut;
    if (bias.shape.length !== 1 || bias.shape[0] !== outChannels) continue;
    const next = sole(add);
    const act = next && FUSABLE_ACTIVATIONS.has(next.op) && next.input?.length === 1 ? next : undefined;
    const last = act ?? add;
    replaced.set(conv.name, {
      name: last.name,
      op: conv.op === 'Conv2D' ? '_FusedConv2D' : 'FusedDepthwiseConv2dNative',
      input: [conv.input[0] as string, conv.input[1] as string, add.input[1 - k] as string],
      ...(conv.device ? { device: conv.device } : {}),
      attr: { ...conv.attr, num_args: { i: '1' }, fused_ops: { list: { s: [b64('BiasAdd'), ...(act ? [b64(act.op)] : [])] } } },
    });
    removed.add(add.name);
    if (act) removed.add(act.name);
  }
  if (replaced.size === 0) return nodes;
  return nodes.filter((n) => !removed.has(n.name)).map((n) => replaced.get(n.name) ?? n);
}

/**
 * Conv2DBackpropInput whose kernel equals its stride (no overlapping windows, no padding) is a 1×1 Conv2D to
 * stride²·outC channels whose pixels are then unfolded into stride×stride blocks: the same products and sums, on
 * XNNPACK instead of a naive loop. (The unfolding is a reshape/transpose; tfjs-wasm's DepthToSpace is 8× slower.)
 */
async function rewriteTransposedConvs(
  tf: Tf,
  nodes: GraphNode[],
  specs: io.WeightsManifestEntry[],
  weightData: io.WeightData,
): Promise<{ specs: io.WeightsManifestEntry[]; data: ArrayBuffer } | undefined> {
  const candidates = nodes.filter((n) => n.op === 'Conv2DBackpropInput' && n.input?.length === 3 && isNhwcFloat(n));
  if (candidates.length === 0) return undefined;
  const decoded = decodeSome(tf, weightData, specs, new Set(candidates.flatMap((n) => (n.input ?? []).slice(0, 2).map(producer))));
  const made: Record<string, Tensor> = {};
  try {
    for (const node of candidates) {
      const [sizesIn, filterIn, xIn] = node.input as [string, string, string];
      const sizes = decoded[producer(sizesIn)];
      const filter = decoded[producer(filterIn)];
      const stride = (node.attr?.strides?.list?.i ?? []).map(Number);
      const dilations = (node.attr?.dilations?.list?.i ?? [1, 1, 1, 1]).map(Number);
      const padding = unb64(node.attr?.padding?.s);
      if (!sizes || !filter || sizes.size !== 4 || sizes.dtype !== 'int32' || filter.rank !== 4 || filter.dtype !== 'float32') continue;
      const [kh = 0, kw = 0, outC = 0, inC = 0] = filter.shape;
      const [, h = 0, w = 0] = Array.from(sizes.dataSync());
      const s = stride[1] ?? 0;
      if (s < 2 || stride[2] !== s || kh !== s || kw !== s || h % s !== 0 || w % s !== 0) continue;
      if (dilations.some((d) => d !== 1) || (padding !== 'SAME' && padding !== 'VALID')) continue;
      // out[n, y·s+i, x·s+j, o] = Σc in[n, y, x, c]·f[i, j, o, c] = conv1×1(in, f')[n, y, x, (i·s+j)·outC+o] with
      // f'[c, (i·s+j)·outC+o] = f[i, j, o, c]; viewed as [n·y, x, i, j·outC+o] and transposed to [n·y, i, x, j·outC+o].
      const base = `${node.name}/__tp`;
      made[`${base}_filter`] = tf.tidy(() => tf.reshape(tf.transpose(filter, [3, 0, 1, 2]), [1, 1, inC, kh * kw * outC]));
      made[`${base}_rows`] = tf.tensor1d([-1, w / s, s, s * outC], 'int32');
      made[`${base}_perm`] = tf.tensor1d([0, 2, 1, 3], 'int32');
      const T = node.attr?.T ?? { type: 'DT_FLOAT' };
      const ones = { list: { i: ['1', '1', '1', '1'] } };
      const konst = (name: string, type: string): GraphNode => ({ name, op: 'Const', attr: { dtype: { type }, value: { tensor: { dtype: type } } } });
      nodes.splice(
        nodes.indexOf(node),
        1,
        konst(`${base}_filter`, 'DT_FLOAT'),
        konst(`${base}_rows`, 'DT_INT32'),
        konst(`${base}_perm`, 'DT_INT32'),
        { name: `${base}_conv`, op: 'Conv2D', input: [xIn, `${base}_filter`], attr: { T, strides: ones, dilations: ones, padding: { s: b64('VALID') }, data_format: { s: b64('NHWC') } } },
        { name: `${base}_view`, op: 'Reshape', input: [`${base}_conv`, `${base}_rows`], attr: { T } },
        { name: `${base}_unfold`, op: 'Transpose', input: [`${base}_view`, `${base}_perm`], attr: { T } },
        { name: node.name, op: 'Reshape', input: [`${base}_unfold`, sizesIn], attr: { T } },
      );
    }
    if (Object.keys(made).length === 0) return undefined;
    return await tf.io.encodeWeights(made);
  } finally {
    tf.dispose(Object.values(decoded));
    tf.dispose(Object.values(made));
  }
}

const BYTES: Record<string, number> = { float32: 4, int32: 4, bool: 1, complex64: 8, uint8: 1, uint16: 2, float16: 2 };

/** Decodes only the named weights (dequantized, as tfjs would load them); the rest of a large model stays bytes. */
function decodeSome(tf: Tf, data: io.WeightData, specs: io.WeightsManifestEntry[], names: Set<string>): Record<string, Tensor> {
  const all = new tf.io.CompositeArrayBuffer(data);
  const out: Record<string, Tensor> = {};
  let offset = 0;
  for (const spec of specs) {
    const bytes = BYTES[spec.quantization?.dtype ?? spec.dtype];
    if (bytes === undefined) break; // string weights have no fixed size: later offsets are unknown
    const size = bytes * spec.shape.reduce((a, b) => a * b, 1);
    if (names.has(spec.name)) Object.assign(out, tf.io.decodeWeights(all.slice(offset, offset + size), [spec]));
    offset += size;
  }
  return out;
}

function isNhwcFloat(n: GraphNode): boolean {
  const format = unb64(n.attr?.data_format?.s) ?? 'NHWC';
  const type = n.attr?.T?.type ?? 'DT_FLOAT';
  return format === 'NHWC' && type === 'DT_FLOAT';
}

// tfjs-core's fused conv ops (argument checks, a customGrad wrapper, nested engine scopes) cost about as much JS time per
// call as a small conv takes in wasm. A registered custom op runs the very same FusedConv2D/FusedDepthwiseConv2D kernel
// with its attributes parsed once at load: bit-identical output, about 1 ms less per selfie inference.
const DIRECT_CONV_OP = 'TensorParityFusedConv';
const ACTIVATIONS: Record<string, string> = { '': 'linear', Relu: 'relu', Relu6: 'relu6', Sigmoid: 'sigmoid' };
interface DirectConv {
  name: string;
  kernel: 'FusedConv2D' | 'FusedDepthwiseConv2D';
  attrs: { strides: [number, number]; pad: string; dataFormat: 'NHWC'; dilations: [number, number]; activation: string };
}
const directConvs = new Map<number, DirectConv>();
const registeredOn = new WeakSet<object>();
let nextDirectConv = 1;

function useDirectConvs(tf: Tf, nodes: GraphNode[], ids: number[]): GraphNode[] {
  let changed = false;
  const out = nodes.map((n) => {
    const conv = directConvFor(n);
    if (!conv) return n;
    const id = nextDirectConv++;
    directConvs.set(id, conv);
    ids.push(id);
    changed = true;
    return { name: n.name, op: DIRECT_CONV_OP, input: n.input, attr: { k: { i: String(id) } } };
  });
  if (changed && !registeredOn.has(tf)) {
    tf.registerOp(DIRECT_CONV_OP, (node) => runDirectConv(tf, node.inputs, Number(node.attrs.k)));
    registeredOn.add(tf);
  }
  return changed ? out : nodes;
}

function directConvFor(n: GraphNode): DirectConv | undefined {
  if ((n.op !== '_FusedConv2D' && n.op !== 'FusedDepthwiseConv2dNative') || n.input?.length !== 3 || !isNhwcFloat(n)) return undefined;
  const fused = (n.attr?.fused_ops?.list?.s ?? []).map((v) => unb64(v) ?? '');
  const activation = ACTIVATIONS[fused[1] ?? ''];
  const pad = unb64(n.attr?.padding?.s);
  const [, sh = 0, sw = 0] = (n.attr?.strides?.list?.i ?? []).map(Number);
  const [, dh = 1, dw = 1] = (n.attr?.dilations?.list?.i ?? []).map(Number);
  if (fused[0] !== 'BiasAdd' || fused.length > 2 || Number(n.attr?.num_args?.i) !== 1 || !activation) return undefined;
  if ((pad !== 'SAME' && pad !== 'VALID') || sh < 1 || sw < 1 || (Math.max(sh, sw) > 1 && Math.max(dh, dw) > 1)) return undefined;
  const kernel = n.op === '_FusedConv2D' ? 'FusedConv2D' : 'FusedDepthwiseConv2D';
  return { name: n.name, kernel, attrs: { strides: [sh, sw], pad: pad.toLowerCase(), dataFormat: 'NHWC', dilations: [dh, dw], activation } };
}

function runDirectConv(tf: Tf, inputs: Tensor[], id: number): Tensor {
  const conv = directConvs.get(id);
  const [x, filter, bias] = inputs;
  if (!conv || !x || !filter || !bias) throw new Error('a fused convolution ran after its model was disposed');
  if (x.rank !== 4 || x.dtype !== 'float32' || x.shape[3] !== filter.shape[2]) {
    throw new Error(`${conv.name} needs a float32 NHWC input with ${filter.shape[2]} channels but got ${x.dtype} [${x.shape.join(', ')}]`);
  }
  return tf.engine().runKernel(conv.kernel, { x, filter, bias }, { ...conv.attrs });
}

function releaseDirectConvs(ids: number[]): void {
  for (const id of ids.splice(0)) directConvs.delete(id);
}
