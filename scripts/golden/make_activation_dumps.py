#!/usr/bin/env python3
"""Activation dumps written by tools/dump_activations.py itself, for the "compare against your own run" tests.

1. dump_saved_model on test/golden/savedmodel/classifier (the SavedModel of make_savedmodel.py) with its input.npy:
   every node of the frozen serving signature, named by graph node → test/golden/activations/classifier.savedmodel.npz
2. dump_keras on a small Keras model (seeded weights, conv → ReLU → pooling → dense, named layers) with the same input,
   checking it saves one array per layer named by the layer → test/golden/activations/keras-small.npz (its layer
   names and shapes are listed in keras-small.json with the Keras version).
Run from the repository root:  .venv/bin/python scripts/golden/make_activation_dumps.py
"""
import json
import os
import sys

os.environ.setdefault('TF_CPP_MIN_LOG_LEVEL', '2')

import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402
import keras  # noqa: E402

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..'))
sys.path.insert(0, os.path.join(ROOT, 'tools'))
import dump_activations  # noqa: E402

SAVED = os.path.join(ROOT, 'test', 'golden', 'savedmodel', 'classifier')
OUT = os.path.join(ROOT, 'test', 'golden', 'activations')


def main() -> None:
    os.makedirs(OUT, exist_ok=True)
    x = np.load(os.path.join(ROOT, 'test', 'golden', 'savedmodel', 'input.npy'))
    saved = dump_activations.dump_saved_model(SAVED, x, os.path.join(OUT, 'classifier.savedmodel.npz'))

    keras.utils.set_random_seed(5)
    model = keras.Sequential([
        keras.Input((8, 8, 3)),
        keras.layers.Conv2D(4, 3, padding='same', name='conv'),
        keras.layers.ReLU(name='relu'),
        keras.layers.GlobalAveragePooling2D(name='pool'),
        keras.layers.Dense(3, name='dense'),
        keras.layers.Softmax(name='probs'),
    ])
    acts = dump_activations.dump_keras(model, x, os.path.join(OUT, 'keras-small.npz'))
    assert list(acts) == ['conv', 'relu', 'pool', 'dense', 'probs'], list(acts)
    expected = model(x).numpy()
    assert np.allclose(acts['probs'], expected, atol=1e-6)
    with open(os.path.join(OUT, 'manifest.json'), 'w') as f:
        json.dump({
            'script': 'scripts/golden/make_activation_dumps.py',
            'versions': {'tensorflow': tf.__version__, 'keras': keras.__version__, 'numpy': np.__version__},
            'classifier.savedmodel.npz': {k: list(v.shape) for k, v in saved.items()},
            'keras-small.npz': {k: list(v.shape) for k, v in acts.items()},
        }, f, indent=1)
        f.write('\n')
    print('saved model nodes:', list(saved), 'keras layers:', list(acts))


if __name__ == '__main__':
    main()
