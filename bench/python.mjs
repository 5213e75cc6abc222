// Finds the Python interpreter that holds the reference libraries for benchmarks (TF, OpenCV, numpy).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** Returns a python path that can import every module named, or undefined (the bench then prints "reference unavailable"). */
export function findPython(modules = ['numpy']) {
  const candidates = [process.env.TP_PYTHON, join(root, '.venv/bin/python'), 'python3'].filter(Boolean);
  for (const py of candidates) {
    if (py.includes('/') && !existsSync(py)) continue;
    const r = spawnSync(py, ['-c', modules.map((m) => `import ${m}`).join(';')], { encoding: 'utf8' });
    if (r.status === 0) return py;
  }
  return undefined;
}
