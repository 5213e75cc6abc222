// The lint worker's collection of young garbage while it waits for the next document. A full pass of a new document
// allocates about 16 MB; without this, V8 scavenges in the middle of the next pass, copying that pass's live IR and
// making the user wait 3–8 ms longer. Collected when the worker is idle, the young generation is empty when the next
// pass starts, and the copy is paid where nobody waits on it.

import { getHeapSpaceStatistics, setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/** V8's `gc()` with its options (`type: 'minor'` scavenges the young generation only). */
type Collector = (options: { type: 'minor' | 'major' }) => void;

let collector: Collector | null | undefined;

/** V8's collector, made once: `--expose-gc` is set just long enough for a new context to get `gc`, then unset. */
function getCollector(): Collector | null {
  if (collector !== undefined) return collector;
  collector = null;
  const own: unknown = (globalThis as { gc?: unknown }).gc;
  if (typeof own === 'function') return (collector = own as Collector);
  try {
    setFlagsFromString('--expose-gc');
    const fn: unknown = runInNewContext('gc');
    if (typeof fn === 'function') collector = fn as Collector;
  } catch {
    collector = null; // a runtime without V8's flags: V8 collects as it always does
  } finally {
    setFlagsFromString('--no-expose-gc');
  }
  return collector;
}

/** Bytes in V8's young generation now. */
function youngBytes(): number {
  for (const s of getHeapSpaceStatistics()) if (s.space_name === 'new_space') return s.space_used_size;
  return 0;
}

/** Below this much young garbage (a few one-line edits) an idle collection is not worth its fixed cost. */
export const IDLE_COLLECT_MIN_BYTES = 4 * 1024 * 1024;

/** Scavenges V8's young generation when it holds at least `minBytes`; true when it did. For idle time only. */
export function collectYoungGarbage(minBytes = IDLE_COLLECT_MIN_BYTES): boolean {
  const gc = getCollector();
  if (!gc || youngBytes() < minBytes) return false;
  gc({ type: 'minor' });
  return true;
}
