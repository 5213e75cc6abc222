"""TF Python reference for bench/infer.mjs: the demo model's same weights (tfjs-graph-converter → SavedModel),
timed on the same input tensor. Prints one JSON line: {"ms_median": ..., "runs": ...}."""
import json, os, sys, tempfile, time, types, warnings
# tensorflowjs imports tensorflow_decision_forests, whose protobuf gencode clashes with TF 2.19's runtime; unused here.
sys.modules.setdefault('tensorflow_decision_forests', types.ModuleType('tensorflow_decision_forests'))
os.environ.setdefault('TF_CPP_MIN_LOG_LEVEL', '3')
warnings.filterwarnings('ignore')
import numpy as np
import tensorflow as tf
import tfjs_graph_converter.api as graph_api

model_json, input_npy, runs = sys.argv[1], sys.argv[2], int(sys.argv[3])
x = tf.constant(np.load(input_npy))
with tempfile.TemporaryDirectory() as tmp:
    out = os.path.join(tmp, 'saved_model')
    graph_api.graph_model_to_saved_model(model_json, out, tags=['serve'])
    model = tf.saved_model.load(out)
    fn = model.signatures['serving_default']
    name = list(fn.structured_input_signature[1].keys())[0]
    for _ in range(3):
        fn(**{name: x})
    times = []
    for _ in range(runs):
        t0 = time.perf_counter(); r = fn(**{name: x}); [v.numpy() for v in r.values()]; times.append((time.perf_counter() - t0) * 1000)
print(json.dumps({'ms_median': float(np.median(times)), 'runs': runs, 'threads': tf.config.threading.get_intra_op_parallelism_threads()}))
