#!/usr/bin/env python3
"""Make the discrepancy-detective corpus: one dump per known bug, mixed bugs, and clean cases.

The reference is what the Python/TensorFlow pipeline does (PIL/OpenCV decode to RGB, tf.image.resize bilinear,
/255, NHWC float32). Each dump is what a buggy C++/Java/OpenCV pipeline would hand the model. Output goes to
test/golden/diagnose/ with manifest.json listing the expected causes. Re-runnable; deterministic.

    .venv/bin/python scripts/golden/make_diagnose_corpus.py   (after bash scripts/setup-python.sh)
"""
import hashlib
import json
import os
import shutil

import numpy as np
import cv2
from PIL import Image, ImageOps

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
import tensorflow as tf  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUT = os.path.join(ROOT, "test", "golden", "diagnose")
DEMO = os.path.join(ROOT, "demo", "images")
W, H = 64, 48  # model input width × height (non-square so width/height mix-ups are visible)
IMAGENET_MEAN = np.array([0.485, 0.456, 0.406], np.float32)
IMAGENET_STD = np.array([0.229, 0.224, 0.225], np.float32)

cases = []


def rel(p):
    return os.path.relpath(p, OUT).replace(os.sep, "/")


def save(name, arr):
    np.save(os.path.join(OUT, name), arr)
    return name


def tf_resize(rgb_u8, h=H, w=W, method="bilinear", antialias=False):
    """tf.image.resize on an HWC uint8 image → float32 HWC (what the reference does)."""
    return tf.image.resize(rgb_u8[None], (h, w), method=method, antialias=antialias).numpy()[0].astype(np.float32)


def nhwc(x):
    return np.ascontiguousarray(x[None].astype(np.float32))


def add(case_id, kind, expected, dump, ref="ref.npy", image="astronaut", spec="spec.json", note="", **extra):
    entry = {"id": case_id, "kind": kind, "expected": expected, "dump": dump, "ref": ref, "note": note}
    if image:
        entry["image"] = IMAGES[image]
    if spec:
        entry["spec"] = spec
    entry.update(extra)
    cases.append(entry)


def write_spec(name, **overrides):
    spec = {
        "model": {"path": "../../../demo/models/selfie/selfie.json", "format": "tfjs-graph"},
        "input": {
            "width": W, "height": H, "colorOrder": "RGB",
            "resize": {"library": "tf", "method": "bilinear", "fit": "stretch", "antialias": False},
            "scale": 1 / 255, "mean": [0, 0, 0], "std": [1, 1, 1], "dtype": "float32", "layout": "NHWC", "applyExif": True,
        },
        "tolerance": {"atol": 1e-4, "rtol": 1e-3, "mode": "allclose"},
    }
    for k, v in overrides.items():
        spec["input"][k] = v
    with open(os.path.join(OUT, name), "w") as fh:
        json.dump(spec, fh, indent=2)
        fh.write("\n")
    return name


