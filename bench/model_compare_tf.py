"""Reference for bench/model-compare.mjs: what a user would write in Python to compare two TFJS graph models layer
by layer: load both with tfjs-graph-converter, run each once fetching every node (tools/dump_activations.py's
dump_graph), then per layer numpy max |a-b|, relative error and allclose failures, and the first failing layer.

  model_compare_tf.py MODEL_A MODEL_B INPUT_NPY RUNS   print one JSON line {"ms": [...], "first": name}
"""
import json, os, sys, tempfile, time, types, warnings
sys.modules.setdefault('tensorflow_decision_forests', types.ModuleType('tensorflow_decision_forests'))
os.environ.setdefault('TF_CPP_MIN_LOG_LEVEL', '3')
warnings.filterwarnings('ignore')
import numpy as np
import tensorflow as tf
import tfjs_graph_converter.api as graph_api

sys.path.insert(0, os.path.join(os.path.dirname(__file__), '..', 'tools'))
import dump_activations  # noqa: E402

model_a, model_b, input_npy, runs = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
x = np.load(input_npy)
tmp = tempfile.mkdtemp(prefix='tp-bench-')


def once():
    acts = []
    for k, m in enumerate((model_a, model_b)):
        graph = graph_api.load_graph_model(m)
        acts.append(dump_activations.dump_graph(graph, {'input_1': x}, os.path.join(tmp, f'{k}.npz')))
    a, b = acts
    first = None
    for name, va in a.items():
        vb = b.get(name)
        if vb is None or va.dtype.kind != 'f':
            continue
        d = np.abs(va - vb)
        fails = int(np.count_nonzero(d > 1e-4 + 1e-3 * np.abs(vb)))
        _rel = float(d.max() / max(float(np.abs(vb).max()), 1e-30)) if d.size else 0.0
        if fails and first is None:
            first = name
    return first


ms = []
first = None
for _ in range(runs):
    t0 = time.perf_counter()
    first = once()
    ms.append((time.perf_counter() - t0) * 1000)
print(json.dumps({'ms': ms, 'first': first}))
