// Keeps loaded models by resolved path and backend; reloads (and disposes the old one) when a file changes.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ModelSpec } from '../spec/types';
import type { TfRuntime } from './backend';
import { loadModel, type LoadedModel } from './model-load';

interface CacheEntry {
  model: Promise<LoadedModel>;
  /** "mtimeMs:size" per file, filled in once the model has loaded. */
  stamps?: Map<string, string>;
  format: ModelSpec['format'];
}

const entries = new Map<string, CacheEntry>();

/** Returns the cached model for this path/backend, reloading it when any of its files changed on disk. */
export async function getModel(rt: TfRuntime, modelPath: string, spec: ModelSpec): Promise<LoadedModel & { cached: boolean }> {
  const key = `${rt.backend}|${path.resolve(modelPath)}|${spec.format}|${spec.signature ?? ''}`;
  const hit = entries.get(key);
  if (hit && hit.stamps && !changed(hit.stamps)) return { ...(await hit.model), cached: true };
  if (hit && !hit.stamps) return { ...(await hit.model), cached: true }; // still loading
  if (hit) {
    entries.delete(key);
    (await hit.model.catch(() => undefined))?.dispose();
  }
  const entry: CacheEntry = { model: loadModel(rt, modelPath, spec), format: spec.format };
  entries.set(key, entry);
  try {
    const model = await entry.model;
    entry.stamps = stampFiles(model.files);
    return { ...model, cached: false };
  } catch (err) {
    entries.delete(key);
    throw err;
  }
}

/** Disposes every cached model (e.g. when the extension deactivates). */
export async function clearModelCache(): Promise<void> {
  const all = [...entries.values()];
  entries.clear();
  for (const e of all) (await e.model.catch(() => undefined))?.dispose();
}

function stampFiles(files: string[]): Map<string, string> {
  return new Map(files.map((f) => [f, stampOf(f)]));
}

function stampOf(file: string): string {
  try {
    const st = fs.statSync(file);
    return `${st.mtimeMs}:${st.size}`;
  } catch {
    return 'missing';
  }
}

function changed(stamps: Map<string, string>): boolean {
  for (const [f, s] of stamps) if (stampOf(f) !== s) return true;
  return false;
}
