// The node list of a TensorFlow.js graph model (model.json), in execution order, with the weights each node reads.
import type { TfjsModelFiles } from '../infer/model-io';
import type { GraphLayer } from './types';

interface RawNode {
  name: string;
  op: string;
  input?: string[];
}

/** Nodes that only plumb values through: not layers a user reasons about. */
const PLUMBING = new Set(['Const', 'Placeholder', 'NoOp', 'Identity', 'IdentityN']);

/** Every non-constant node of a graph model in execution order; inputs are named without ":0" or "^". */
export function graphLayers(model: TfjsModelFiles): GraphLayer[] {
  const nodes = rawNodes(model);
  const weightNames = new Set((model.artifacts.weightSpecs ?? []).map((w) => w.name));
  const kept = nodes.filter((n) => !PLUMBING.has(n.op));
  const keptNames = new Set(kept.map((n) => n.name));
  const ordered = topoOrder(kept, keptNames);
  return ordered.map((n) => {
    const inputs = (n.input ?? []).filter((i) => !i.startsWith('^')).map(baseName);
    return { name: n.name, op: n.op, inputs, weights: inputs.filter((i) => weightNames.has(i)) };
  });
}

/** The graph's placeholders (model inputs) by name. */
export function graphPlaceholders(model: TfjsModelFiles): string[] {
  return rawNodes(model)
    .filter((n) => n.op === 'Placeholder')
    .map((n) => n.name);
}

function rawNodes(model: TfjsModelFiles): RawNode[] {
  const topo = model.artifacts.modelTopology as { node?: unknown } | undefined;
  const list = Array.isArray(topo?.node) ? (topo.node as unknown[]) : [];
  return list.filter((n): n is RawNode => {
    const r = n as Partial<RawNode>;
    return typeof r.name === 'string' && typeof r.op === 'string';
  });
}

/** "conv/BiasAdd:0" → "conv/BiasAdd". */
function baseName(input: string): string {
  return input.replace(/:\d+$/, '');
}

/** Kahn's algorithm, ties broken by position in model.json (converters already write a valid order). */
function topoOrder(nodes: RawNode[], names: Set<string>): RawNode[] {
  const pending = new Map<string, number>();
  const users = new Map<string, RawNode[]>();
  for (const n of nodes) {
    const deps = new Set((n.input ?? []).map((i) => baseName(i.replace(/^\^/, ''))).filter((i) => names.has(i) && i !== n.name));
    pending.set(n.name, deps.size);
    for (const d of deps) users.set(d, [...(users.get(d) ?? []), n]);
  }
  const position = new Map(nodes.map((n, i) => [n.name, i]));
  const ready = nodes.filter((n) => pending.get(n.name) === 0);
  const out: RawNode[] = [];
  while (ready.length) {
    ready.sort((x, y) => (position.get(x.name) ?? 0) - (position.get(y.name) ?? 0));
    const n = ready.shift() as RawNode;
    out.push(n);
    for (const u of users.get(n.name) ?? []) {
      const left = (pending.get(u.name) ?? 1) - 1;
      pending.set(u.name, left);
      if (left === 0) ready.push(u);
    }
  }
  // A cycle (control flow) leaves nodes behind: keep them in file order rather than dropping them.
  if (out.length < nodes.length) {
    const seen = new Set(out.map((n) => n.name));
    out.push(...nodes.filter((n) => !seen.has(n.name)));
  }
  return out;
}
