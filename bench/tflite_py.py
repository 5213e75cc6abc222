"""TFLite Python reference for bench/tflite.mjs: the same .tflite file in the LiteRT Python interpreter (ai-edge-litert),
on the same input tensor, served so the caller can interleave its calls with ours.

  tflite_py.py MODEL INPUT_NPY [--threads N]
      print one JSON line {"ready": true, ...}; then for each stdin line "K" time K invoke() calls (set_tensor +
      invoke + get_tensor, what a user's Python does per input) and print {"ms": [...], "head": [first 8 outputs]}.
--threads N sets the interpreter's num_threads (default: the interpreter's own default)."""
import json, os, sys, time, warnings
warnings.filterwarnings('ignore')
import numpy as np
import ai_edge_litert
from ai_edge_litert.interpreter import Interpreter

args = sys.argv[1:]
threads = None
if '--threads' in args:
    k = args.index('--threads')
    threads = int(args[k + 1])
    del args[k:k + 2]
model, input_npy = args[0], args[1]
it = Interpreter(model_path=model, num_threads=threads) if threads else Interpreter(model_path=model)
it.allocate_tensors()
inp = it.get_input_details()[0]
out = it.get_output_details()[0]
x = np.load(input_npy).astype(inp['dtype'])
last = None


def once():
    global last
    t0 = time.perf_counter()
    it.set_tensor(inp['index'], x)
    it.invoke()
    last = it.get_tensor(out['index'])
    return (time.perf_counter() - t0) * 1000


for _ in range(3):
    once()
print(json.dumps({'ready': True, 'litert_version': ai_edge_litert.__version__, 'threads': threads or 'default',
                  'cpus_available': len(os.sched_getaffinity(0)) if hasattr(os, 'sched_getaffinity') else os.cpu_count()}), flush=True)
for line in sys.stdin:
    k = int(line.strip() or '1')
    print(json.dumps({'ms': [once() for _ in range(k)], 'head': [float(v) for v in last.reshape(-1)[:8].astype(np.float32)]}), flush=True)
