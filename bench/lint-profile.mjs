// Runs one linter workload in a loop, for profiling with `node --cpu-prof bench/lint-profile.mjs <mode> <lang> <lines>`.
// languages: python, cpp, java, javascript. A fifth argument `split` parses large documents in two halves (parse helper).
// mode: cold (a document the linter has not seen), inc (a one-line edit, update + lint), respec (spec change).
// Prints the median wall and CPU time per iteration with the load average (the machine may be shared).
// Build first: npx tsc -p tsconfig.test.json
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import * as os from 'node:os';
import * as path from 'node:path';
import { cppSource, javaSource, jsSource, pythonSource } from './lint-sources.mjs';

const require = createRequire(import.meta.url);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { createLinter } = require(path.join(root, 'out/src/core/lint/index.js'));
const { parseSpec } = require(path.join(root, 'out/src/core/spec/index.js'));
const wasmDir = path.join(root, 'node_modules/@vscode/tree-sitter-wasm/wasm');

const [mode = 'cold', languageId = 'python', linesArg = '2000', itersArg = '60', parallel = ''] = process.argv.slice(2);
const SOURCES = { python: pythonSource, cpp: cppSource, java: javaSource, javascript: jsSource };
const text = SOURCES[languageId](+linesArg);
const spec = (w) =>
  parseSpec(
    JSON.stringify({
      model: { path: 'm.json' },
      input: { width: w, height: w, colorOrder: 'RGB', resize: { library: 'cv2', method: 'linear' }, scale: 1 / 255 },
    }),
  ).spec;
const SPEC = spec(224);
const SPEC_B = spec(256);
const linter = await createLinter({ wasmDir, timeBudgetMs: 600_000, parallelParse: parallel === 'split' ? 'always' : false });
if (parallel === 'split') await linter.helperReady(60_000);
const wall = [];
const cpu = [];
let cur = text;
linter.lint({ uri: 'inc', languageId, text: cur }, SPEC);
for (let i = 0; i < +itersArg; i++) {
  const c = process.cpuUsage();
  const s = performance.now();
  if (mode === 'cold') {
    linter.lint({ uri: `cold-${i}`, languageId, text }, SPEC);
    linter.close(`cold-${i}`);
  } else if (mode === 'respec') {
    linter.lint({ uri: 'inc', languageId, text }, i % 2 ? SPEC : SPEC_B);
  } else {
    const at = cur.indexOf(i % 2 ? '225' : '224', Math.floor(cur.length / 2));
    cur = cur.slice(0, at) + (i % 2 ? '224' : '225') + cur.slice(at + 3);
    linter.lint({ uri: 'inc', languageId, text: cur }, SPEC);
  }
  wall.push(performance.now() - s);
  const d = process.cpuUsage(c);
  cpu.push((d.user + d.system) / 1000);
  if (mode === 'inc') linter.settle(); // idle time between two edits, as in the lint worker
}
const med = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)].toFixed(2);
const tail = (xs) => xs.slice(Math.min(10, xs.length >> 1));
console.log(
  `${mode} ${languageId} ${linesArg} lines: median ${med(tail(wall))} ms, min ${Math.min(...tail(wall)).toFixed(2)} ms, CPU ${med(tail(cpu))} ms (load ${os.loadavg()[0].toFixed(1)})`,
);
linter.dispose();
