#!/usr/bin/env python3
"""A Keras 3 model, its TFLite conversion and the activations tools/dump_activations.py saves from the .keras file.

The case a user brings: a model trained in Keras, converted to .tflite for Android, and a dump of the Keras layers
(`python tools/dump_activations.py model.keras input.npy activations.npz`). Keras 3 traces the model for the
converter inside fresh name scopes, so the TFLite tensors are named "functional_1/conv2d_1/Relu;..." for the layer
"conv2d", "functional_1/re_lu_1/Relu;functional_1/conv2d_1_2/convolution" for "re_lu" fused with "conv2d_1": a plain
layer name is another layer's traced scope. This script records which TFLite tensor really holds each layer's
value (by value, from the LiteRT interpreter with every tensor kept), so the test checks our name alignment against
the truth rather than against names.

Writes test/golden/keras-tflite/:
  model.tflite          the float conversion (tf.lite.TFLiteConverter.from_keras_model of keras.saving.load_model,
                        the command Tensor Parity's error message gives for a .keras file)
  changed.tflite        the same model with the kernel of conv2d_2 scaled by 1.25, converted the same way
  input.npy             the input (1, 12, 12, 3) float32
  activations.npz       tools/dump_activations.py run as a script on model.keras (auto-named layers)
  expected.json         layer → TFLite tensor holding its value (null when the conversion fused it away), the
                        interpreter's outputs, and the versions
  layers-model/         the same Keras model as a TensorFlow.js layers model (tensorflowjs 4.22's
                        save_keras_model, what `tensorflowjs_converter --input_format=keras` writes): TensorFlow.js
                        4.x cannot load a Keras 3 topology (tensorflow/tfjs#8494), and the error must say how else
The .keras file itself is not kept (the test needs only what a user would compare).
Run from the repository root:  .venv/bin/python scripts/golden/make_keras_tflite_goldens.py
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile
import types

# tensorflowjs imports tensorflow_decision_forests only for TF-DF models; its protobuf gencode clashes with TF 2.19.
sys.modules.setdefault('tensorflow_decision_forests', types.ModuleType('tensorflow_decision_forests'))

os.environ.setdefault('TF_CPP_MIN_LOG_LEVEL', '2')

import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402
import keras  # noqa: E402
import ai_edge_litert  # noqa: E402
from ai_edge_litert.interpreter import Interpreter  # noqa: E402
import tensorflowjs  # noqa: E402

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..'))
OUT = os.path.join(ROOT, 'test', 'golden', 'keras-tflite')
HELPER = os.path.join(ROOT, 'tools', 'dump_activations.py')
sys.path.insert(0, os.path.join(ROOT, 'tools'))
import dump_activations  # noqa: E402


def build():
    """Auto-named layers (conv2d, conv2d_1, re_lu, add, ...) with a residual branch, seeded weights."""
    keras.utils.set_random_seed(11)
    i = keras.Input((12, 12, 3))
    a = keras.layers.Conv2D(8, 3, padding='same', activation='relu')(i)
    b = keras.layers.Conv2D(8, 3, padding='same')(a)
    b = keras.layers.ReLU()(b)
    x = keras.layers.Add()([a, b])
    x = keras.layers.Conv2D(4, 1, activation='relu')(x)
    x = keras.layers.MaxPooling2D()(x)
    x = keras.layers.GlobalAveragePooling2D()(x)
    x = keras.layers.Dense(3)(x)
    o = keras.layers.Softmax()(x)
    return keras.Model(i, o)


def convert(keras_path, tflite_path):
    """Exactly what the .keras error message tells the user to run."""
    m = keras.saving.load_model(keras_path)
    with open(tflite_path, 'wb') as f:
        f.write(tf.lite.TFLiteConverter.from_keras_model(m).convert())


def interpreter_tensors(tflite_path, x):
    it = Interpreter(model_path=tflite_path, experimental_preserve_all_tensors=True)
    it.allocate_tensors()
    it.set_tensor(it.get_input_details()[0]['index'], x)
    it.invoke()
    out = it.get_tensor(it.get_output_details()[0]['index'])
    tensors = {}
    for d in it.get_tensor_details():
        try:
            tensors[d['name']] = np.array(it.get_tensor(d['index']))
        except ValueError:
            pass
    return out, tensors


def main() -> None:
    os.makedirs(OUT, exist_ok=True)
    x = np.random.default_rng(4).random((1, 12, 12, 3), dtype=np.float32)
    np.save(os.path.join(OUT, 'input.npy'), x)
    model = build()
    names = [layer.name for layer in model.layers]
    assert names[1:4] == ['conv2d', 'conv2d_1', 're_lu'], names
    with tempfile.TemporaryDirectory() as tmp:
        keras_path = os.path.join(tmp, 'model.keras')
        model.save(keras_path)
        convert(keras_path, os.path.join(OUT, 'model.tflite'))
        layers_dir = os.path.join(OUT, 'layers-model')
        shutil.rmtree(layers_dir, ignore_errors=True)
        tensorflowjs.converters.save_keras_model(keras.saving.load_model(keras_path), layers_dir)
        changed = keras.saving.load_model(keras_path)
        conv = changed.get_layer('conv2d_2')
        kernel, bias = conv.get_weights()
        conv.set_weights([kernel * 1.25, bias])
        changed_path = os.path.join(tmp, 'changed.keras')
        changed.save(changed_path)
        convert(changed_path, os.path.join(OUT, 'changed.tflite'))
        # The helper as a user runs it (a script), and as a module (same arrays).
        act_path = os.path.join(OUT, 'activations.npz')
        subprocess.run([sys.executable, HELPER, keras_path, os.path.join(OUT, 'input.npy'), act_path], check=True)
        imported = dump_activations.dump_keras(keras.saving.load_model(keras_path), x, os.path.join(tmp, 'again.npz'))
    acts = dict(np.load(act_path))
    assert list(acts) == list(imported), (list(acts), list(imported))
    for k, v in acts.items():
        assert np.array_equal(v, imported[k]), k

    out, tensors = interpreter_tensors(os.path.join(OUT, 'model.tflite'), x)
    holds = {}
    for layer, value in acts.items():
        hits = [n for n, t in tensors.items() if t.shape == value.shape and np.allclose(t, value, atol=1e-5, rtol=1e-4)]
        holds[layer] = hits
    changed_out, _ = interpreter_tensors(os.path.join(OUT, 'changed.tflite'), x)
    with open(os.path.join(OUT, 'expected.json'), 'w') as f:
        json.dump({
            'script': 'scripts/golden/make_keras_tflite_goldens.py',
            'versions': {'tensorflow': tf.__version__, 'keras': keras.__version__, 'numpy': np.__version__,
                         'ai-edge-litert': getattr(ai_edge_litert, '__version__', 'unknown'),
                         'tensorflowjs': tensorflowjs.__version__},
            'layers': names[1:],
            'holds': holds,
            'output': out.ravel().tolist(),
            'changedOutput': changed_out.ravel().tolist(),
            'keras': np.asarray(model(x)).ravel().tolist(),
        }, f, indent=1)
        f.write('\n')
    for layer, hits in holds.items():
        print(f'{layer:28s} -> {hits}')


if __name__ == '__main__':
    main()
