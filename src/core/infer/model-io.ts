// Reads a TensorFlow.js model.json and its weight shards from disk and hands them to tfjs as an IOHandler.
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { io } from '@tensorflow/tfjs';
import type { ModelFormat } from '../spec/types';
import { findExcessiveNesting } from '../spec/depth';
import { containPathSync } from '../spec/paths';
import { ModelError } from './errors';

/** The two model.json flavours TensorFlow.js writes. */
export type TfjsFormat = 'graph-model' | 'layers-model';

/** A model.json with its weights read, checked and concatenated in manifest order. */
export interface TfjsModelFiles {
  modelJsonPath: string;
  format: TfjsFormat;
  artifacts: io.ModelArtifacts;
  /** model.json first, then every weight shard in manifest order. */
  files: string[];
  /** Short sha256 over model.json and the weight bytes. */
  fingerprint: string;
}

interface ManifestWeight {
  name: string;
  shape: number[];
  dtype: string;
  quantization?: { dtype: string };
}
interface ManifestGroup {
  paths: string[];
  weights: ManifestWeight[];
}

// Deepest model.json nesting read (real Keras/graph topologies nest a few dozen levels; JSON.parse recurses).
const MAX_MODEL_JSON_DEPTH = 1000;

const BYTES_PER_DTYPE: Record<string, number> = { float32: 4, int32: 4, bool: 1, complex64: 8, uint8: 1, uint16: 2, float16: 2 };

/** Which tfjs flavour a spec model.format expects. */
export function tfjsFormatFor(format: ModelFormat): TfjsFormat | undefined {
  return format === 'tfjs-graph' ? 'graph-model' : format === 'tfjs-layers' ? 'layers-model' : undefined;
}

/** Short hex fingerprint (sha256, 16 hex digits) over byte chunks in order. */
export function fingerprintOf(chunks: Iterable<Uint8Array>): string {
  const hash = createHash('sha256');
  for (const c of chunks) hash.update(c);
  return hash.digest('hex').slice(0, 16);
}

/** Resolves a spec model path to its model.json: the file itself, or model.json inside a folder. */
export function resolveModelJson(modelPath: string): string {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(modelPath);
  } catch {
    throw new ModelError(
      `Model file ${modelPath} does not exist. Fix model.path in tensorparity.json, or copy the model.json and its .bin weight files there.`,
      modelPath,
    );
  }
  if (!stat.isDirectory()) return modelPath;
  const inside = path.join(modelPath, 'model.json');
  if (fs.existsSync(inside)) return inside;
  const jsons = fs.readdirSync(modelPath).filter((f) => f.endsWith('.json'));
  throw new ModelError(
    `model.path ${modelPath} is a folder without a model.json. Point model.path at the model's .json file` +
      (jsons.length ? ` (this folder has ${jsons.join(', ')})` : '') +
      ', or set model.format to "saved-model" if it is a TensorFlow SavedModel.',
    modelPath,
  );
}

/** Reads and validates model.json + shards; throws ModelError naming the file and the fix. */
export function readTfjsModel(modelJsonPath: string, expected?: TfjsFormat): TfjsModelFiles {
  const file = resolveModelJson(modelJsonPath);
  const jsonBytes = fs.readFileSync(file);
  const json = parseModelJson(jsonBytes, file);
  const format = detectFormat(json, file);
  if (expected && format !== expected) {
    const want = format === 'graph-model' ? 'tfjs-graph' : 'tfjs-layers';
    const said = expected === 'graph-model' ? 'tfjs-graph' : 'tfjs-layers';
    throw new ModelError(
      `${file} is a TensorFlow.js ${format === 'graph-model' ? 'graph' : 'layers'} model but tensorparity.json says model.format "${said}". Set model.format to "${want}".`,
      file,
    );
  }
  const groups = readManifest(json, file);
  const dir = path.dirname(file);
  const files = [file];
  const chunks: Uint8Array[] = [jsonBytes];
  const weightSpecs: io.WeightsManifestEntry[] = [];
  for (const group of groups) {
    const shards = group.paths.map((p) => readShard(dir, p, file));
    checkGroupSize(group, shards, file);
    for (const s of shards) {
      files.push(s.file);
      chunks.push(s.bytes);
    }
    weightSpecs.push(...(group.weights as io.WeightsManifestEntry[]));
  }
  const total = chunks.slice(1).reduce((n, c) => n + c.byteLength, 0);
  const weightData = new Uint8Array(total);
  let offset = 0;
  for (const c of chunks.slice(1)) {
    weightData.set(c, offset);
    offset += c.byteLength;
  }
  const artifacts: io.ModelArtifacts = {
    modelTopology: json.modelTopology as object,
    weightSpecs,
    weightData: weightData.buffer,
    format,
  };
  copyOptional(json, artifacts);
  return { modelJsonPath: file, format, artifacts, files, fingerprint: fingerprintOf(chunks) };
}

/** An IOHandler whose load() returns the artifacts read by {@link readTfjsModel}. */
export function fileModelHandler(model: TfjsModelFiles): io.IOHandler {
  return { load: async () => model.artifacts };
}

