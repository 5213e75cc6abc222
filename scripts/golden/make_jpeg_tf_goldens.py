#!/usr/bin/env python3
"""TensorFlow's own JPEG decodes, for the TypeScript decoder that reproduces tf.io.decode_jpeg bit for bit.

Writes test/golden/jpeg-tf/:
  jpeg/           small JPEGs written by OpenCV and Pillow (libjpeg-turbo): 4:4:4, 4:2:0, 4:2:2, 4:4:0, 4:1:1,
                  grey, odd sizes (17×13, 1×1, 3×5), restart intervals, progressive (Pillow and OpenCV), optimized
                  Huffman tables, quality 100 on noise (large coefficients), a 2-pixel-wide chroma plane
  ref/<case>.npy  tf.io.decode_jpeg output (uint8 HWC) for images up to 64×64
  manifest.json   per case and setting: the exact TF call, shape, sha256 of the whole decode (the test hashes
                  its own output), and the .npy for small images

Settings per file: fast = tf.io.decode_jpeg(bytes) (dct_method='', TF's default: libjpeg-turbo JDCT_IFAST),
accurate = dct_method='INTEGER_ACCURATE' (JDCT_ISLOW), plus channels=1 and channels=3 variants and
tf.io.decode_image (to show it takes the same default). Also the demo photos and every JPEG under test/golden
that TF decodes.

Run:  .venv/bin/python scripts/golden/make_jpeg_tf_goldens.py
"""
import hashlib
import json
import os
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
import cv2  # noqa: E402
import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402
from PIL import Image  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "test" / "golden" / "jpeg-tf"
DEMO = ROOT / "demo" / "images"
RNG = np.random.default_rng(20261207)


def rel(path):
    return path.relative_to(ROOT).as_posix()


def picture(width, height, x0=150, y0=30):
    rgb = np.asarray(Image.open(DEMO / "astronaut.png").convert("RGB"))
    return np.ascontiguousarray(rgb[y0:y0 + height, x0:x0 + width])


def make_jpegs():
    jd = OUT / "jpeg"
    jd.mkdir(parents=True, exist_ok=True)
    made = []

    def cv(name, rgb, note, **params):
        flat = []
        for k, v in params.items():
            flat += [getattr(cv2, k), v]
        path = jd / name
        ok = cv2.imwrite(str(path), np.ascontiguousarray(rgb[..., ::-1]) if rgb.ndim == 3 else rgb, flat)
        assert ok, name
        made.append((path, note))

    def pil(name, img, note, **kw):
        path = jd / name
        img.save(path, "JPEG", **kw)
        made.append((path, note))

    pic = picture(48, 40)
    s420 = {"IMWRITE_JPEG_SAMPLING_FACTOR": cv2.IMWRITE_JPEG_SAMPLING_FACTOR_420}
    cv("cv-444-q90.jpg", pic, "OpenCV, 4:4:4, quality 90",
       IMWRITE_JPEG_QUALITY=90, IMWRITE_JPEG_SAMPLING_FACTOR=cv2.IMWRITE_JPEG_SAMPLING_FACTOR_444)
    cv("cv-420-q75.jpg", pic, "OpenCV, 4:2:0, quality 75", IMWRITE_JPEG_QUALITY=75, **s420)
    cv("cv-422-q85.jpg", pic, "OpenCV, 4:2:2, quality 85",
       IMWRITE_JPEG_QUALITY=85, IMWRITE_JPEG_SAMPLING_FACTOR=cv2.IMWRITE_JPEG_SAMPLING_FACTOR_422)
    cv("cv-440-q85.jpg", pic, "OpenCV, 4:4:0 (h1v2 chroma), quality 85",
       IMWRITE_JPEG_QUALITY=85, IMWRITE_JPEG_SAMPLING_FACTOR=cv2.IMWRITE_JPEG_SAMPLING_FACTOR_440)
    cv("cv-411-q85.jpg", pic, "OpenCV, 4:1:1 (chroma replicated ×4), quality 85",
       IMWRITE_JPEG_QUALITY=85, IMWRITE_JPEG_SAMPLING_FACTOR=cv2.IMWRITE_JPEG_SAMPLING_FACTOR_411)
    cv("cv-420-17x13.jpg", picture(17, 13), "OpenCV, 4:2:0, odd size 17×13 (partial MCUs)", IMWRITE_JPEG_QUALITY=80, **s420)
    cv("cv-420-3x5.jpg", picture(3, 5), "OpenCV, 4:2:0, 3×5: a 2-sample chroma row (libjpeg replicates instead of fancy)",
       IMWRITE_JPEG_QUALITY=80, **s420)
    cv("cv-420-1x1.jpg", picture(1, 1), "OpenCV, 4:2:0, 1×1", IMWRITE_JPEG_QUALITY=80, **s420)
    cv("cv-420-rst.jpg", picture(61, 37), "OpenCV, 4:2:0, 61×37, restart interval 2 MCUs",
       IMWRITE_JPEG_QUALITY=80, IMWRITE_JPEG_RST_INTERVAL=2, **s420)
    cv("cv-420-progressive.jpg", picture(61, 37), "OpenCV, 4:2:0, progressive, 61×37",
       IMWRITE_JPEG_QUALITY=80, IMWRITE_JPEG_PROGRESSIVE=1, **s420)
    cv("cv-grey-q80.jpg", cv2.cvtColor(picture(33, 21), cv2.COLOR_RGB2GRAY), "OpenCV, grey (1 component), 33×21",
       IMWRITE_JPEG_QUALITY=80)
    cv("cv-grey-progressive-rst.jpg", cv2.cvtColor(picture(33, 21), cv2.COLOR_RGB2GRAY),
       "OpenCV, grey, progressive with restart interval 1", IMWRITE_JPEG_QUALITY=80, IMWRITE_JPEG_PROGRESSIVE=1,
       IMWRITE_JPEG_RST_INTERVAL=1)
    noise = RNG.integers(0, 256, size=(24, 32, 3), dtype=np.uint8)
    cv("cv-noise-q100-444.jpg", noise, "OpenCV, noise at quality 100, 4:4:4: large coefficients (range limit)",
       IMWRITE_JPEG_QUALITY=100, IMWRITE_JPEG_SAMPLING_FACTOR=cv2.IMWRITE_JPEG_SAMPLING_FACTOR_444)
    cv("cv-noise-q100-420-progressive.jpg", noise, "OpenCV, noise at quality 100, 4:2:0, progressive",
       IMWRITE_JPEG_QUALITY=100, IMWRITE_JPEG_PROGRESSIVE=1, **s420)
    cv("cv-420-optimized.jpg", picture(50, 30, 60, 200), "OpenCV, 4:2:0, optimized Huffman tables",
       IMWRITE_JPEG_QUALITY=70, IMWRITE_JPEG_OPTIMIZE=1, **s420)
    img = Image.fromarray(picture(45, 27, 250, 120))
    pil("pil-420-progressive.jpg", img, "Pillow, 4:2:0, progressive", quality=85, subsampling=2, progressive=True)
    pil("pil-422-q95.jpg", img, "Pillow, 4:2:2, quality 95", quality=95, subsampling=1)
    pil("pil-444-q60.jpg", img, "Pillow, 4:4:4, quality 60", quality=60, subsampling=0)
    return made


