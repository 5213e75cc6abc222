// Lines up layer names of two runs: exact, then without ":0" and wrapper scopes, then a layer name with the last
// node inside its scope (a Keras layer "conv2d_1" ↔ graph node "model/conv2d_1/Relu").

/** Scopes that export wrappers put in front of node names. */
const WRAPPERS =
  /^(?:StatefulPartitionedCall(?:_\d+)?\/|PartitionedCall(?:_\d+)?\/|serving_default_|model(?:_\d+)?\/|functional(?:_\d+)?\/|sequential(?:_\d+)?\/)+/;

/** A name without the output index, control prefix and wrapper scopes. */
export function normalizeName(name: string): string {
  let n = name.replace(/^\^/, '').replace(/:\d+$/, '');
  for (let prev = ''; prev !== n;) {
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
  // the value of the last of them, so pair it with the part that runs last on the other side.
  const ourOrder = new Map(ours.map((o, i) => [o, i]));
  const theirOrder = new Map(theirs.map((t, i) => [t, i]));
  const aliases = (n: string): Set<string> => new Set([normalizeName(n), ...n.split(';').map(normalizeName)]);
  const shares = (x: Set<string>, y: Set<string>): boolean => [...x].some((v) => y.has(v));
  const theirAliases = new Map(theirs.map((t) => [t, aliases(t)]));
  for (const o of ours) {
    if (out.has(o) || !o.includes(';')) continue;
    const mine = aliases(o);
    const best = theirs
      .filter((t) => !used.has(t) && shares(mine, theirAliases.get(t) as Set<string>))
      .sort((x, y) => (theirOrder.get(y) ?? 0) - (theirOrder.get(x) ?? 0))[0];
    if (best !== undefined) take(o, best);
  }
  for (const t of theirs) {
    if (used.has(t) || !t.includes(';')) continue;
    const theirsSet = theirAliases.get(t) as Set<string>;
    const best = ours.filter((o) => !out.has(o) && shares(aliases(o), theirsSet)).sort((x, y) => (ourOrder.get(y) ?? 0) - (ourOrder.get(x) ?? 0))[0];
    if (best !== undefined) take(best, t);
  }
  return out;
}