def main():
    if os.path.isdir(OUT):
        shutil.rmtree(OUT)
    os.makedirs(OUT)
    # A 192×192 copy of the demo photo keeps the corpus (and the tests re-running resize kernels) small and fast.
    astro_path = os.path.join(OUT, "astronaut-192.png")
    Image.open(os.path.join(DEMO, "astronaut.png")).convert("RGB").resize((192, 192), Image.Resampling.BOX).save(astro_path)
    exif_path = os.path.join(DEMO, "astronaut-exif-rotated.jpg")
    global IMAGES
    IMAGES = {"astronaut": rel(astro_path), "exif": rel(exif_path)}

    # A transparent variant of the photo (alpha = a soft disc), small.
    rgb_full = np.array(Image.open(astro_path).convert("RGB"))
    small = np.array(Image.fromarray(rgb_full).resize((128, 128), Image.Resampling.BOX))
    yy, xx = np.mgrid[0:128, 0:128]
    alpha = np.clip(255 * (1.2 - np.hypot(yy - 64, xx - 64) / 64), 0, 255).astype(np.uint8)
    Image.fromarray(np.dstack([small, alpha]), "RGBA").save(os.path.join(OUT, "astronaut-alpha.png"))
    IMAGES["alpha"] = "astronaut-alpha.png"

    write_spec("spec.json")
    write_spec("spec-nchw.json", layout="NCHW")
    write_spec("spec-alpha.json", alpha={"mode": "composite", "background": [255, 255, 255]})

    # ---- the reference: PIL RGB → tf.image.resize bilinear → /255, NHWC float32 ----
    rgb = np.array(Image.open(astro_path).convert("RGB"))
    resized = tf_resize(rgb)
    ref = nhwc(resized / np.float32(255))
    save("ref.npy", ref)

    # What C++ with cv::imread sees: BGR.
    bgr = cv2.imread(astro_path, cv2.IMREAD_COLOR)
    assert np.array_equal(bgr[..., ::-1], rgb)
    bgr_resized = tf_resize(np.ascontiguousarray(bgr))

    # ---------------- single causes ----------------
    add("bgr", "single", ["channel-swap"], save("bgr.npy", nhwc(bgr_resized / np.float32(255))),
        note="cv::imread gives BGR; no cvtColor")
    add("nchw", "single", ["layout-nchw-nhwc"], save("nchw.npy", np.ascontiguousarray(ref.transpose(0, 3, 1, 2))),
        note="planar NCHW buffer (cv::dnn::blobFromImage) for an NHWC model")
    planar_bytes = np.ascontiguousarray(ref.transpose(0, 3, 1, 2)).reshape(ref.shape)
    add("nchw-same-shape", "single", ["layout-nchw-nhwc"], save("nchw-same-shape.npy", planar_bytes),
        note="planar data written into a tensor declared (1, H, W, 3)")
    add("hw-transpose", "single", ["hw-transpose"],
        save("hw-transpose.npy", np.ascontiguousarray(ref.transpose(0, 2, 1, 3)).reshape(ref.shape)),
        note="image written column by column (x outer loop)")
    add("scale-missing", "single", ["scale-255"], save("scale-missing.npy", nhwc(resized)),
        note="forgot /255", stage={"matched": "resized", "firstDivergent": "normalized"})
    add("scale-range", "single", ["scale-range"], save("scale-range.npy", nhwc(resized / np.float32(127.5) - 1)),
        note="MobileNet preprocess_input (x/127.5 - 1) instead of x/255")
    add("imagenet", "single", ["affine-mean-std"],
        save("imagenet.npy", nhwc((resized / np.float32(255) - IMAGENET_MEAN) / IMAGENET_STD)),
        note="ImageNet mean/std applied; the model expects plain /255")
    add("float64", "single", ["float64"], save("float64.npy", (resized.astype(np.float64)[None] / 255.0)),
        note="computed and dumped as double")
    add("float16", "single", ["float16"], save("float16.npy", ref.astype(np.float16)),
        note="FP16 input buffer")
    add("uint8-trunc", "single", ["uint8-truncation"],
        save("uint8-trunc.npy", nhwc(np.floor(resized).astype(np.uint8) / np.float32(255))),
        note="(uint8_t) cast after a float resize")
    swapped = np.frombuffer(ref.astype(">f4").tobytes(), dtype="<f4").reshape(ref.shape)
    add("byte-order", "single", ["byte-order"], save("byte-order.npy", swapped),
        note="Java ByteBuffer (big-endian) read as little-endian")
    ref.astype(">f4").tofile(os.path.join(OUT, "byte-order-java.bin"))
    with open(os.path.join(OUT, "byte-order-java.bin.json"), "w") as fh:
        json.dump({"dtype": "float32", "shape": list(ref.shape), "byteOrder": "little"}, fh)
    partial = np.zeros_like(ref)
    partial.reshape(-1)[: H * W] = ref.reshape(-1)[: H * W]
    add("partial-fill", "single", ["partial-fill"], save("partial-fill.npy", partial),
        note="for (i = 0; i < img.total(); ++i) — pixels, not values")
    rng = np.random.default_rng(7)
    garbage = rng.normal(0, 1e3, ref.shape).astype(np.float32)
    garbage.reshape(-1)[: H * W] = ref.reshape(-1)[: H * W]
    add("partial-fill-garbage", "single", ["partial-fill"], save("partial-fill-garbage.npy", garbage),
        note="same loop; the rest of the tensor is uninitialised memory")
    area = cv2.resize(rgb, (W, H), interpolation=cv2.INTER_AREA).astype(np.float32)
    add("cv2-area", "single", ["resize-kernel"], save("cv2-area.npy", nhwc(area / np.float32(255))),
        note="cv::resize INTER_AREA instead of tf.image.resize bilinear")
    add("wh-swap", "single", ["wh-swap"],
        save("wh-swap.npy", nhwc(tf_resize(rgb, h=W, w=H) / np.float32(255)).reshape(ref.shape)),
        note="cv::Size(height, width)")

    # EXIF: the photo stored rotated with orientation 8.
    exif_img = Image.open(exif_path)
    upright = np.array(ImageOps.exif_transpose(exif_img).convert("RGB"))
    stored = np.array(exif_img.convert("RGB"))
    ref_exif = nhwc(tf_resize(upright) / np.float32(255))
    save("ref-exif.npy", ref_exif)
    add("exif", "single", ["exif"], save("exif.npy", nhwc(tf_resize(stored) / np.float32(255))), ref="ref-exif.npy",
        image="exif", note="Android BitmapFactory ignores EXIF orientation")

    # Alpha: the reference composites on white, the dump drops alpha.
    rgba = Image.open(os.path.join(OUT, "astronaut-alpha.png"))
    white = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
    composited = np.array(Image.alpha_composite(white, rgba).convert("RGB"))
    dropped = np.array(rgba.convert("RGB"))
    ref_alpha = nhwc(tf_resize(composited) / np.float32(255))
    save("ref-alpha.npy", ref_alpha)
    add("alpha", "single", ["alpha"], save("alpha.npy", nhwc(tf_resize(dropped) / np.float32(255))), ref="ref-alpha.npy",
        image="alpha", spec="spec-alpha.json", note="alpha dropped instead of composited on white")

    # Batch order: three crops, dumped in a different order.
    crops = [rgb[0:144, 0:192], rgb[48:192, 0:192], rgb[24:168, 0:192]]
    batch = np.stack([tf_resize(c) / np.float32(255) for c in crops]).astype(np.float32)
    save("ref-batch.npy", batch)
    add("batch-order", "single", ["batch-order"], save("batch-order.npy", np.ascontiguousarray(batch[[2, 0, 1]])),
        ref="ref-batch.npy", image=None, spec=None, note="files listed in a different order")

    # Same input, different model: a tiny seeded conv net and a copy with one layer's weights perturbed.
    tf.keras.utils.set_random_seed(3)
    inp = tf.keras.Input((H, W, 3))
    x = tf.keras.layers.Conv2D(8, 3, padding="same", activation="relu")(inp)
    out = tf.keras.layers.Conv2D(2, 1, padding="same")(x)
    model = tf.keras.Model(inp, out)
    other = tf.keras.models.clone_model(model)
    other.set_weights([w + (0.05 * np.sign(w) if i == 0 else 0) for i, w in enumerate(model.get_weights())])
    y_ref = model(ref).numpy().astype(np.float32)
    y_dump = other(ref).numpy().astype(np.float32)

    def fingerprint(m):
        h = hashlib.sha256()
        for w in m.get_weights():
            h.update(np.ascontiguousarray(w).tobytes())
        return h.hexdigest()

    save("ref-output.npy", y_ref)
    add("model-differs", "single", ["model-differs"], save("model-differs.npy", y_dump), ref="ref-output.npy",
        image=None, spec=None, inputs={"dump": "ref.npy", "ref": "ref.npy"},
        fingerprints={"dump": fingerprint(other), "ref": fingerprint(model)},
        note="same input tensor, weights differ (a stale checkpoint)")

    # ---------------- mixed causes ----------------
    add("bgr+nchw", "mixed", ["channel-swap", "layout-nchw-nhwc"],
        save("bgr-nchw.npy", np.ascontiguousarray(nhwc(bgr_resized / np.float32(255)).transpose(0, 3, 1, 2))),
        note="cv::imread + planar fill")
    add("scale+bgr", "mixed", ["scale-255", "channel-swap"], save("scale-bgr.npy", nhwc(bgr_resized)),
        note="cv::imread, no cvtColor, no /255")
    add("nchw+scale", "mixed", ["layout-nchw-nhwc", "scale-255"],
        save("nchw-scale.npy", np.ascontiguousarray(nhwc(resized).transpose(0, 3, 1, 2))), note="planar, no /255")
    big_planar = np.frombuffer(np.ascontiguousarray(ref.transpose(0, 3, 1, 2)).astype(">f4").tobytes(), dtype="<f4")
    add("byte-order+nchw", "mixed", ["byte-order", "layout-nchw-nhwc"],
        save("byte-order-nchw.npy", big_planar.reshape(1, 3, H, W)), note="Java planar FloatBuffer, big-endian")
    bgr_area = cv2.resize(bgr, (W, H), interpolation=cv2.INTER_AREA).astype(np.float32)
    add("bgr+cv2-area", "mixed", ["channel-swap", "resize-kernel"], save("bgr-cv2-area.npy", nhwc(bgr_area / np.float32(255))),
        note="the classic C++ port: cv::imread + cv::resize(INTER_AREA)")
    caffe = nhwc((bgr_resized / np.float32(255) - IMAGENET_MEAN) / IMAGENET_STD)
    add("imagenet+bgr", "mixed", ["affine-mean-std", "channel-swap"], save("imagenet-bgr.npy", caffe),
        note="ImageNet normalization on a BGR image")

    # ---------------- clean cases ----------------
    add("identical", "clean", [], save("identical.npy", ref.copy()))
    add("reciprocal", "clean", [], save("reciprocal.npy", nhwc(resized * np.float32(1 / 255))),
        note="x * (1/255) instead of x / 255: float32 rounding noise")
    jitter = (ref + rng.uniform(-2e-5, 2e-5, ref.shape)).astype(np.float32)
    add("jitter", "clean", [], save("jitter.npy", jitter), note="another runtime's float accumulation, well within tolerance")
    add("nhwc-for-nchw", "single", ["layout-nchw-nhwc"], save("nhwc-for-nchw.npy", ref.copy().reshape(1, 3, H, W)),
        ref="ref-nchw.npy", spec="spec-nchw.json", note="interleaved buffer for an NCHW model",
        stage={"matched": "normalized", "firstDivergent": "layout"})
    save("ref-nchw.npy", np.ascontiguousarray(ref.transpose(0, 3, 1, 2)))

    # ---------------- diff statistics checked against numpy ----------------
    a = bgr_resized / np.float32(255)
    d = np.abs(a[None].astype(np.float64) - ref.astype(np.float64))
    r = d / np.where(ref == 0, 2.220446049250313e-16, np.abs(ref.astype(np.float64)))
    diff_stats = {
        "a": "bgr.npy", "b": "ref.npy", "atol": 1e-4, "rtol": 1e-3,
        "abs": {"mean": d.mean(), "std": d.std(), "median": float(np.median(d)), "p99": float(np.percentile(d, 99)), "max": d.max()},
        "rel": {"mean": r.mean(), "median": float(np.median(r)), "p99": float(np.percentile(r, 99))},
        "failAllclose": int((~np.isclose(a[None].astype(np.float64), ref.astype(np.float64), atol=1e-4, rtol=1e-3)).sum()),
        "failBoth": int(((d > 1e-4) & (r > 1e-3)).sum()),
        "cosine": float((a.astype(np.float64) * ref[0]).sum() / np.sqrt((a.astype(np.float64) ** 2).sum() * (ref.astype(np.float64) ** 2).sum())),
    }

    with open(os.path.join(OUT, "manifest.json"), "w") as fh:
        json.dump({"width": W, "height": H, "generator": "scripts/golden/make_diagnose_corpus.py",
                   "versions": {"numpy": np.__version__, "opencv": cv2.__version__, "tensorflow": tf.__version__,
                                "pillow": Image.__version__},
                   "cases": cases, "diffStats": diff_stats}, fh, indent=1, default=float)
        fh.write("\n")
    total = sum(os.path.getsize(os.path.join(OUT, f)) for f in os.listdir(OUT))
    print(f"{len(cases)} cases, {total / 1e6:.2f} MB in {OUT}")


if __name__ == "__main__":
    main()
