"""Demo tensor dumps for the diff panel and the tensor viewer (demo/dumps/).

astronaut.reference.npy  what tensorparity.json asks for, made by TensorFlow 2.19: decode PNG, tf.image.resize to
                         256x256 (bilinear, no antialias), /255, float32, NHWC [1, 256, 256, 3], RGB.
astronaut.cpp-bgr.npy    what a typical C++/OpenCV port produces: cv2.imread (BGR!), cv2.resize INTER_LINEAR,
                         /255, float32 [1, 256, 256, 3] -- channels in BGR order, so it fails against the reference.

Re-run: .venv/bin/python scripts/golden/make_demo_dumps.py   (from the repository root)
"""
import os

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
import cv2  # noqa: E402
import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
IMAGE = os.path.join(ROOT, "demo", "images", "astronaut.png")
OUT = os.path.join(ROOT, "demo", "dumps")
SIZE = 256


def reference() -> np.ndarray:
    raw = tf.io.read_file(IMAGE)
    img = tf.io.decode_png(raw, channels=3)
    resized = tf.image.resize(tf.cast(img, tf.float32), (SIZE, SIZE), method="bilinear", antialias=False)
    return (resized.numpy() * np.float32(1 / 255)).astype(np.float32)[None, ...]


def cpp_bgr() -> np.ndarray:
    bgr = cv2.imread(IMAGE, cv2.IMREAD_COLOR)  # BGR, as cv::imread
    resized = cv2.resize(bgr, (SIZE, SIZE), interpolation=cv2.INTER_LINEAR)
    return (resized.astype(np.float32) / np.float32(255))[None, ...]


def main() -> None:
    os.makedirs(OUT, exist_ok=True)
    ref = reference()
    dump = cpp_bgr()
    np.save(os.path.join(OUT, "astronaut.reference.npy"), ref)
    np.save(os.path.join(OUT, "astronaut.cpp-bgr.npy"), dump)
    swapped = dump[..., ::-1]
    print("reference", ref.shape, ref.dtype, "range", float(ref.min()), float(ref.max()))
    print("max |dump - ref|", float(np.abs(dump - ref).max()), " after un-swapping BGR:", float(np.abs(swapped - ref).max()))


if __name__ == "__main__":
    main()
