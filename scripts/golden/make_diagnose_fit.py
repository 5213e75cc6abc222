#!/usr/bin/env python3
"""Dumps whose pipeline fits the image differently from the spec (test/unit/diagnose-fit.test.ts).

The classic deployment bug: training centre-cropped (Teachable Machine's PIL ImageOps.fit, keras smart_resize,
load_img(keep_aspect_ratio=True)) or letterboxed (tf.image.resize_with_pad, YOLO), the app stretches, or the other
way round. Every tensor is made by the real library: PIL ImageOps.fit / Image.resize (Pillow 13), keras
smart_resize (Keras 3), tf.image.resize / resize_with_pad / pad_to_bounding_box (TF 2.19), cv2.resize, cv2.imread.
Each case has the reference made the way the spec says (also in Python), the image and the spec; the manifest lists
the expected causes. Writes test/golden/diagnose-fit/ (about 300 KB). Re-runnable; deterministic.

    .venv/bin/python scripts/golden/make_diagnose_fit.py
"""
import json
import os
import shutil

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.setdefault("KERAS_BACKEND", "tensorflow")

import cv2  # noqa: E402
import keras  # noqa: E402
import numpy as np  # noqa: E402
import PIL  # noqa: E402
import tensorflow as tf  # noqa: E402
from PIL import Image, ImageOps  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUT = os.path.join(ROOT, "test", "golden", "diagnose-fit")
DEMO = os.path.join(ROOT, "demo", "images", "astronaut.png")
S = 40  # square model input (Teachable Machine-style)
W43, H43 = 48, 36  # a 4:3 model input

cases = []


def save(name, arr):
    np.save(os.path.join(OUT, name), np.ascontiguousarray(arr))
    return name


def nhwc(x):
    return np.ascontiguousarray(np.asarray(x, np.float32)[None])


def write_spec(name, width, height, resize, scale=1 / 255, mean=(0, 0, 0)):
    spec = {
        "model": {"path": "../../../demo/models/selfie/selfie.json", "format": "tfjs-graph"},
        "input": {
            "width": width, "height": height, "colorOrder": "RGB", "resize": resize,
            "scale": scale, "mean": list(mean), "std": [1, 1, 1], "dtype": "float32", "layout": "NHWC", "applyExif": True,
        },
        "tolerance": {"atol": 1e-4, "rtol": 1e-3, "mode": "allclose"},
    }
    with open(os.path.join(OUT, name), "w") as fh:
        json.dump(spec, fh, indent=2)
        fh.write("\n")
    return name


def add(case_id, kind, expected, dump, ref, image, spec, note, **extra):
    entry = {"id": case_id, "kind": kind, "expected": expected, "dump": dump, "ref": ref, "image": image, "spec": spec, "note": note}
    entry.update(extra)
    cases.append(entry)


def tf_resize(rgb, h, w):
    return tf.image.resize(rgb[None], (h, w), method="bilinear", antialias=False).numpy()[0]


def letterbox_box(h_src, w_src, h, w):
    """Where tf.image.resize_with_pad puts the picture: found from the library itself (a white image padded with 0)."""
    ones = tf.image.resize_with_pad(np.full((1, h_src, w_src, 1), 255, np.uint8), h, w).numpy()[0, ..., 0]
    ys, xs = np.nonzero(ones > 0)
    return ys.min(), xs.min(), ys.max() + 1 - ys.min(), xs.max() + 1 - xs.min()


