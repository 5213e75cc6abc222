#!/usr/bin/env python3
"""TF-Python reference outputs for the demo model (MediaPipe selfie segmentation).

Converts demo/models/selfie (a TFJS graph model) back into a TensorFlow SavedModel with
tfjs-graph-converter (same weights; the SavedModel is written to a temporary directory, never into git),
preprocesses each demo image in Python exactly as demo/tensorparity.json describes
(PIL decode, EXIF orientation, tf.image.resize bilinear to 256x256 without antialias, then /255),
runs the SavedModel in TensorFlow and writes, under test/golden/model/:
  <image-stem>.input.npy   float32 [1,256,256,3]  the preprocessed input tensor
  <image-stem>.output.npy  float32 [1,256,256,1]  the model output (sigmoid already applied)
  manifest.json            versions, shapes, output statistics, person-pixel fraction at threshold 0.5
Re-runnable: `python scripts/golden/make_model_goldens.py` from the repository root.
"""
import json
import os
import sys
import tempfile
import types

# tensorflowjs imports tensorflow_decision_forests only to load TF-DF SavedModels; its protobuf gencode can
# disagree with the installed protobuf runtime, which breaks the import. This script never touches TF-DF.
sys.modules.setdefault('tensorflow_decision_forests', types.ModuleType('tensorflow_decision_forests'))

os.environ.setdefault('TF_CPP_MIN_LOG_LEVEL', '2')

import numpy as np  # noqa: E402
import PIL  # noqa: E402
from PIL import Image, ImageOps  # noqa: E402
import tensorflow as tf  # noqa: E402
import tfjs_graph_converter  # noqa: E402
import tfjs_graph_converter.api as graph_api  # noqa: E402

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..'))
MODEL_JSON = os.path.join(ROOT, 'demo', 'models', 'selfie', 'selfie.json')
IMAGES = ['astronaut.png', 'astronaut-exif-rotated.jpg', 'astronaut-wide.jpg', 'hopper.jpg']
OUT = os.path.join(ROOT, 'test', 'golden', 'model')
SIZE = 256
THRESHOLD = 0.5


def preprocess(path: str) -> np.ndarray:
    """Decode, apply EXIF orientation, convert to RGB, resize bilinear (TF, no antialias) and scale to [0,1]."""
    with Image.open(path) as im:
        im = ImageOps.exif_transpose(im)
        rgb = np.asarray(im.convert('RGB'), dtype=np.uint8)
    resized = tf.image.resize(rgb, [SIZE, SIZE], method='bilinear', antialias=False)
    x = (resized / 255.0).numpy().astype(np.float32)
    return x[np.newaxis, ...]


def main() -> None:
    os.makedirs(OUT, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix='tp-selfie-') as tmp:
        # tfjs-graph-converter wants the weight files next to the model.json it is given.
        saved_model_dir = os.path.join(tmp, 'saved_model')
        graph_api.graph_model_to_saved_model(MODEL_JSON, saved_model_dir, tags=['serve'])
        model = tf.saved_model.load(saved_model_dir)
        fn = model.signatures['serving_default']
        entries = []
        for name in IMAGES:
            stem = os.path.splitext(name)[0]
            x = preprocess(os.path.join(ROOT, 'demo', 'images', name))
            y = fn(input_1=tf.constant(x))['activation_10'].numpy().astype(np.float32)
            np.save(os.path.join(OUT, f'{stem}.input.npy'), x)
            np.save(os.path.join(OUT, f'{stem}.output.npy'), y)
            entries.append({
                'image': f'demo/images/{name}',
                'input': f'{stem}.input.npy',
                'output': f'{stem}.output.npy',
                'inputShape': list(x.shape),
                'outputShape': list(y.shape),
                'outputMin': float(y.min()),
                'outputMax': float(y.max()),
                'outputMean': float(y.mean()),
                'personFraction': float((y > THRESHOLD).mean()),
            })
            print(f'{name}: person fraction {entries[-1]["personFraction"]:.4f}')
    manifest = {
        'model': 'demo/models/selfie/selfie.json',
        'inputName': 'input_1',
        'outputName': 'activation_10',
        'threshold': THRESHOLD,
        'personFractionRule': 'fraction of output values > threshold',
        'preprocess': 'PIL decode + ImageOps.exif_transpose + convert RGB; '
                      'tf.image.resize(bilinear, antialias=False) to 256x256; / 255.0; float32 NHWC with batch 1',
        'versions': {
            'tensorflow': tf.__version__,
            'numpy': np.__version__,
            'pillow': PIL.__version__,
            'tfjs-graph-converter': getattr(tfjs_graph_converter, '__version__', 'unknown'),
        },
        'entries': entries,
    }
    with open(os.path.join(OUT, 'manifest.json'), 'w', encoding='utf-8') as f:
        json.dump(manifest, f, indent=2)
        f.write('\n')


if __name__ == '__main__':
    main()
