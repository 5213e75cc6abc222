// Memo slots on IR nodes. IR statements are immutable and reused while their chunk is unchanged, so facts derived from
// one (its calls, the names it scores) are remembered on it. A WeakMap would do, but a lookup there is a hash probe into
// a table holding every live node of every open file, and it dominated the per-lint walks over unchanged code; a slot
// is a property read. Slots are non-enumerable: spreads, JSON and deep equality never see them.

/** A value remembered on objects under one private key. */
export interface Slot<K extends object, V> {
  get(o: K): V | undefined;
  set(o: K, v: V): V;
}

/** A new memo slot; `name` only labels the key in a debugger. */
export function slot<K extends object, V>(name: string): Slot<K, V> {
  const key = Symbol(name);
  return {
    get: (o) => (o as unknown as Record<symbol, V | undefined>)[key],
    set: (o, v) => {
      const rec = o as unknown as Record<symbol, V | undefined>;
      if (Object.prototype.hasOwnProperty.call(rec, key)) rec[key] = v;
      else Object.defineProperty(rec, key, { value: v, writable: true });
      return v;
    },
  };
}