def sha(arr):
    return hashlib.sha256(np.ascontiguousarray(arr).tobytes()).hexdigest()


SETTINGS = [
    ("fast", "tf.io.decode_jpeg(bytes)  # dct_method='' (INTEGER_FAST)", lambda d: tf.io.decode_jpeg(d)),
    ("accurate", "tf.io.decode_jpeg(bytes, dct_method='INTEGER_ACCURATE')",
     lambda d: tf.io.decode_jpeg(d, dct_method="INTEGER_ACCURATE")),
    ("fast-rgb", "tf.io.decode_jpeg(bytes, channels=3)", lambda d: tf.io.decode_jpeg(d, channels=3)),
    ("fast-grey", "tf.io.decode_jpeg(bytes, channels=1)", lambda d: tf.io.decode_jpeg(d, channels=1)),
    ("decode-image", "tf.io.decode_image(bytes)", lambda d: tf.io.decode_image(d)),
]


def case_for(path, note, small_dir):
    data = path.read_bytes()
    case = {"name": path.name, "file": rel(path), "note": note, "progressive": b"\xff\xc2" in data, "refs": {}}
    fast = None
    for key, call, fn in SETTINGS:
        try:
            img = fn(data).numpy()
        except Exception as e:  # noqa: BLE001 - recorded
            case["refs"][key] = {"call": call, "error": str(e).splitlines()[0]}
            continue
        if key == "fast":
            fast = img
        ref = {"call": call, "shape": list(img.shape), "sha256": sha(img)}
        if img.shape[0] * img.shape[1] <= 64 * 64:
            npy = small_dir / f"{path.name}.{key}.npy"
            np.save(npy, np.ascontiguousarray(img), allow_pickle=False)
            ref["npy"] = rel(npy)
        case["refs"][key] = ref
    if fast is not None:
        acc = case["refs"].get("accurate", {})
        if "sha256" in acc:
            a = fast.astype(np.int32) - (tf.io.decode_jpeg(data, dct_method="INTEGER_ACCURATE").numpy().astype(np.int32))
            case["fastVsAccurate"] = {"maxAbs": int(np.abs(a).max()), "meanAbs": round(float(np.abs(a).mean()), 4)}
    return case


def main():
    made = make_jpegs()
    small = OUT / "ref"
    small.mkdir(parents=True, exist_ok=True)
    files = list(made)
    files += [(p, "demo photo") for p in sorted(DEMO.glob("*.jpg"))]
    others = [p for p in sorted((ROOT / "test" / "golden").rglob("*.jpg")) if OUT not in p.parents]
    files += [(p, "a JPEG already under test/golden") for p in others]
    cases = [case_for(p, note, small) for p, note in files]
    manifest = {
        "tensorflow": tf.__version__,
        "libjpeg": "libjpeg-turbo inside TensorFlow (2.1.4 in TF 2.19 wheels)",
        "script": rel(Path(__file__)),
        "cases": cases,
    }
    (OUT / "manifest.json").write_text(json.dumps(manifest, indent=1) + "\n")
    print(f"{len(cases)} cases")


if __name__ == "__main__":
    main()
