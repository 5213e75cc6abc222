// Shared by the inference benches (infer.mjs, tflite.mjs): the Python reference as a line-protocol server, and the
// timing loop that interleaves its calls one-for-one with ours so both sides see the same machine load.
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { loadavg } from 'node:os';
import { median } from './results.mjs';

/** The 1/5/15-minute load averages as "a b c". */
export function loadAverage() {
  return loadavg()
    .map((l) => l.toFixed(1))
    .join(' ');
}

/**
 * Starts `py args…` as a server: each line written to its stdin is a request, each JSON line it prints a reply (the
 * first one says it is ready). `request(line)` resolves with the reply; `what` names it in the error if it exits.
 */
export function startPythonServer(py, args, what) {
  const child = spawn(py, args, { stdio: ['pipe', 'pipe', 'pipe'] });
  const waiting = [];
  let stderr = '';
  child.stderr.on('data', (d) => {
    stderr = (stderr + d).slice(-2000);
  });
  createInterface({ input: child.stdout }).on('line', (line) => {
    if (line.startsWith('{')) waiting.shift()?.resolve(JSON.parse(line));
  });
  child.on('exit', (code) => {
    for (const w of waiting.splice(0)) w.reject(new Error(`${what} exited (${code}): ${stderr.slice(-500)}`));
  });
  const next = () => new Promise((resolve, reject) => waiting.push({ resolve, reject }));
  const ready = next();
  return {
    ready,
    request(line) {
      const reply = next();
      child.stdin.write(`${line}\n`);
      return reply;
    },
    close() {
      child.stdin.end();
    },
  };
}

const sum = (xs) => xs.reduce((x, y) => x + y, 0);

/**
 * `rounds` rounds of: the reference call (`ref`, its reply's `ms` summed), our call (timed here), the second reference
 * call (`ref1`, e.g. the reference pinned to one thread). Returns the medians (ms, refMs, ref1Ms) and the reference's
 * last `head` (first output values, to check both computed the same).
 */
export async function interleaved(rounds, ours, { ref, ref1 } = {}) {
  const mine = [],
    theirs = [],
    theirs1 = [];
  let head;
  for (let i = 0; i < rounds; i++) {
    if (ref) {
      const r = await ref();
      theirs.push(sum(r.ms));
      head = r.head;
    }
    const t0 = performance.now();
    await ours();
    mine.push(performance.now() - t0);
    if (ref1) theirs1.push(sum((await ref1()).ms));
  }
  return {
    ms: median(mine),
    refMs: theirs.length ? median(theirs) : undefined,
    ref1Ms: theirs1.length ? median(theirs1) : undefined,
    head,
  };
}
