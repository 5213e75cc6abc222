// Lines up layer names of two runs: exact, then without ":0" and wrapper scopes, then a layer name with the last
// node inside its scope (a Keras layer "conv2d_1" ↔ graph node "model/conv2d_1/Relu").

/** Scopes that export wrappers put in front of node names. */
const WRAPPERS = /^(?:StatefulPartitionedCall(?:_\d+)?\/|PartitionedCall(?:_\d+)?\/|serving_default_|model(?:_\d+)?\/|functional(?:_\d+)?\/|sequential(?:_\d+)?\/)+/;

/** A name without the output index, control prefix and wrapper scopes. */
export function normalizeName(name: string): string {
  let n = name.replace(/^\^/, '').replace(/:\d+$/, '');
  for (let prev = ''; prev !== n; ) {
    prev = n;
    n = n.replace(WRAPPERS, '');
  }
  return n;
}

/**
 * Maps each of `ours` (in execution order) to at most one of `theirs`. Each name of theirs is used once.
 * Returns ours → theirs.
 */
export function alignNames(ours: readonly string[], theirs: readonly string[]): Map<string, string> {
  const out = new Map<string, string>();
  const used = new Set<string>();
  const take = (o: string, t: string): void => {
    out.set(o, t);
    used.add(t);
  };
  const theirSet = new Set(theirs);
  for (const o of ours) if (theirSet.has(o)) take(o, o);

  const theirsNorm = new Map<string, string>();
  for (const t of theirs) if (!used.has(t) && !theirsNorm.has(normalizeName(t))) theirsNorm.set(normalizeName(t), t);
  for (const o of ours) {
    if (out.has(o)) continue;
    const t = theirsNorm.get(normalizeName(o));
    if (t !== undefined && !used.has(t)) take(o, t);
  }

  // Their name is a layer (scope) and ours are nodes inside it: the scope's last node in execution order.
  const lastInScope = new Map<string, string>();
  for (const o of ours) {
    if (out.has(o)) continue;
    const parts = normalizeName(o).split('/');
    for (let k = 1; k < parts.length; k++) lastInScope.set(parts.slice(0, k).join('/'), o);
  }
  for (const t of theirs) {
    if (used.has(t)) continue;
    const o = lastInScope.get(normalizeName(t));
    if (o !== undefined && !out.has(o)) take(o, t);
  }

  // Our name is a layer and theirs are nodes inside it (a C++/Java dump of graph tensors): their last one in file order.
  const ourNorm = new Map<string, string>();
  for (const o of ours) if (!out.has(o)) ourNorm.set(normalizeName(o), o);
  const lastTheirs = new Map<string, string>();
  for (const t of theirs) {
    if (used.has(t)) continue;
    const parts = normalizeName(t).split('/');
    for (let k = 1; k < parts.length; k++) {
      const scope = parts.slice(0, k).join('/');
      if (ourNorm.has(scope)) lastTheirs.set(scope, t);
    }
  }
  for (const [scope, t] of lastTheirs) {
    const o = ourNorm.get(scope);
    if (o !== undefined && !out.has(o) && !used.has(t)) take(o, t);
  }

  // TFLite names a fused operator's output after every op it absorbed ("re_lu/Relu;conv2d/BiasAdd;Conv2D"): it holds
  // the value of the last of them, so pair it with the one of ours (or theirs) that runs last among the parts.
  const order = new Map(ours.map((o, i) => [o, i]));
  const aliases = (n: string): string[] => [normalizeName(n), ...n.split(';').map(normalizeName)];
  const ourByAlias = new Map<string, string[]>();
  for (const o of ours) {
    if (out.has(o)) continue;
    for (const al of aliases(o)) ourByAlias.set(al, [...(ourByAlias.get(al) ?? []), o]);
  }
  for (const t of theirs) {
    if (used.has(t)) continue;
    const candidates = aliases(t).flatMap((al) => ourByAlias.get(al) ?? []).filter((o) => !out.has(o));
    const best = candidates.sort((x, y) => (order.get(y) ?? 0) - (order.get(x) ?? 0))[0];
    if (best !== undefined) take(best, t);
  }
  return out;
}
