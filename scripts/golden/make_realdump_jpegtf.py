#!/usr/bin/env python3
"""Make test/golden/realdumps/jpegtf/: dumps written by real JPEG pipelines (scripts/golden/programs/jpeg_pipelines.py):
tf.data with TF's decoder (tf.io.decode_jpeg / decode_image, default fast IDCT) + tf.image.resize, and the cv2 / PIL
equivalents (accurate IDCT), each diagnosed against specs that name TF or cv2 resizing and either decoder.

Diagnosis must name TF's JPEG decoder for the TF dumps (with the resize when that differs too) and never for the
cv2/PIL dumps. The JPEGs are written by OpenCV (4:2:0 baseline) and Pillow (progressive) from the demo astronaut.

    .venv/bin/python scripts/golden/make_realdump_jpegtf.py
"""
import json
import os
import subprocess
import sys

import cv2
import numpy as np
from PIL import Image

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUT = os.path.join(ROOT, "test", "golden", "realdumps", "jpegtf")
PROGRAM = os.path.join(ROOT, "scripts", "golden", "programs", "jpeg_pipelines.py")
cases = []


def spec(name, resize, decoder=None):
    s = json.load(open(os.path.join(ROOT, "test", "golden", "realdumps", "spec-nhwc.json")))
    s["input"]["resize"] = resize
    if decoder:
        s["input"]["decoder"] = decoder
    with open(os.path.join(OUT, name), "w") as f:
        json.dump(s, f, indent=1)
    return name


def dump(pipeline, image):
    name = f"{pipeline}.{os.path.splitext(image)[0]}.npy"
    subprocess.run([sys.executable, PROGRAM, pipeline, os.path.join(OUT, image), os.path.join(OUT, name)], check=True)
    return name


def add(case_id, kind, expected, dump_name, image, spec_name, **extra):
    cases.append({"id": case_id, "kind": kind, "expected": expected, "dump": dump_name, "image": image, "spec": spec_name, **extra})


def main():
    os.makedirs(OUT, exist_ok=True)
    astronaut = cv2.imread(os.path.join(ROOT, "demo", "images", "astronaut.png"))
    crop = astronaut[20:92, 140:236]  # 96×72: face, helmet, flag
    cv2.imwrite(os.path.join(OUT, "photo.jpg"), crop, [cv2.IMWRITE_JPEG_QUALITY, 85])
    Image.fromarray(crop[..., ::-1]).save(os.path.join(OUT, "photo-progressive.jpg"), "JPEG", quality=80, progressive=True)
    tf_spec = spec("spec-tf.json", {"library": "tf", "method": "bilinear", "fit": "stretch"})
    cv_spec = spec("spec-cv2.json", {"library": "cv2", "method": "linear", "fit": "stretch"})
    tfdec_spec = spec("spec-tf-decoder.json", {"library": "tf", "method": "bilinear", "fit": "stretch"}, decoder="tf")
    never = {"absent": ["jpeg-decoder"]}

    tfd = dump("tfdata-decode-jpeg", "photo.jpg")
    add("tfdata-decode-jpeg", "single", ["jpeg-decoder"], tfd, "photo.jpg", tf_spec, evidence="TensorFlow's JPEG decoder")
    add("tfdata-decode-jpeg-vs-cv2-spec", "mixed", ["jpeg-decoder", "resize-kernel"], tfd, "photo.jpg", cv_spec,
        evidence=r"tf\.image\.resize bilinear .* after TensorFlow's JPEG decoder|resized with tf\.image\.resize")
    add("tfdata-decode-jpeg-tf-decoder-spec", "clean", [], tfd, "photo.jpg", tfdec_spec)
    add("tfdata-decode-jpeg-area", "mixed", ["jpeg-decoder", "resize-kernel"], dump("tfdata-decode-jpeg-area", "photo.jpg"),
        "photo.jpg", tf_spec)
    add("tfdata-decode-image", "single", ["jpeg-decoder"], dump("tfdata-decode-image", "photo.jpg"), "photo.jpg", tf_spec)
    add("tfdata-decode-jpeg-progressive", "single", ["jpeg-decoder"], dump("tfdata-decode-jpeg", "photo-progressive.jpg"),
        "photo-progressive.jpg", tf_spec)
    add("tfdata-decode-jpeg-accurate", "clean", [], dump("tfdata-decode-jpeg-accurate", "photo.jpg"), "photo.jpg", tf_spec, **never)
    cvtf = dump("cv2-imread-tf-resize", "photo.jpg")
    add("cv2-imread-tf-resize", "clean", [], cvtf, "photo.jpg", tf_spec, **never)
    add("cv2-imread-tf-resize-vs-tf-decoder-spec", "single", ["jpeg-decoder"], cvtf, "photo.jpg", tfdec_spec,
        evidence="accurate integer IDCT")
    add("pil-open-tf-resize", "clean", [], dump("pil-open-tf-resize", "photo.jpg"), "photo.jpg", tf_spec, **never)
    add("cv2-imread-cv2-resize", "single", ["resize-kernel"], dump("cv2-imread-cv2-resize", "photo.jpg"), "photo.jpg", tf_spec,
        **never)
    add("cv2-imread-cv2-resize-progressive", "single", ["resize-kernel"], dump("cv2-imread-cv2-resize", "photo-progressive.jpg"),
        "photo-progressive.jpg", tf_spec, **never)
    with open(os.path.join(OUT, "manifest.json"), "w") as f:
        json.dump({"program": "scripts/golden/programs/jpeg_pipelines.py", "cases": cases, "errors": []}, f, indent=1)
    total = sum(os.path.getsize(os.path.join(OUT, n)) for n in os.listdir(OUT))
    print(f"{len(cases)} cases, {total / 1024:.0f} KiB")


if __name__ == "__main__":
    main()
