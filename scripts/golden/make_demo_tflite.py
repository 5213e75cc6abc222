#!/usr/bin/env python3
"""TFLite conversions of the demo model, made with the real converters, and their reference outputs.

demo/models/selfie (a TFJS graph model) → SavedModel with tfjs-graph-converter (same weights, temporary folder)
→ tf.lite.TFLiteConverter (TensorFlow 2.19) into:
  demo/models/selfie-tflite/selfie_float32.tflite  float32 throughout
  demo/models/selfie-tflite/selfie_int8.tflite     full-integer int8 inside (float input/output kept, so the
                                                    demo's tensorparity.json input applies), calibrated on the
                                                    demo images preprocessed as the spec says
and writes test/golden/tflite-demo/: the outputs of the LiteRT Python interpreter (ai-edge-litert) for
test/golden/model/astronaut.input.npy (<model>.output.npy), and per-intermediate-tensor statistics from the same
interpreter with experimental_preserve_all_tensors (manifest.json), so tests check our run of every layer.

Run from the repository root:  .venv/bin/python scripts/golden/make_demo_tflite.py
"""
import json
import os
import sys
import tempfile
import types

# tensorflowjs imports tensorflow_decision_forests only for TF-DF models; its protobuf gencode clashes with TF 2.19.
sys.modules.setdefault('tensorflow_decision_forests', types.ModuleType('tensorflow_decision_forests'))
os.environ.setdefault('TF_CPP_MIN_LOG_LEVEL', '2')

import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402
import tfjs_graph_converter.api as graph_api  # noqa: E402
import ai_edge_litert  # noqa: E402
from ai_edge_litert.interpreter import Interpreter  # noqa: E402
from PIL import Image, ImageOps  # noqa: E402

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..'))
MODEL_JSON = os.path.join(ROOT, 'demo', 'models', 'selfie', 'selfie.json')
OUT_MODELS = os.path.join(ROOT, 'demo', 'models', 'selfie-tflite')
OUT_GOLDEN = os.path.join(ROOT, 'test', 'golden', 'tflite-demo')
IMAGES = ['astronaut.png', 'astronaut-exif-rotated.jpg', 'astronaut-wide.jpg', 'hopper.jpg']


def preprocess(path):
    with Image.open(path) as im:
        rgb = np.asarray(ImageOps.exif_transpose(im).convert('RGB'), dtype=np.uint8)
    return (tf.image.resize(rgb, [256, 256], method='bilinear', antialias=False) / 255.0).numpy().astype(np.float32)[None]


def representative():
    for name in IMAGES:
        x = preprocess(os.path.join(ROOT, 'demo', 'images', name))
        for v in (x, x[:, :, ::-1, :], np.clip(x * 0.8, 0, 1), np.clip(x * 1.2, 0, 1)):
            yield [np.ascontiguousarray(v, dtype=np.float32)]


def convert(saved_model_dir, int8):
    model = tf.saved_model.load(saved_model_dir)
    fn = model.signatures['serving_default']
    fixed = tf.function(lambda input_1: fn(input_1=input_1)).get_concrete_function(tf.TensorSpec([1, 256, 256, 3], tf.float32, name='input_1'))
    c = tf.lite.TFLiteConverter.from_concrete_functions([fixed], model)
    if int8:
        c.optimizations = [tf.lite.Optimize.DEFAULT]
        c.representative_dataset = representative
        c.target_spec.supported_ops = [tf.lite.OpsSet.TFLITE_BUILTINS_INT8]
    return c.convert()


def interpret(path, x):
    it = Interpreter(model_path=path, experimental_preserve_all_tensors=True)
    it.allocate_tensors()
    it.set_tensor(it.get_input_details()[0]['index'], x)
    it.invoke()
    y = it.get_tensor(it.get_output_details()[0]['index']).astype(np.float32)
    stats = []
    for d in it.get_tensor_details():
        try:
            v = it.get_tensor(d['index'])
        except ValueError:
            continue
        if v.size == 0 or v.dtype not in (np.float32, np.int8, np.uint8, np.int32):
            continue
        scale, zp = d['quantization']
        real = v.astype(np.float64) if not scale or v.dtype == np.float32 else (v.astype(np.float64) - zp) * scale
        stats.append({'index': int(d['index']), 'name': d['name'], 'dtype': str(v.dtype), 'shape': list(v.shape),
                      'mean': float(real.mean()), 'maxAbs': float(np.abs(real).max()), 'first': real.flatten()[:8].tolist()})
    return y, stats


def main():
    os.makedirs(OUT_MODELS, exist_ok=True)
    os.makedirs(OUT_GOLDEN, exist_ok=True)
    x = np.load(os.path.join(ROOT, 'test', 'golden', 'model', 'astronaut.input.npy'))
    manifest = {
        'source': 'demo/models/selfie/selfie.json → tfjs-graph-converter SavedModel → tf.lite.TFLiteConverter',
        'input': 'test/golden/model/astronaut.input.npy',
        'savedModelOutput': 'test/golden/model/astronaut.output.npy',
        'versions': {'tensorflow': tf.__version__, 'ai-edge-litert': ai_edge_litert.__version__, 'numpy': np.__version__},
        'models': {},
    }
    with tempfile.TemporaryDirectory(prefix='tp-selfie-') as tmp:
        saved = os.path.join(tmp, 'saved_model')
        graph_api.graph_model_to_saved_model(MODEL_JSON, saved, tags=['serve'])
        for name, int8 in (('selfie_float32', False), ('selfie_int8', True)):
            path = os.path.join(OUT_MODELS, name + '.tflite')
            with open(path, 'wb') as f:
                f.write(convert(saved, int8))
            y, stats = interpret(path, x)
            np.save(os.path.join(OUT_GOLDEN, name + '.output.npy'), y)
            ref = np.load(os.path.join(ROOT, 'test', 'golden', 'model', 'astronaut.output.npy'))
            manifest['models'][name] = {'file': f'demo/models/selfie-tflite/{name}.tflite', 'output': f'{name}.output.npy',
                                        'maxAbsVsSavedModel': float(np.abs(y - ref).max()), 'tensors': stats}
            print(name, os.path.getsize(path), 'bytes; max |tflite - savedmodel| =', manifest['models'][name]['maxAbsVsSavedModel'])
    with open(os.path.join(OUT_GOLDEN, 'manifest.json'), 'w') as f:
        json.dump(manifest, f, indent=1)


if __name__ == '__main__':
    main()
