#!/usr/bin/env python3
"""A small TF.js graph model made by the real tensorflowjs_converter, with TF Python's output, for the session tests.

The Keras model (fixed seeded weights) uses the layers whose converted form holds TF.js-only fused ops:
Conv2D + ReLU and Conv2D + BatchNorm + PReLU (the converter writes _FusedConv2D, with Prelu among its fused ops),
DepthwiseConv2D + ReLU6 (FusedDepthwiseConv2dNative), LeakyReLU, Dense + ReLU (_FusedMatMul), Dense + sigmoid.
It is exported as a SavedModel, converted as `tensorflowjs_converter --input_format=tf_saved_model` does, and TF Python
runs the SavedModel on input.npy to give expected.npy.

Writes test/golden/graph-session/{model.json, group1-shard1of1.bin, input.npy, expected.npy, ops.json}.
Run from the repository root:  .venv/bin/python scripts/golden/make_graph_session_model.py
"""
import json
import os
import shutil
import sys
import tempfile
import types

import numpy as np
import tensorflow as tf

# tensorflowjs imports tensorflow_decision_forests only for TF-DF models; its protobuf gencode clashes with TF 2.19.
sys.modules.setdefault('tensorflow_decision_forests', types.ModuleType('tensorflow_decision_forests'))
from tensorflowjs.converters import tf_saved_model_conversion_v2 as tfjs_conv  # noqa: E402
import tensorflowjs  # noqa: E402

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..'))
OUT = os.path.join(ROOT, 'test', 'golden', 'graph-session')


def build():
    tf.keras.utils.set_random_seed(3)
    L = tf.keras.layers
    x = inp = L.Input((16, 16, 3), batch_size=1, name='image')
    x = L.Conv2D(8, 3, padding='same', activation='relu')(x)
    x = L.DepthwiseConv2D(3, padding='same')(x)
    x = L.ReLU(6.0)(x)
    x = L.Conv2D(8, 1, use_bias=False)(x)
    x = L.BatchNormalization()(x)
    x = L.PReLU(shared_axes=[1, 2])(x)
    x = L.Conv2D(4, 3, strides=2, padding='same')(x)
    x = L.LeakyReLU(0.2)(x)
    x = L.GlobalAveragePooling2D()(x)
    x = L.Dense(6, activation='relu')(x)
    out = L.Dense(3, activation='sigmoid', name='scores')(x)
    model = tf.keras.Model(inp, out)
    rng = np.random.default_rng(5)
    # Non-trivial batch-norm statistics and PReLU slopes, so folding them matters.
    for layer in model.layers:
        ws = layer.get_weights()
        if ws:
            layer.set_weights([w + rng.normal(0, 0.3, w.shape).astype(np.float32) if w.ndim == 1 else w for w in ws])
    bn = [l for l in model.layers if isinstance(l, L.BatchNormalization)][0]
    g, b, m, v = bn.get_weights()
    bn.set_weights([g, b, m, np.abs(v) + 0.5])
    return model


def main():
    shutil.rmtree(OUT, ignore_errors=True)
    os.makedirs(OUT)
    model = build()
    with tempfile.TemporaryDirectory() as tmp:
        saved = os.path.join(tmp, 'saved')
        model.export(saved)
        # What `tensorflowjs_converter --input_format=tf_saved_model --output_format=tfjs_graph_model` runs.
        tfjs_conv.convert_tf_saved_model(saved, OUT)
        x = np.random.default_rng(9).random((1, 16, 16, 3), dtype=np.float32)
        loaded = tf.saved_model.load(saved)
        y = list(loaded.signatures['serving_default'](tf.constant(x)).values())[0].numpy()
    np.save(os.path.join(OUT, 'input.npy'), x)
    np.save(os.path.join(OUT, 'expected.npy'), y.astype(np.float32))
    topo = json.load(open(os.path.join(OUT, 'model.json')))
    ops = sorted({n['op'] for n in topo['modelTopology']['node']})
    json.dump({'tensorflow': tf.__version__, 'tensorflowjs': tensorflowjs.__version__, 'ops': ops}, open(os.path.join(OUT, 'ops.json'), 'w'), indent=1)
    print('ops', ops, 'output', y)


if __name__ == '__main__':
    main()
