// Graph rewrites for the pure-JS backends (wasm, cpu): conv + bias + activation fusion, stride-sized transposed
// convolutions as 1×1 convs, and a direct dispatch for the fused convs. Results stay bit-identical to the plain graph.

import type { io, Tensor } from '@tensorflow/tfjs';
import type { Tf } from './backend';

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
export async function optimizeGraph(tf: Tf, artifacts: io.ModelArtifacts, directIds: number[]): Promise<io.ModelArtifacts> {
  try {
    const topology = artifacts.modelTopology as { node?: GraphNode[] } | undefined;
    if (!topology || !Array.isArray(topology.node) || !artifacts.weightSpecs || !artifacts.weightData) return artifacts;
    const nodes = topology.node.map((n) => ({ ...n, ...(n.input ? { input: [...n.input] } : {}) }));
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
      const konst = (name: string, type: string): GraphNode => ({
        name,
        op: 'Const',
        attr: { dtype: { type }, value: { tensor: { dtype: type } } },
      });
      nodes.splice(
        nodes.indexOf(node),
        1,
        konst(`${base}_filter`, 'DT_FLOAT'),
        konst(`${base}_rows`, 'DT_INT32'),
        konst(`${base}_perm`, 'DT_INT32'),
        {
          name: `${base}_conv`,
          op: 'Conv2D',
          input: [xIn, `${base}_filter`],
          attr: { T, strides: ones, dilations: ones, padding: { s: b64('VALID') }, data_format: { s: b64('NHWC') } },
        },
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
    return { name: n.name, op: DIRECT_CONV_OP, ...(n.input ? { input: n.input } : {}), attr: { k: { i: String(id) } } };
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
  return {
    name: n.name,
    kernel,
    attrs: { strides: [sh, sw], pad: pad.toLowerCase(), dataFormat: 'NHWC', dilations: [dh, dw], activation },
  };
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

/** Forgets the direct-dispatch convs registered for a model (called when the model is disposed). */
export function releaseDirectConvs(ids: number[]): void {
  for (const id of ids.splice(0)) directConvs.delete(id);
}
