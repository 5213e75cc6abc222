"""The reference preprocessing for the selfie segmentation model, as the model was trained (TensorFlow).

This is the program that wrote ../dumps/astronaut.reference.npy (scripts/golden/make_demo_dumps.py calls
preprocess() below), and what ../tensorparity.json describes: decode, RGB, tf.image.resize to 256x256 bilinear
without antialiasing, / 255, float32 NHWC.

    python reference.py ../images/astronaut.png ../dumps/astronaut.reference.npy
"""

import sys

import numpy as np
import tensorflow as tf

SIZE = 256


def preprocess(path):
    img = tf.io.decode_png(tf.io.read_file(path), channels=3)
    resized = tf.image.resize(tf.cast(img, tf.float32), (SIZE, SIZE), method="bilinear", antialias=False)
    return (resized.numpy() * np.float32(1 / 255)).astype(np.float32)[None, ...]


if __name__ == "__main__":
    np.save(sys.argv[2], preprocess(sys.argv[1]))
