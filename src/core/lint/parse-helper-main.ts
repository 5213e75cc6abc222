// The parse helper thread's entry (bundled as dist/lint-parse-worker.js): parses one half of a large document with
// its own tree-sitter runtime and sends back the half's flat tree (parse-helper.ts has the protocol).

import { workerData } from 'node:worker_threads';
import { FlatTree } from './flat-tree';
import type { HalfReply, HalfRequest, HelperData } from './parse-helper';
import { isRuntimeCrash, loadRuntime, type Runtime } from './parser';
import { parseHalf } from './split-parse';

const { wasmDir, flags, port } = workerData as HelperData;
let rt: Runtime | undefined;

function load(): void {
  loadRuntime(wasmDir).then(
    (r) => {
      rt = r;
      Atomics.store(flags, 1, 1);
    },
    () => port.close(), // no runtime: the linter parses documents whole
  );
}

/** The flat tree of the requested half, or undefined (a syntax error, over budget, no runtime). */
function parse(req: HalfRequest): HalfReply['arrays'] {
  const lang = rt?.languages.get(req.languageId);
  if (!rt?.wasm || !lang) return undefined;
  rt.parser.setLanguage(lang);
  const deadline = performance.now() + req.budgetMs;
  let over = false;
  const tree = parseHalf(rt.parser, req.text, req.half, () => (over = performance.now() > deadline));
  if (!tree) {
    if (over) rt.parser.reset();
    return undefined;
  }
  try {
    const ft = FlatTree.read(rt.wasm, tree, tree.rootNode, req.text, req.text.length >> 1);
    return { size: ft.size, type: ft.type, field: ft.field, start: ft.start, end: ft.end, firstChild: ft.firstChild, next: ft.next };
  } finally {
    tree.delete();
  }
}

port.on('message', (req: HalfRequest) => {
  let arrays: HalfReply['arrays'];
  try {
    arrays = parse(req);
  } catch (err) {
    if (isRuntimeCrash(err)) {
      // Its memory may be corrupt: a new runtime for the next request.
      rt = undefined;
      Atomics.store(flags, 1, 0);
      load();
    }
  }
  const reply: HalfReply = { id: req.id, arrays };
  const buffers = arrays ? [arrays.type, arrays.field, arrays.start, arrays.end, arrays.firstChild, arrays.next].map((a) => a.buffer) : [];
  port.postMessage(
    reply,
    buffers.filter((b): b is ArrayBuffer => b instanceof ArrayBuffer),
  );
  Atomics.store(flags, 0, req.id);
  Atomics.notify(flags, 0);
});

load();
