#!/usr/bin/env python3
"""Real input pipelines that start from a JPEG file, as users write them, each writing the model input it makes.

    python jpeg_pipelines.py PIPELINE IMAGE.jpg OUT.npy [HEIGHT WIDTH]

TensorFlow pipelines use tf.data with tf.io.read_file + tf.io.decode_jpeg / decode_image (TF's decoder, default
dct_method: the fast integer IDCT) and tf.image.resize; the others decode with cv2.imread or PIL (the accurate IDCT).
Every output is float32 [1, H, W, 3] in [0, 1], RGB.
"""
import os
import sys

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
import numpy as np  # noqa: E402


def tf_data(path, size, decode, method="bilinear"):
    import tensorflow as tf

    def load(p):
        raw = tf.io.read_file(p)
        img = decode(raw)
        img = tf.image.resize(img, size, method=method)
        return img / 255.0

    ds = tf.data.Dataset.from_tensor_slices([path]).map(load).batch(1)
    return next(iter(ds)).numpy().astype(np.float32)


def pipeline(name, path, size):
    import tensorflow as tf

    h, w = size
    if name == "tfdata-decode-jpeg":
        return tf_data(path, size, lambda raw: tf.io.decode_jpeg(raw, channels=3))
    if name == "tfdata-decode-jpeg-area":
        return tf_data(path, size, lambda raw: tf.io.decode_jpeg(raw, channels=3), method="area")
    if name == "tfdata-decode-image":
        return tf_data(path, size, lambda raw: tf.io.decode_image(raw, channels=3, expand_animations=False))
    if name == "tfdata-decode-jpeg-accurate":
        return tf_data(path, size, lambda raw: tf.io.decode_jpeg(raw, channels=3, dct_method="INTEGER_ACCURATE"))
    if name == "cv2-imread-tf-resize":
        import cv2

        rgb = cv2.cvtColor(cv2.imread(path, cv2.IMREAD_COLOR), cv2.COLOR_BGR2RGB)
        return (tf.image.resize(rgb, size).numpy() / 255.0).astype(np.float32)[None]
    if name == "pil-open-tf-resize":
        from PIL import Image

        rgb = np.asarray(Image.open(path).convert("RGB"))
        return (tf.image.resize(rgb, size).numpy() / 255.0).astype(np.float32)[None]
    if name == "cv2-imread-cv2-resize":
        import cv2

        rgb = cv2.cvtColor(cv2.imread(path, cv2.IMREAD_COLOR), cv2.COLOR_BGR2RGB)
        return (cv2.resize(rgb, (w, h), interpolation=cv2.INTER_LINEAR).astype(np.float32) / np.float32(255))[None]
    raise SystemExit(f"unknown pipeline {name}")


if __name__ == "__main__":
    name, image, out = sys.argv[1:4]
    hw = (int(sys.argv[4]), int(sys.argv[5])) if len(sys.argv) > 5 else (32, 32)
    np.save(out, pipeline(name, image, hw))