def main():
    if os.path.isdir(OUT):
        shutil.rmtree(OUT)
    os.makedirs(OUT)
    photo = Image.open(DEMO).convert("RGB")
    # A landscape 4:3 and a portrait 3:4 photo (off-centre crops, so crop and stretch differ clearly).
    wide = photo.crop((0, 64, 512, 448)).resize((120, 90), Image.Resampling.BOX)
    tall = photo.crop((96, 0, 480, 512)).resize((90, 120), Image.Resampling.BOX)
    wide.save(os.path.join(OUT, "wide-120x90.png"))
    tall.save(os.path.join(OUT, "tall-90x120.png"))
    rgb = np.array(wide)
    rgb_tall = np.array(tall)
    bgr = cv2.imread(os.path.join(OUT, "wide-120x90.png"), cv2.IMREAD_COLOR)
    assert np.array_equal(bgr[..., ::-1], rgb)

    tf_bilinear = {"library": "tf", "method": "bilinear", "antialias": False}
    spec_stretch = write_spec("spec-stretch.json", S, S, {**tf_bilinear, "fit": "stretch"})
    spec_stretch43 = write_spec("spec-stretch-4x3.json", W43, H43, {**tf_bilinear, "fit": "stretch"})
    spec_letterbox = write_spec("spec-letterbox.json", S, S, {**tf_bilinear, "fit": "letterbox", "padValue": 0})
    # Teachable Machine's Keras export: ImageOps.fit(image, size, LANCZOS), then x / 127.5 - 1.
    spec_tm = write_spec("spec-tm-crop.json", S, S, {"library": "pil", "method": "lanczos", "fit": "crop"}, scale=1 / 127.5, mean=(1, 1, 1))

    # ---- references, as the spec says, made by the real libraries ----
    ref_stretch = save("ref-stretch.npy", nhwc(tf_resize(rgb, S, S) / np.float32(255)))
    ref_stretch43 = save("ref-stretch-4x3.npy", nhwc(tf_resize(rgb_tall, H43, W43) / np.float32(255)))
    ref_letterbox = save("ref-letterbox.npy", nhwc(tf.image.resize_with_pad(rgb[None], S, S).numpy()[0] / np.float32(255)))
    tm_fit = np.asarray(ImageOps.fit(wide, (S, S), Image.Resampling.LANCZOS), np.float32)
    ref_tm = save("ref-tm-crop.npy", nhwc(tm_fit / np.float32(127.5) - np.float32(1)))

    # ---- single causes: the fit differs ----
    smart = keras.preprocessing.image.smart_resize(rgb.astype(np.float32), (S, S))
    add("smart-resize-vs-stretch", "single", ["resize-fit"], save("smart-resize.npy", nhwc(np.asarray(smart) / np.float32(255))),
        ref_stretch, "wide-120x90.png", spec_stretch, "keras smart_resize centre-crops; the spec stretches",
        evidence='centre-cropped to 1:1.*fit "crop"', specChange={"path": "input.resize.fit", "value": "crop"})
    fit_bicubic = np.asarray(ImageOps.fit(wide, (S, S), Image.Resampling.BICUBIC), np.float32)
    add("imageops-fit-vs-stretch", "single", ["resize-fit"], save("imageops-fit.npy", nhwc(fit_bicubic / np.float32(255))),
        ref_stretch, "wide-120x90.png", spec_stretch, "PIL ImageOps.fit (bicubic): another fit and another kernel",
        evidence='fit "crop".*PIL', specChange={"path": "input.resize"})
    pad = tf.image.resize_with_pad(rgb[None], S, S).numpy()[0]
    add("resize-with-pad-vs-stretch", "single", ["resize-fit"], save("resize-with-pad.npy", nhwc(pad / np.float32(255))),
        ref_stretch, "wide-120x90.png", spec_stretch, "tf.image.resize_with_pad letterboxes; the spec stretches",
        evidence='letterbox', specChange={"path": "input.resize.fit", "value": "letterbox"})
    keep = tf.image.resize(rgb[None], (S, S), preserve_aspect_ratio=True)
    keep = tf.image.pad_to_bounding_box(keep, 0, 0, S, S).numpy()[0]
    add("keep-aspect-vs-stretch", "single", ["resize-fit"], save("keep-aspect.npy", nhwc(keep / np.float32(255))),
        ref_stretch, "wide-120x90.png", spec_stretch, "tf.image.resize(preserve_aspect_ratio=True) + pad_to_bounding_box",
        evidence='fit "keep-aspect"', specChange={"path": "input.resize.fit", "value": "keep-aspect"})
    tm_stretch = np.asarray(wide.resize((S, S), Image.Resampling.LANCZOS), np.float32)
    add("tm-stretch-vs-crop", "single", ["resize-fit"], save("tm-stretch.npy", nhwc(tm_stretch / np.float32(127.5) - np.float32(1))),
        ref_tm, "wide-120x90.png", spec_tm, "Teachable Machine model (trained on ImageOps.fit crops); the app stretches with PIL",
        evidence='fit "stretch"', specChange={"path": "input.resize.fit", "value": "stretch"})
    tm_cv2 = cv2.resize(rgb, (S, S), interpolation=cv2.INTER_LINEAR).astype(np.float32)
    add("tm-cv2-stretch-vs-crop", "single", ["resize-fit"], save("tm-cv2-stretch.npy", nhwc(tm_cv2 / np.float32(127.5) - np.float32(1))),
        ref_tm, "wide-120x90.png", spec_tm, "the same model, the C++ app stretches with cv::resize INTER_LINEAR",
        evidence='fit "stretch".*cv::resize', specChange={"path": "input.resize"})
    stretched = tf_resize(rgb, S, S)
    add("stretch-vs-letterbox", "single", ["resize-fit"], save("stretch-for-letterbox.npy", nhwc(stretched / np.float32(255))),
        ref_letterbox, "wide-120x90.png", spec_letterbox, "YOLO-style model trained letterboxed; the app stretches",
        evidence='fit "stretch"', specChange={"path": "input.resize.fit", "value": "stretch"})
    top, left, nh, nw = letterbox_box(rgb.shape[0], rgb.shape[1], S, S)
    grey = np.full((S, S, 3), 114, np.float32)
    grey[top:top + nh, left:left + nw] = tf_resize(rgb, nh, nw)
    add("letterbox-pad-114", "single", ["resize-fit"], save("letterbox-114.npy", nhwc(grey / np.float32(255))),
        ref_letterbox, "wide-120x90.png", spec_letterbox, "letterboxed with YOLO's grey 114 instead of 0",
        evidence='padded with 114', specChange={"path": "input.resize.padValue", "value": 114})
    smart_tall = keras.preprocessing.image.smart_resize(rgb_tall.astype(np.float32), (H43, W43))
    add("smart-resize-4x3", "single", ["resize-fit"], save("smart-resize-4x3.npy", nhwc(np.asarray(smart_tall) / np.float32(255))),
        ref_stretch43, "tall-90x120.png", spec_stretch43, "a portrait photo centre-cropped to a 4:3 input",
        evidence='centre-cropped to 4:3', specChange={"path": "input.resize.fit", "value": "crop"})

    # ---- mixed: the fit and BGR (cv2.imread without cvtColor) ----
    smart_bgr = keras.preprocessing.image.smart_resize(bgr.astype(np.float32), (S, S))
    add("smart-resize+bgr", "mixed", ["resize-fit", "channel-swap"], save("smart-resize-bgr.npy", nhwc(np.asarray(smart_bgr) / np.float32(255))),
        ref_stretch, "wide-120x90.png", spec_stretch, "cv2.imread (BGR) + smart_resize")
    pad_bgr = tf.image.resize_with_pad(np.ascontiguousarray(bgr)[None], S, S).numpy()[0]
    add("letterbox+bgr", "mixed", ["resize-fit", "channel-swap"], save("letterbox-bgr.npy", nhwc(pad_bgr / np.float32(255))),
        ref_stretch, "wide-120x90.png", spec_stretch, "cv2.imread (BGR) + tf.image.resize_with_pad")
    fit_bgr = np.asarray(ImageOps.fit(Image.fromarray(np.ascontiguousarray(rgb[..., ::-1])), (S, S), Image.Resampling.LANCZOS), np.float32)
    add("tm-bgr-crop-ok", "mixed", ["channel-swap"], save("tm-bgr.npy", nhwc(fit_bgr / np.float32(127.5) - np.float32(1))),
        ref_tm, "wide-120x90.png", spec_tm, "the crop is right, only the channels are swapped: the fit must not be blamed",
        notCause="resize-fit")

    # ---- clean: the dump does what the spec says (no fit cause may be claimed) ----
    add("tm-crop-clean", "clean", [], save("tm-crop-clean.npy", nhwc(tm_fit * np.float32(1 / 127.5) - np.float32(1))),
        ref_tm, "wide-120x90.png", spec_tm, "ImageOps.fit like the spec; x * (1/127.5) - 1 instead of x / 127.5 - 1")
    add("tm-crop-clean-imageref", "clean", [], "ref-tm-crop.npy", None, "wide-120x90.png", spec_tm,
        "reference made by Tensor Parity's own pipeline from the image and spec (fit crop, PIL lanczos)")
    add("letterbox-clean-imageref", "clean", [], ref_letterbox, None, "wide-120x90.png", spec_letterbox,
        "tf.image.resize_with_pad against Tensor Parity's letterbox")
    add("smart-resize-clean-imageref", "clean", [], "smart-resize.npy", None, "wide-120x90.png",
        write_spec("spec-crop-tf.json", S, S, {**tf_bilinear, "fit": "crop"}), "keras smart_resize against the spec's fit crop with tf")

    with open(os.path.join(OUT, "manifest.json"), "w") as fh:
        json.dump({"generator": "scripts/golden/make_diagnose_fit.py",
                   "versions": {"numpy": np.__version__, "opencv": cv2.__version__, "tensorflow": tf.__version__,
                                "keras": keras.__version__, "pillow": PIL.__version__},
                   "cases": cases}, fh, indent=1)
        fh.write("\n")
    total = sum(os.path.getsize(os.path.join(OUT, f)) for f in os.listdir(OUT))
    print(f"{len(cases)} cases, {total / 1e3:.0f} KB in {OUT}")


if __name__ == "__main__":
    main()
