"""Prepares camera frames for the selfie segmentation model: an OpenCV rewrite of reference.py.

reference.py (TensorFlow) is how the model was trained: 256x256 RGB scaled to [0, 1], as in
../tensorparity.json. This OpenCV version drifted from it; the linter shows where.
"""

import sys

import cv2
import numpy as np
import tensorflow as tf

MODEL_DIR = "models/selfie_saved_model"


def load_image(path):
    img = cv2.imread(path)
    if img is None:
        raise FileNotFoundError(f"cannot read {path}")
    return img


def preprocess(img):
    # Resize to the network input.
    resized = cv2.resize(img, (224, 224))
    x = resized.astype(np.float32) / 255.0
    return np.expand_dims(x, axis=0)


def segment(model, path, threshold=0.5):
    batch = preprocess(load_image(path))
    mask = model(batch)[0, :, :, 0].numpy()
    return (mask > threshold).astype(np.uint8) * 255


def main(argv):
    model = tf.saved_model.load(MODEL_DIR)
    for path in argv[1:]:
        mask = segment(model, path)
        out = path.rsplit(".", 1)[0] + "_mask.png"
        cv2.imwrite(out, mask)
        print(f"{path}: {int((mask > 0).mean() * 100)}% person -> {out}")


if __name__ == "__main__":
    main(sys.argv)
