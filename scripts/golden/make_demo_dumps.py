"""Demo tensor dumps for the diff panel and the tensor viewer (demo/dumps/), written by the demo's own programs.

astronaut.reference.npy  demo/src/reference.py's preprocess() (imported and run here, TensorFlow 2.19): decode PNG,
                         tf.image.resize to 256x256 (bilinear, no antialias), /255, float32 NHWC [1, 256, 256, 3], RGB.
astronaut.cpp-bgr.npy    demo/src/preprocess.cpp's FillInput(), the same OpenCV calls from Python: cv::imread (BGR!),
                         cv::resize to kInputWidth x kInputHeight (256) INTER_LINEAR, convertTo(CV_32FC3, 1.0 / 255),
                         total() * channels() values -- channels in BGR order, so it fails against the reference.

Re-run: .venv/bin/python scripts/golden/make_demo_dumps.py   (from the repository root)
"""
import importlib.util
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
    spec = importlib.util.spec_from_file_location("demo_reference", os.path.join(ROOT, "demo", "src", "reference.py"))
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    assert mod.SIZE == SIZE
    return mod.preprocess(IMAGE)


def cpp_bgr() -> np.ndarray:
    # demo/src/preprocess.cpp, main(): cv::Mat frame = cv::imread(argv[i]);  (BGR)
    frame = cv2.imread(IMAGE)
    # FillInput(): cv::resize(frame, resized, cv::Size(kInputWidth, kInputHeight), 0, 0, cv::INTER_LINEAR);
    resized = cv2.resize(frame, (SIZE, SIZE), interpolation=cv2.INTER_LINEAR)
    # resized.convertTo(as_float, CV_32FC3, 1.0 / 255);  (OpenCV computes in double, then rounds to float)
    as_float = (resized.astype(np.float64) * (1.0 / 255)).astype(np.float32)
    # input[i] = pixels[i] for i < total() * channels(): the whole HWC buffer into the [1, H, W, 3] input tensor
    return as_float.reshape(1, SIZE, SIZE, 3)


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
