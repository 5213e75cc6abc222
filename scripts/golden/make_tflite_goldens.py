#!/usr/bin/env python3
"""TFLite test fixtures and their reference outputs from the real TFLite interpreter (ai-edge-litert).

Takes the small SavedModel classifier of make_savedmodel.py (test/golden/savedmodel/classifier, signature "logits"
is subgraph 0 after conversion, so a single-signature model is converted here) and converts it with
tf.lite.TFLiteConverter into:
  classifier_float.tflite   float32 throughout
  classifier_int8.tflite    full-integer int8, int8 input and output (scale/zero point on both)
  classifier_uint8io.tflite full-integer, uint8 input and output
  flex_op.tflite            a model needing a TensorFlow (Flex) op, for the unsupported-op message
  corrupt.tflite            the float model cut in half
and writes test/golden/tflite/expected.json: for each model the input/output quantization, the outputs of the
LiteRT Python interpreter on input.npy, and every intermediate tensor (experimental_preserve_all_tensors), plus the
SavedModel's own output for the same input.

Run from the repository root:  .venv/bin/python scripts/golden/make_tflite_goldens.py
"""
import json
import os

os.environ.setdefault('TF_CPP_MIN_LOG_LEVEL', '2')

import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402
import ai_edge_litert  # noqa: E402
from ai_edge_litert.interpreter import Interpreter  # noqa: E402

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..'))
SAVED = os.path.join(ROOT, 'test', 'golden', 'savedmodel', 'classifier')
OUT = os.path.join(ROOT, 'test', 'golden', 'tflite')


def concrete():
    loaded = tf.saved_model.load(SAVED)
    return loaded, loaded.signatures['serving_default']


def representative():
    rng = np.random.default_rng(3)
    for _ in range(32):
        yield [rng.random((1, 8, 8, 3), dtype=np.float32)]


def convert(fn, owner, io_type=None, flex=False):
    fixed = tf.function(lambda image: fn(image=image)).get_concrete_function(tf.TensorSpec([1, 8, 8, 3], tf.float32, name='image'))
    c = tf.lite.TFLiteConverter.from_concrete_functions([fixed], owner)
    if io_type is not None:
        c.optimizations = [tf.lite.Optimize.DEFAULT]
        c.representative_dataset = representative
        c.target_spec.supported_ops = [tf.lite.OpsSet.TFLITE_BUILTINS_INT8]
        c.inference_input_type = io_type
        c.inference_output_type = io_type
    if flex:
        c.target_spec.supported_ops = [tf.lite.OpsSet.TFLITE_BUILTINS, tf.lite.OpsSet.SELECT_TF_OPS]
    return c.convert()


def quant(detail):
    scale, zp = detail['quantization']
    return {'scale': float(scale), 'zeroPoint': int(zp)} if scale else None


def run_interpreter(path, x):
    it = Interpreter(model_path=path, experimental_preserve_all_tensors=True)
    it.allocate_tensors()
    inp = it.get_input_details()[0]
    q = quant(inp)
    xin = x if q is None else np.clip(np.round(x / q['scale'] + q['zeroPoint']), *( (-128, 127) if inp['dtype'] == np.int8 else (0, 255))).astype(inp['dtype'])
    it.set_tensor(inp['index'], xin)
    it.invoke()
    outs = []
    for d in it.get_output_details():
        raw = it.get_tensor(d['index'])
        qo = quant(d)
        real = raw.astype(np.float32) if qo is None else (raw.astype(np.float32) - qo['zeroPoint']) * qo['scale']
        outs.append({'tensorIndex': int(d['index']), 'dtype': str(raw.dtype), 'shape': list(raw.shape), 'quantization': qo,
                     'raw': raw.flatten().tolist(), 'values': real.flatten().astype(float).tolist()})
    tensors = []
    for d in it.get_tensor_details():
        try:
            v = it.get_tensor(d['index'])
        except ValueError:
            continue
        qd = quant(d)
        real = v.astype(np.float32) if qd is None or v.dtype == np.float32 else (v.astype(np.float32) - qd['zeroPoint']) * qd['scale']
        small = v.size <= 512
        tensors.append({'index': int(d['index']), 'name': d['name'], 'dtype': str(v.dtype), 'shape': list(v.shape),
                        'raw': v.flatten().tolist() if small else None,
                        'values': real.flatten().astype(float).tolist() if small else None})
    return {'input': {'dtype': str(inp['dtype'].__name__), 'quantization': q, 'quantized': np.asarray(xin).flatten().tolist() if q else None},
            'outputs': outs, 'tensors': tensors}


def main():
    os.makedirs(OUT, exist_ok=True)
    owner, fn = concrete()
    x = np.load(os.path.join(ROOT, 'test', 'golden', 'savedmodel', 'input.npy'))
    models = {
        'classifier_float.tflite': convert(fn, owner),
        'classifier_int8.tflite': convert(fn, owner, tf.int8),
        'classifier_uint8io.tflite': convert(fn, owner, tf.uint8),
    }
    for name, data in models.items():
        with open(os.path.join(OUT, name), 'wb') as f:
            f.write(data)
    with open(os.path.join(OUT, 'corrupt.tflite'), 'wb') as f:
        f.write(models['classifier_float.tflite'][: len(models['classifier_float.tflite']) // 2])

    class Flex(tf.Module):
        @tf.function(input_signature=[tf.TensorSpec([1, 4], tf.float32, name='x')])
        def f(self, x):
            return {'y': tf.strings.to_number(tf.strings.as_string(x)) + 1.0}
    fm = Flex()
    c = tf.lite.TFLiteConverter.from_concrete_functions([fm.f.get_concrete_function()], fm)
    c.target_spec.supported_ops = [tf.lite.OpsSet.TFLITE_BUILTINS, tf.lite.OpsSet.SELECT_TF_OPS]
    with open(os.path.join(OUT, 'flex_op.tflite'), 'wb') as f:
        f.write(c.convert())

    np.save(os.path.join(OUT, 'input.npy'), x)
    expected = {
        'versions': {'tensorflow': tf.__version__, 'ai-edge-litert': getattr(ai_edge_litert, '__version__', 'unknown'), 'numpy': np.__version__},
        'input': 'input.npy',
        'savedModelProbs': fn(image=tf.constant(x))['probs'].numpy().flatten().astype(float).tolist(),
        'models': {name: run_interpreter(os.path.join(OUT, name), x) for name in models},
    }
    with open(os.path.join(OUT, 'expected.json'), 'w') as f:
        json.dump(expected, f, indent=1)
    for name, r in expected['models'].items():
        print(name, r['input']['quantization'], r['outputs'][0]['values'])
    print('savedmodel', expected['savedModelProbs'])


if __name__ == '__main__':
    main()
