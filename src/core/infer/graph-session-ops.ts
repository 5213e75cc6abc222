// Turns the fused ops that only TensorFlow.js knows back into plain TensorFlow ops, so a converted graph model can run
// in a TensorFlow session: tensorflowjs_converter writes FusedDepthwiseConv2dNative, Prelu, and _FusedConv2D /
// _FusedMatMul with fused ops TensorFlow's kernels lack (Prelu). Grappler fuses the plain ops again when it runs them.

/** One attribute of a graph node, as model.json stores it (protobuf JSON: strings base64, int64 as strings). */
export interface GraphAttrJson {
  s?: string;
  i?: string | number;
  f?: number | string;
  b?: boolean;
  type?: string;
  shape?: GraphShapeJson;
  tensor?: { dtype?: string; tensorShape?: GraphShapeJson };
  list?: {
    s?: string[];
    i?: (string | number)[];
    f?: (number | string)[];
    b?: boolean[];
    type?: string[];
    shape?: GraphShapeJson[];
  };
  func?: unknown;
  placeholder?: string;
}

/** A tensor shape as model.json stores it. */
export interface GraphShapeJson {
  dim?: { size?: string | number }[];
  unknownRank?: boolean;
}

/** One node of a model.json graph (a GraphDef NodeDef in protobuf JSON). */
export interface GraphNodeJson {
  name: string;
  op: string;
  input?: string[];
  device?: string;
  attr?: Record<string, GraphAttrJson>;
}

/** Raised when a graph holds something the session route does not translate; the caller runs the graph op by op. */
export class UnsupportedGraphError extends Error {}

const CONV_ATTRS = ['T', 'strides', 'padding', 'explicit_paddings', 'data_format', 'dilations'];
const MATMUL_ATTRS = ['T', 'transpose_a', 'transpose_b'];
const ACTIVATIONS = new Set(['Relu', 'Relu6', 'Elu', 'Selu', 'Sigmoid', 'Tanh', 'LeakyRelu', 'Prelu']);
const text = (v: string | undefined): string => (v === undefined ? '' : Buffer.from(v, 'base64').toString('utf8'));

/** Returns the nodes with every TF.js-only op rewritten as plain TensorFlow ops (same names at the ends of each chain). */
export function expandTfjsOps(nodes: readonly GraphNodeJson[]): GraphNodeJson[] {
  const out: GraphNodeJson[] = [];
  for (const n of nodes) {
    if (n.op === '_FusedConv2D') out.push(...expandFused(n, 'Conv2D', CONV_ATTRS));
    else if (n.op === 'FusedDepthwiseConv2dNative') out.push(...expandFused(n, 'DepthwiseConv2dNative', CONV_ATTRS));
    else if (n.op === '_FusedMatMul') out.push(...expandFused(n, 'MatMul', MATMUL_ATTRS));
    else if (n.op === 'Prelu') out.push(...prelu(n.name, n.input?.[0], n.input?.[1], n.attr?.T));
    else {
      out.push(n);
      continue;
    }
    if (n.device) for (let k = out.length - 1; k >= 0 && out[k]?.name.startsWith(n.name); k--) (out[k] as GraphNodeJson).device = n.device;
  }
  return out;
}

/** conv/matmul(x, w) → BiasAdd(·, args[0]) → activation(·, args[1]), the last node keeping the fused node's name. */
function expandFused(n: GraphNodeJson, baseOp: string, baseAttrs: string[]): GraphNodeJson[] {
  const attr = n.attr ?? {};
  const fused = (attr.fused_ops?.list?.s ?? []).map(text);
  const inputs = (n.input ?? []).filter((i) => !i.startsWith('^'));
  const control = (n.input ?? []).filter((i) => i.startsWith('^'));
  const [x, w, ...args] = inputs;
  if (x === undefined || w === undefined) throw new UnsupportedGraphError(`${n.op} ${n.name} has fewer than two inputs`);
  const steps = [...fused];
  if (steps[0] === 'BiasAdd') steps.shift();
  else if (steps.length > 0) throw new UnsupportedGraphError(`${n.op} ${n.name} fuses ${fused.join('+')}`);
  if (steps.length > 1 || (steps[0] !== undefined && !ACTIVATIONS.has(steps[0]))) {
    throw new UnsupportedGraphError(`${n.op} ${n.name} fuses ${fused.join('+')}`);
  }
  const hasBias = fused[0] === 'BiasAdd';
  const activation = steps[0];
  const T = attr.T ?? { type: 'DT_FLOAT' };
  const pick = (names: string[]): Record<string, GraphAttrJson> =>
    Object.fromEntries(names.flatMap((k) => (attr[k] === undefined ? [] : [[k, attr[k] as GraphAttrJson]])));
  const nodes: GraphNodeJson[] = [];
  let last = n.name;
  const next = (suffix: string, isLast: boolean): string => (isLast ? n.name : `${n.name}/tensor_parity_${suffix}`);
  const baseName = next('base', !hasBias && !activation);
  nodes.push({ name: baseName, op: baseOp, input: [x, w, ...control], attr: pick(baseAttrs) });
  last = baseName;
  if (hasBias) {
    const bias = args[0];
    if (bias === undefined) throw new UnsupportedGraphError(`${n.op} ${n.name} fuses BiasAdd without a bias input`);
    const name = next('bias', !activation);
    const format = baseOp === 'MatMul' ? {} : pick(['data_format']);
    nodes.push({ name, op: 'BiasAdd', input: [last, bias], attr: { T, ...format } });
    last = name;
  }
  if (activation === 'Prelu') {
    const alpha = args[hasBias ? 1 : 0];
    if (alpha === undefined) throw new UnsupportedGraphError(`${n.op} ${n.name} fuses Prelu without an alpha input`);
    nodes.push(...prelu(n.name, last, alpha, T));
  } else if (activation === 'LeakyRelu') {
    nodes.push({ name: n.name, op: 'LeakyRelu', input: [last], attr: { T, alpha: { f: Number(attr.leakyrelu_alpha?.f ?? 0.2) } } });
  } else if (activation !== undefined) {
    nodes.push({ name: n.name, op: activation, input: [last], attr: { T } });
  }
  return nodes;
}

/** TF.js's prelu(x, alpha) = max(x, 0) + alpha · min(x, 0), as Relu, Neg, Mul and AddV2 nodes ending at `name`. */
function prelu(name: string, x: string | undefined, alpha: string | undefined, T: GraphAttrJson | undefined): GraphNodeJson[] {
  if (x === undefined || alpha === undefined) throw new UnsupportedGraphError(`Prelu ${name} needs two inputs`);
  const t = { T: T ?? { type: 'DT_FLOAT' } };
  const p = `${name}/tensor_parity_prelu`;
  return [
    { name: `${p}_pos`, op: 'Relu', input: [x], attr: t },
    { name: `${p}_negx`, op: 'Neg', input: [x], attr: t },
    { name: `${p}_relu_negx`, op: 'Relu', input: [`${p}_negx`], attr: t },
    { name: `${p}_min`, op: 'Neg', input: [`${p}_relu_negx`], attr: t },
    { name: `${p}_scaled`, op: 'Mul', input: [alpha, `${p}_min`], attr: t },
    { name, op: 'AddV2', input: [`${p}_pos`, `${p}_scaled`], attr: t },
  ];
}
