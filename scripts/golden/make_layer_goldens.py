#!/usr/bin/env python3
"""TF-Python per-layer activations of the demo model (MediaPipe selfie segmentation), for the layer-by-layer check.

Loads demo/models/selfie (a TFJS graph model) as a TensorFlow graph with tfjs-graph-converter (same weights),
feeds test/golden/model/astronaut.input.npy (the preprocessed demo image, made by make_model_goldens.py) and
saves every node's output with tools/dump_activations.py (the helper Tensor Parity ships for users). The full
activations are ~60 MB, so under test/golden/layers/ it writes, per node, 512 values picked at the flat indices
(i * (n - 1)) // 511 for i = 0..511 (all of them when n <= 512):
  selfie-astronaut.samples.npz   {node name: float32 [k]}
  selfie-astronaut.json          versions, input, and per node: op, shape, max |value|, mean |value|
Re-runnable: `.venv/bin/python scripts/golden/make_layer_goldens.py` from the repository root.
"""
import json
import os
import sys
import tempfile
import types

# tensorflowjs imports tensorflow_decision_forests only for TF-DF SavedModels; its protobuf gencode can disagree
# with the installed protobuf runtime.
sys.modules.setdefault('tensorflow_decision_forests', types.ModuleType('tensorflow_decision_forests'))
os.environ.setdefault('TF_CPP_MIN_LOG_LEVEL', '2')

import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402
import tfjs_graph_converter  # noqa: E402
import tfjs_graph_converter.api as graph_api  # noqa: E402

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..'))
sys.path.insert(0, os.path.join(ROOT, 'tools'))
import dump_activations  # noqa: E402

MODEL_JSON = os.path.join(ROOT, 'demo', 'models', 'selfie', 'selfie.json')
INPUT = os.path.join(ROOT, 'test', 'golden', 'model', 'astronaut.input.npy')
OUT = os.path.join(ROOT, 'test', 'golden', 'layers')
K = 512


def sample(flat: np.ndarray) -> np.ndarray:
    n = flat.size
    if n <= K:
        return flat.astype(np.float32)
    idx = (np.arange(K, dtype=np.int64) * (n - 1)) // (K - 1)
    return flat[idx].astype(np.float32)


def main() -> None:
    os.makedirs(OUT, exist_ok=True)
    x = np.load(INPUT)
    graph = graph_api.load_graph_model(MODEL_JSON)
    ops = {op.name: op.type for op in graph.get_operations()}
    with tempfile.TemporaryDirectory(prefix='tp-layers-') as tmp:
        full = dump_activations.dump_graph(graph, {'input_1': x}, os.path.join(tmp, 'full.npz'))
    samples, nodes = {}, []
    for name, value in full.items():
        flat = np.asarray(value).reshape(-1)
        if flat.dtype.kind != 'f':
            continue
        samples[name] = sample(flat)
        nodes.append({
            'name': name, 'op': ops[name], 'shape': list(value.shape),
            'maxAbs': float(np.max(np.abs(flat))) if flat.size else 0.0,
            'meanAbs': float(np.mean(np.abs(flat))) if flat.size else 0.0,
        })
    np.savez_compressed(os.path.join(OUT, 'selfie-astronaut.samples.npz'), **samples)
    manifest = {
        'script': 'scripts/golden/make_layer_goldens.py',
        'model': 'demo/models/selfie/selfie.json',
        'input': 'test/golden/model/astronaut.input.npy',
        'samplesPerNode': K,
        'sampleIndex': '(i * (n - 1)) // (K - 1), i = 0..K-1; every value when n <= K',
        'versions': {'tensorflow': tf.__version__, 'numpy': np.__version__,
                     'tfjs_graph_converter': getattr(tfjs_graph_converter, '__version__', 'unknown')},
        'nodes': nodes,
    }
    with open(os.path.join(OUT, 'selfie-astronaut.json'), 'w') as f:
        json.dump(manifest, f, indent=1)
        f.write('\n')
    print(f'wrote {len(nodes)} node samples to {OUT}')


if __name__ == '__main__':
    main()
