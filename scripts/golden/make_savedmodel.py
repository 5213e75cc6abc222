#!/usr/bin/env python3
"""A tiny image classifier as a TensorFlow SavedModel, with its output from TF Python, for the SavedModel tests.

The model (fixed seeded weights): conv 3×3×3→4 + ReLU → global average → dense 4→3 → softmax.
Signature "serving_default": input "image" [None, 8, 8, 3] float32 → output "probs" [None, 3]; a second signature
"logits" exists so tests can pick a non-default one. Writes test/golden/savedmodel/classifier/ (the SavedModel),
input.npy (1×8×8×3) and expected_probs.npy / expected_logits.npy computed by TF Python on the saved model.

Run from the repository root:  .venv/bin/python scripts/golden/make_savedmodel.py
"""
import os
import shutil

import numpy as np
import tensorflow as tf

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..'))
OUT = os.path.join(ROOT, 'test', 'golden', 'savedmodel')
MODEL = os.path.join(OUT, 'classifier')


class Classifier(tf.Module):
    def __init__(self):
        rng = np.random.default_rng(7)
        self.k = tf.Variable(rng.normal(0, 0.5, (3, 3, 3, 4)).astype(np.float32), name='conv_kernel')
        self.kb = tf.Variable(rng.normal(0, 0.1, (4,)).astype(np.float32), name='conv_bias')
        self.w = tf.Variable(rng.normal(0, 1.0, (4, 3)).astype(np.float32), name='dense_kernel')
        self.b = tf.Variable(np.array([0.1, -0.2, 0.05], np.float32), name='dense_bias')

    def _logits(self, image):
        h = tf.nn.relu(tf.nn.conv2d(image, self.k, strides=1, padding='SAME') + self.kb)
        return tf.matmul(tf.reduce_mean(h, axis=[1, 2]), self.w) + self.b

    @tf.function(input_signature=[tf.TensorSpec([None, 8, 8, 3], tf.float32, name='image')])
    def probs(self, image):
        return {'probs': tf.nn.softmax(self._logits(image))}

    @tf.function(input_signature=[tf.TensorSpec([None, 8, 8, 3], tf.float32, name='image')])
    def logits(self, image):
        return {'logits': self._logits(image)}


def main():
    shutil.rmtree(OUT, ignore_errors=True)
    os.makedirs(OUT)
    m = Classifier()
    tf.saved_model.save(m, MODEL, signatures={'serving_default': m.probs, 'logits': m.logits})
    x = np.random.default_rng(11).random((1, 8, 8, 3), dtype=np.float32)
    np.save(os.path.join(OUT, 'input.npy'), x)
    loaded = tf.saved_model.load(MODEL)
    probs = loaded.signatures['serving_default'](image=tf.constant(x))['probs'].numpy()
    logits = loaded.signatures['logits'](image=tf.constant(x))['logits'].numpy()
    np.save(os.path.join(OUT, 'expected_probs.npy'), probs)
    np.save(os.path.join(OUT, 'expected_logits.npy'), logits)
    print('probs', probs, 'logits', logits, 'tf', tf.__version__)


if __name__ == '__main__':
    main()
