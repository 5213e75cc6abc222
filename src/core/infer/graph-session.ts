// On the native backend, a TF.js graph model runs as one TensorFlow session call instead of op by op: its graph
// (model.json) and the weights TensorFlow.js decoded are written as a SavedModel into a private temporary folder, loaded
// with tfjs-node's loadSavedModel (TensorFlow's own loader, grappler and kernels, as TF Python runs a graph), and the
// folder is deleted. Anything the translation does not cover leaves the model on the op-by-op path.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { GraphModel, Tensor } from '@tensorflow/tfjs';
import type { NodeSavedModel, TfNodeApi } from './backend';
import { expandTfjsOps, UnsupportedGraphError, type GraphAttrJson, type GraphNodeJson, type GraphShapeJson } from './graph-session-ops';

interface ProtoMap<V> {
  set(key: string, value: V): unknown;
}
interface DimMsg {
  setSize(v: number): void;
}
interface ShapeMsg {
  addDim(d: DimMsg): void;
  setUnknownRank(v: boolean): void;
}
interface ListMsg {
  addS(v: Uint8Array): void;
  addI(v: number): void;
  addF(v: number): void;
  addB(v: boolean): void;
  addType(v: number): void;
  addShape(v: ShapeMsg): void;
}
interface TensorMsg {
  setDtype(v: number): void;
  setTensorShape(v: ShapeMsg): void;
  setTensorContent(v: Uint8Array): void;
}
interface AttrMsg {
  setS(v: Uint8Array): void;
  setI(v: number): void;
  setF(v: number): void;
  setB(v: boolean): void;
  setType(v: number): void;
  setShape(v: ShapeMsg): void;
  setTensor(v: TensorMsg): void;
  setList(v: ListMsg): void;
}
interface NodeMsg {
  setName(v: string): void;
  setOp(v: string): void;
  setDevice(v: string): void;
  addInput(v: string): void;
  getAttrMap(): ProtoMap<AttrMsg>;
}
interface TensorInfoMsg {
  setName(v: string): void;
  setDtype(v: number): void;
  setTensorShape(v: ShapeMsg): void;
}
/** The generated protobuf classes tfjs-node ships (dist/proto/api_pb.js) that a SavedModel needs. */
interface SavedModelProto {
  DataType: Record<string, number>;
  TensorShape: (new () => ShapeMsg) & { Dim: new () => DimMsg };
  AttrValue: (new () => AttrMsg) & { ListValue: new () => ListMsg };
  Tensor: new () => TensorMsg;
  NodeDef: new () => NodeMsg;
  GraphDef: new () => { addNode(n: NodeMsg): void; setVersions(v: { setProducer(p: number): void }): void };
  VersionDef: new () => { setProducer(p: number): void };
  MetaGraphDef: (new () => {
    setGraphDef(g: object): void;
    setMetaInfoDef(m: object): void;
    getSignatureDefMap(): ProtoMap<object>;
  }) & { MetaInfoDef: new () => { addTags(t: string): void } };
  SignatureDef: new () => {
    setMethodName(m: string): void;
    getInputsMap(): ProtoMap<TensorInfoMsg>;
    getOutputsMap(): ProtoMap<TensorInfoMsg>;
  };
  TensorInfo: new () => TensorInfoMsg;
  SavedModel: new () => { setSavedModelSchemaVersion(v: number): void; addMetaGraphs(m: object): void; serializeBinary(): Uint8Array };
}

/** A graph model loaded as one TensorFlow session; `keys` maps graph tensor names (no ":0") to signature keys. */
export interface GraphSession {
  model: NodeSavedModel;
  outputKeys: Map<string, string>;
  inputKeys: Map<string, string>;
}

/** What tensors the session feeds and returns: the graph model's input and output tensor names ("x:0" or "x"). */
export interface GraphSessionIo {
  inputs: string[];
  outputs: string[];
}

const SIGNATURE = 'serving_default';

