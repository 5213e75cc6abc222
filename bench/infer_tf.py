"""TF Python reference for bench/infer.mjs: the demo model's same weights (tfjs-graph-converter → SavedModel),
timed on the same input tensor, TensorFlow left at its defaults (all cores, grappler, oneDNN where TF enables it).

  infer_tf.py MODEL_JSON INPUT_NPY RUNS [--threads N]   time RUNS calls; print one JSON line {"ms_median", "runs", ...}
  infer_tf.py MODEL_JSON INPUT_NPY 0 --serve [--threads N]
      print one JSON line {"ready": true, ...}, then for each stdin line "K [B]" run K calls (on a batch of B copies
      of the input, default 1) and print {"ms": [...]},
      so the caller can interleave these calls with its own and both see the same machine load.
--threads N pins intra- and inter-op parallelism to N (informational rows only; the reference uses the defaults).
The output includes the output of the last call's first 8 values so the caller can check it computed the same thing."""
import json, os, sys, tempfile, time, types, warnings
# tensorflowjs imports tensorflow_decision_forests, whose protobuf gencode clashes with TF 2.19's runtime; unused here.
sys.modules.setdefault('tensorflow_decision_forests', types.ModuleType('tensorflow_decision_forests'))
os.environ.setdefault('TF_CPP_MIN_LOG_LEVEL', '3')
warnings.filterwarnings('ignore')
import numpy as np
import tensorflow as tf

args = sys.argv[1:]
threads = None
if '--threads' in args:
    k = args.index('--threads')
    threads = int(args[k + 1])
    del args[k:k + 2]
serve = '--serve' in args
args = [a for a in args if a != '--serve']
model_json, input_npy, runs = args[0], args[1], int(args[2])
if threads is not None:
    tf.config.threading.set_intra_op_parallelism_threads(threads)
    tf.config.threading.set_inter_op_parallelism_threads(threads)

import tfjs_graph_converter.api as graph_api


def onednn_enabled():
    try:
        from tensorflow.python.util import _pywrap_util_port
        return bool(_pywrap_util_port.IsMklEnabled())
    except Exception:
        return None


x = tf.constant(np.load(input_npy))
with tempfile.TemporaryDirectory() as tmp:
    out = os.path.join(tmp, 'saved_model')
    graph_api.graph_model_to_saved_model(model_json, out, tags=['serve'])
    model = tf.saved_model.load(out)
fn = model.signatures['serving_default']
name = list(fn.structured_input_signature[1].keys())[0]
last = None


batches = {1: x}


def once(batch=1):
    global last
    xb = batches.setdefault(batch, tf.concat([x] * batch, 0))
    t0 = time.perf_counter()
    r = fn(**{name: xb})
    values = [v.numpy() for v in r.values()]
    ms = (time.perf_counter() - t0) * 1000
    last = values[0]
    return ms


for _ in range(3):
    once()
info = {
    'tf_version': tf.__version__,
    'intra_op_threads': tf.config.threading.get_intra_op_parallelism_threads(),  # 0 = TF picks (all cores)
    'inter_op_threads': tf.config.threading.get_inter_op_parallelism_threads(),
    'cpus_available': len(os.sched_getaffinity(0)) if hasattr(os, 'sched_getaffinity') else os.cpu_count(),
    'onednn': onednn_enabled(),
}
if serve:
    print(json.dumps({'ready': True, **info}), flush=True)
    for line in sys.stdin:
        parts = (line.strip() or '1').split()
        k, b = int(parts[0]), int(parts[1]) if len(parts) > 1 else 1
        print(json.dumps({'ms': [once(b) for _ in range(k)], 'head': [float(v) for v in last.reshape(-1)[:8]]}), flush=True)
else:
    times = [once() for _ in range(runs)]
    print(json.dumps({'ms_median': float(np.median(times)), 'runs': runs, **info}))