function parseModelJson(bytes: Uint8Array, file: string): Record<string, unknown> {
  const text = Buffer.from(bytes).toString('utf8');
  const deep = findExcessiveNesting(text, MAX_MODEL_JSON_DEPTH);
  if (deep) {
    throw new ModelError(
      `${file} is nested more than ${MAX_MODEL_JSON_DEPTH} levels deep (at character ${deep.offset}); no model.json written by tensorflowjs_converter is. Re-export the model, or point model.path at the right file.`,
      file,
    );
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    const head = Buffer.from(bytes.subarray(0, 8)).toString('latin1');
    const hint = head.startsWith('\x89HDF')
      ? ' It looks like a Keras .h5 file: convert it with `tensorflowjs_converter --input_format=keras model.h5 out_dir`.'
      : ' Re-export the model with tensorflowjs_converter, or point model.path at the model.json it wrote.';
    throw new ModelError(`${file} is not valid JSON (${(err as Error).message}).${hint}`, file);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed) || !('modelTopology' in parsed)) {
    throw new ModelError(
      `${file} is JSON but not a TensorFlow.js model.json (it has no "modelTopology"). Point model.path at the model.json written by tensorflowjs_converter.`,
      file,
    );
  }
  return parsed as Record<string, unknown>;
}

function detectFormat(json: Record<string, unknown>, file: string): TfjsFormat {
  if (json.format === 'graph-model' || json.format === 'layers-model') return json.format;
  const topo = json.modelTopology;
  if (typeof topo === 'object' && topo !== null) {
    if ('node' in topo) return 'graph-model';
    if ('class_name' in topo || 'model_config' in topo) return 'layers-model';
  }
  throw new ModelError(
    `${file} has a modelTopology that is neither a graph model (node list) nor a layers model (Keras config). Re-export it with tensorflowjs_converter.`,
    file,
  );
}

function readManifest(json: Record<string, unknown>, file: string): ManifestGroup[] {
  const manifest = json.weightsManifest;
  if (manifest === undefined) return [];
  const bad = (why: string): ModelError =>
    new ModelError(`${file} has a malformed weightsManifest (${why}). Re-export the model with tensorflowjs_converter.`, file);
  if (!Array.isArray(manifest)) throw bad('not a list');
  return manifest.map((g: unknown, i): ManifestGroup => {
    const group = g as { paths?: unknown; weights?: unknown };
    if (!Array.isArray(group.paths) || !group.paths.every((p) => typeof p === 'string')) throw bad(`group ${i} has no "paths" list`);
    if (!Array.isArray(group.weights)) throw bad(`group ${i} has no "weights" list`);
    for (const w of group.weights as unknown[]) {
      const wt = w as Partial<ManifestWeight>;
      if (typeof wt.name !== 'string' || !Array.isArray(wt.shape) || typeof wt.dtype !== 'string') {
        throw bad(`group ${i} has a weight without name/shape/dtype`);
      }
    }
    return { paths: group.paths as string[], weights: group.weights as ManifestWeight[] };
  });
}

function readShard(dir: string, rel: string, modelJson: string): { file: string; bytes: Uint8Array } {
  const where = containPathSync(dir, rel, { percentEncoded: true });
  if (!where.ok) {
    throw new ModelError(
      `${modelJson} lists the weight file "${rel}", which Tensor Parity refuses: ${where.message}. ` +
        `Weight files must sit in the model's folder (${dir}), as tensorflowjs_converter writes them; copy them there and list them by name.`,
      modelJson,
    );
  }
  const file = where.file;
  try {
    return { file, bytes: fs.readFileSync(file) };
  } catch {
    throw new ModelError(
      `${path.basename(modelJson)} lists ${rel} but it is not next to it (expected ${file}). Copy every .bin weight file the converter wrote into the same folder as ${path.basename(modelJson)}.`,
      file,
    );
  }
}

function checkGroupSize(group: ManifestGroup, shards: { file: string; bytes: Uint8Array }[], modelJson: string): void {
  let expected = 0;
  for (const w of group.weights) {
    const size = BYTES_PER_DTYPE[w.quantization?.dtype ?? w.dtype];
    if (size === undefined) return; // string weights have variable length: nothing to check
    expected += size * w.shape.reduce((a, b) => a * b, 1);
  }
  const actual = shards.reduce((n, s) => n + s.bytes.byteLength, 0);
  if (actual === expected) return;
  const names = shards.map((s) => `${path.basename(s.file)} (${s.bytes.byteLength} bytes)`).join(', ');
  throw new ModelError(
    `${names} ${shards.length === 1 ? 'does' : 'do'} not match ${path.basename(modelJson)}: its weightsManifest needs ${expected} bytes but the file${shards.length === 1 ? ' has' : 's have'} ${actual}. ` +
      'The weights are truncated or belong to another model: copy the .bin files that were exported together with this model.json.',
    shards[shards.length - 1]?.file ?? modelJson,
  );
}

function copyOptional(json: Record<string, unknown>, artifacts: io.ModelArtifacts): void {
  if (typeof json.generatedBy === 'string') artifacts.generatedBy = json.generatedBy;
  if (typeof json.convertedBy === 'string') artifacts.convertedBy = json.convertedBy;
  if (typeof json.signature === 'object' && json.signature !== null) artifacts.signature = json.signature;
  if (typeof json.userDefinedMetadata === 'object' && json.userDefinedMetadata !== null) {
    artifacts.userDefinedMetadata = json.userDefinedMetadata as Record<string, object>;
  }
  if (typeof json.modelInitializer === 'object' && json.modelInitializer !== null) artifacts.modelInitializer = json.modelInitializer;
  if (typeof json.trainingConfig === 'object' && json.trainingConfig !== null) {
    artifacts.trainingConfig = json.trainingConfig as io.TrainingConfig;
  }
}