/** Loads tfjs-node's protobuf classes; undefined when this tfjs-node build does not ship them. */
function loadProto(): SavedModelProto | undefined {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- a file of the optional native package
    const mod: unknown = require('@tensorflow/tfjs-node/dist/proto/api_pb.js');
    const m = mod as Partial<SavedModelProto>;
    return typeof m.SavedModel === 'function' && typeof m.NodeDef === 'function' && m.DataType ? (mod as SavedModelProto) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Builds saved_model.pb bytes for a graph model: its nodes (TF.js-only ops expanded), each Const's value from the
 * weights TensorFlow.js decoded, and a "serving_default" signature over `io`. Throws UnsupportedGraphError when the
 * graph has functions (control flow as a function library) or a constant it cannot write.
 */
export function graphToSavedModel(
  proto: SavedModelProto,
  topology: { node?: GraphNodeJson[]; library?: { function?: unknown[] }; versions?: { producer?: number } },
  weights: (name: string) => Tensor | undefined,
  io: GraphSessionIo,
): Uint8Array {
  if ((topology.library?.function?.length ?? 0) > 0) throw new UnsupportedGraphError('the graph has a function library (control flow)');
  const dt = (name: string | undefined): number => {
    const v = name === undefined ? undefined : proto.DataType[name];
    if (v === undefined) throw new UnsupportedGraphError(`unknown dtype ${String(name)}`);
    return v;
  };
  const shape = (js: GraphShapeJson | undefined): ShapeMsg => {
    const s = new proto.TensorShape();
    if (js?.unknownRank) s.setUnknownRank(true);
    for (const d of js?.dim ?? []) {
      const dim = new proto.TensorShape.Dim();
      dim.setSize(Number(d.size ?? 0));
      s.addDim(dim);
    }
    return s;
  };
  const bytes = (b64: string): Uint8Array => new Uint8Array(Buffer.from(b64, 'base64'));
  const attr = (js: GraphAttrJson, where: string): AttrMsg => {
    const a = new proto.AttrValue();
    if (js.s !== undefined) a.setS(bytes(js.s));
    else if (js.i !== undefined) a.setI(Number(js.i));
    else if (js.f !== undefined) a.setF(Number(js.f));
    else if (js.b !== undefined) a.setB(js.b);
    else if (js.type !== undefined) a.setType(dt(js.type));
    else if (js.shape !== undefined) a.setShape(shape(js.shape));
    else if (js.list !== undefined) {
      const l = new proto.AttrValue.ListValue();
      for (const v of js.list.s ?? []) l.addS(bytes(v));
      for (const v of js.list.i ?? []) l.addI(Number(v));
      for (const v of js.list.f ?? []) l.addF(Number(v));
      for (const v of js.list.b ?? []) l.addB(v);
      for (const v of js.list.type ?? []) l.addType(dt(v));
      for (const v of js.list.shape ?? []) l.addShape(shape(v));
      a.setList(l);
    } else throw new UnsupportedGraphError(`attribute ${where} has a kind the session route does not write`);
    return a;
  };
  const graph = new proto.GraphDef();
  for (const n of expandTfjsOps(topology.node ?? [])) {
    const node = new proto.NodeDef();
    node.setName(n.name);
    node.setOp(n.op);
    // Kept as written: grappler decides which fusions apply by device, as it does for the converter's own graph.
    if (n.device) node.setDevice(n.device);
    for (const i of n.input ?? []) node.addInput(i);
    const attrs = node.getAttrMap();
    for (const [key, value] of Object.entries(n.attr ?? {})) {
      if (n.op === 'Const' && key === 'value') attrs.set(key, constValue(proto, n, value, weights(n.name), dt, shape));
      else attrs.set(key, attr(value, `${n.name}.${key}`));
    }
    graph.addNode(node);
  }
  const versions = new proto.VersionDef();
  versions.setProducer(topology.versions?.producer ?? 0);
  graph.setVersions(versions);

  const meta = new proto.MetaGraphDef();
  meta.setGraphDef(graph);
  const info = new proto.MetaGraphDef.MetaInfoDef();
  info.addTags('serve');
  meta.setMetaInfoDef(info);
  const sig = new proto.SignatureDef();
  sig.setMethodName('tensorflow/serving/predict');
  const nodes = new Map((topology.node ?? []).map((n) => [n.name, n]));
  const tensorInfo = (tensor: string): TensorInfoMsg => {
    const t = new proto.TensorInfo();
    t.setName(tensor.includes(':') ? tensor : `${tensor}:0`);
    const attrs = nodes.get(tensor.replace(/:\d+$/, ''))?.attr;
    t.setDtype(dt(attrs?.dtype?.type ?? attrs?.T?.type ?? 'DT_FLOAT'));
    // tfjs-node reads every signature tensor's shape; outputs (and inputs without one) get an unknown rank.
    t.setTensorShape(shape(attrs?.shape?.shape ?? { unknownRank: true }));
    return t;
  };
  for (const i of io.inputs) sig.getInputsMap().set(keyOf(i), tensorInfo(i));
  for (const o of io.outputs) sig.getOutputsMap().set(keyOf(o), tensorInfo(o));
  meta.getSignatureDefMap().set(SIGNATURE, sig);
  const saved = new proto.SavedModel();
  saved.setSavedModelSchemaVersion(1);
  saved.addMetaGraphs(meta);
  return saved.serializeBinary();
}

/** A Const node's value: the decoded weight written as tensor_content in the node's declared dtype. */
function constValue(
  proto: SavedModelProto,
  n: GraphNodeJson,
  value: GraphAttrJson,
  weight: Tensor | undefined,
  dt: (name: string | undefined) => number,
  shape: (js: GraphShapeJson | undefined) => ShapeMsg,
): AttrMsg {
  if (!weight) throw new UnsupportedGraphError(`no weight for the constant ${n.name}`);
  const declared = value.tensor?.dtype ?? n.attr?.dtype?.type;
  const data = weight.dataSync();
  const dims = (value.tensor?.tensorShape?.dim ?? []).map((d) => Number(d.size ?? 0));
  if (dims.reduce((a, b) => a * b, 1) !== data.length) throw new UnsupportedGraphError(`the constant ${n.name} does not match its shape`);
  let content: ArrayBufferView;
  if (declared === 'DT_FLOAT' && data instanceof Float32Array) content = data;
  else if (declared === 'DT_INT32' && data instanceof Int32Array) content = data;
  else if (declared === 'DT_INT64' && data instanceof Int32Array) content = BigInt64Array.from(data, (v) => BigInt(v));
  else if (declared === 'DT_DOUBLE' && data instanceof Float32Array) content = Float64Array.from(data);
  else if (declared === 'DT_BOOL' && data instanceof Uint8Array) content = data;
  else throw new UnsupportedGraphError(`the constant ${n.name} is ${String(declared)} (${weight.dtype} in TensorFlow.js)`);
  const t = new proto.Tensor();
  t.setDtype(dt(declared));
  t.setTensorShape(shape(value.tensor?.tensorShape));
  t.setTensorContent(new Uint8Array(content.buffer, content.byteOffset, content.byteLength));
  const a = new proto.AttrValue();
  a.setTensor(t);
  return a;
}

const keyOf = (tensor: string): string => tensor.replace(/:0$/, '');

/**
 * Loads `model` (already loaded by TensorFlow.js) as one TensorFlow session. Resolves to the session, or to the reason
 * it cannot run that way (the model then runs op by op). The temporary SavedModel folder is always deleted.
 */
export async function loadGraphSession(node: TfNodeApi, model: GraphModel, topology: unknown, io: GraphSessionIo): Promise<GraphSession | string> {
  const proto = loadProto();
  if (!proto) return 'this tfjs-node build does not ship its protobuf classes';
  let dir: string | undefined;
  try {
    const weights = model.weights;
    const bytes = graphToSavedModel(proto, topology as Parameters<typeof graphToSavedModel>[1], (name) => weights[name]?.[0], io);
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tensor-parity-graph-'));
    fs.writeFileSync(path.join(dir, 'saved_model.pb'), bytes);
    const saved = await node.loadSavedModel(dir, ['serve'], SIGNATURE);
    return {
      model: saved,
      inputKeys: new Map(io.inputs.map((i) => [keyOf(i), keyOf(i)])),
      outputKeys: new Map(io.outputs.map((o) => [keyOf(o), keyOf(o)])),
    };
  } catch (err) {
    return err instanceof Error ? (err.message.split('\n')[0] ?? String(err)) : String(err);
  } finally {
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Runs the session on x and returns the output `outputName` (the caller disposes it); other outputs are disposed. */
export function runGraphSession(session: GraphSession, x: Tensor, inputName: string, outputName: string): Tensor | undefined {
  const inKey = session.inputKeys.get(inputName);
  const outKey = session.outputKeys.get(outputName);
  if (inKey === undefined || outKey === undefined) return undefined;
  const out = session.model.predict({ [inKey]: x });
  if (!Array.isArray(out) && !isTensorLike(out)) {
    const picked = out[outKey];
    for (const [k, t] of Object.entries(out)) if (k !== outKey) t.dispose();
    return picked;
  }
  if (Array.isArray(out)) {
    const [first, ...rest] = out;
    for (const t of rest) t.dispose();
    return first;
  }
  return out;
}

function isTensorLike(v: unknown): v is Tensor {
  return typeof v === 'object' && v !== null && 'dataSync' in v && 'shape' in v;
}
