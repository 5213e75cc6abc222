#!/usr/bin/env python3
"""Make test/golden/realdumps/: tensor dumps as real deployment pipelines write them, each with a known cause.

The bytes are what the named program writes, emulated byte-exactly with numpy so this script needs Python only:
  * Java: ByteBuffer.allocateDirect(4*N) is big-endian unless .order(ByteOrder.nativeOrder()) is called, so putFloat
    writes '>f4' bytes; FloatBuffer views inherit that order; `byte` is signed (DataBufferByte raster data read
    without & 0xFF gives pixel - 256 for pixels >= 128); BufferedImage.getRGB gives ARGB ints.
  * C++/OpenCV: cv::imread gives BGR uint8; cv::resize INTER_LINEAR on uint8 equals cv2.resize (same library);
    convertTo(CV_32F, 1/255.) then fwrite writes native little-endian float32; a hand-written (cnpy-style) .npy whose
    header says '<f4' while the data is double.
  * JS: canvas getImageData / sharp .ensureAlpha() give RGBA bytes, 4 per pixel.
  * Python: np.save of 0-d / 1-d arrays by mistake, NaN from a division by a zero std.
(These were checked against real Java 17, g++ + OpenCV 4.6 and sharp programs writing the same dumps.)

The reference is the spec's own preprocessing of image.png (spec*.json here), or ref.npy (cv2 INTER_LINEAR, /255,
NHWC float32). Output is small (a 40x48 image, 32x32 model input). Re-runnable; deterministic.

    .venv/bin/python scripts/golden/make_realdump_cases.py
"""
import json
import os
import shutil

import cv2
import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUT = os.path.join(ROOT, "test", "golden", "realdumps")
SRC = os.path.join(ROOT, "demo", "images", "astronaut.png")
W = H = 32
MEAN = np.array([0.485, 0.456, 0.406], np.float32)
STD = np.array([0.229, 0.224, 0.225], np.float32)

cases = []


def spec(layout, imagenet):
    return {
        "model": {"path": "model.json", "format": "tfjs-graph"},
        "input": {
            "width": W, "height": H, "colorOrder": "RGB",
            "resize": {"library": "cv2", "method": "linear", "fit": "stretch"},
            "scale": 1 / 255,
            "mean": MEAN.tolist() if imagenet else [0, 0, 0],
            "std": STD.tolist() if imagenet else [1, 1, 1],
            "dtype": "float32", "layout": layout, "applyExif": True,
        },
        "tolerance": {"atol": 1e-4, "rtol": 1e-3},
    }


def raw(name, data_bytes, sidecar=None):
    with open(os.path.join(OUT, name), "wb") as f:
        f.write(data_bytes)
    if sidecar is not None:
        with open(os.path.join(OUT, name + ".json"), "w") as f:
            json.dump(sidecar, f)
    return name


def add(case_id, kind, expected, dump, **extra):
    cases.append({"id": case_id, "kind": kind, "expected": expected, "dump": dump, **extra})


def main():
    # programs/ is made by make_realdump_programs.py from files made here; keep it.
    os.makedirs(OUT, exist_ok=True)
    for name in os.listdir(OUT):
        if os.path.isfile(os.path.join(OUT, name)):
            os.remove(os.path.join(OUT, name))
    big = cv2.imread(SRC)
    img_bgr = cv2.resize(big, (40, 48), interpolation=cv2.INTER_AREA)
    cv2.imwrite(os.path.join(OUT, "image.png"), img_bgr)
    for name, layout, imagenet in [("spec-nhwc.json", "NHWC", False), ("spec-nchw-imagenet.json", "NCHW", True)]:
        with open(os.path.join(OUT, name), "w") as f:
            json.dump(spec(layout, imagenet), f, indent=1)
    bgr = cv2.resize(img_bgr, (W, H), interpolation=cv2.INTER_LINEAR)  # cv::resize default
    rgb = bgr[..., ::-1]
    unit = rgb.astype(np.float32) / np.float32(255)  # HWC float32, what convertTo(CV_32F, 1/255.) gives (up to 1 ulp)
    np.save(os.path.join(OUT, "ref.npy"), unit[None])
    imagenet = (unit - MEAN) / STD
    nhwc_side = {"dtype": "float32", "shape": [1, H, W, 3]}

    # Java: big-endian putFloat of ImageNet-normalized values, BGR order, NHWC loops; the model is NCHW ImageNet.
    # Three causes at once (was: only two found, channel order missing from the top 3).
    java_bgr = (bgr.astype(np.float32) / np.float32(255) - MEAN[::-1]) / STD[::-1]
    add("java-be-bgr-nhwc", "mixed", ["byte-order", "layout-nchw-nhwc", "channel-swap"],
        raw("java-be-bgr-nhwc.bin", java_bgr.astype(">f4").tobytes(), nhwc_side),
        image="image.png", spec="spec-nchw-imagenet.json")

    # Java: big-endian ImageNet-normalized dump against a plain /255 Python reference (no spec): byte order + mean/std.
    # (was: unexplained; the byte-swap test required the swapped values to lie in the reference's [0, 1] range)
    add("java-be-imagenet-vs-unit", "mixed", ["byte-order", "affine-mean-std"],
        raw("java-be-imagenet.bin", imagenet[None].astype(">f4").tobytes(), nhwc_side), ref="ref.npy")

    # Java: big-endian, and the Java side resized with INTER_AREA: byte order explains the garbage but 0.2 remains;
    # the status must not claim a full explanation (was: "EXPLAINED ... 100%" with max error 0.29 left).
    area = cv2.resize(img_bgr, (W, H), interpolation=cv2.INTER_AREA)[..., ::-1].astype(np.float32) / np.float32(255)
    add("java-be-plus-unknown", "residual", ["byte-order"],
        raw("java-be-area.bin", area[None].astype(">f4").tobytes(), nhwc_side), ref="ref.npy")

    # Java: TYPE_3BYTE_BGR raster bytes (signed) / 255f, written RGB in native order (was: unexplained, 53% mean/std).
    signed = rgb.astype(np.int16)
    signed = np.where(signed >= 128, signed - 256, signed).astype(np.float32) / np.float32(255)
    add("java-signed-bytes", "single", ["signed-bytes"],
        raw("java-signed-bytes.bin", signed[None].astype("<f4").tobytes(), nhwc_side), image="image.png", spec="spec-nhwc.json")
    signed_bgr = np.ascontiguousarray(signed[..., ::-1])
    add("java-signed-bytes-bgr", "mixed", ["signed-bytes", "channel-swap"],
        raw("java-signed-bytes-bgr.bin", signed_bgr[None].astype("<f4").tobytes(), nhwc_side), ref="ref.npy")

    # TFLite int8 input (scale 1/255, zero point -128) against the float reference: mean/std cause worded as quantization.
    q = np.clip(np.round(unit * 255) - 128, -128, 127).astype(np.int8)
    np.save(os.path.join(OUT, "tflite-int8.npy"), q[None])
    add("tflite-int8", "single", ["affine-mean-std"], "tflite-int8.npy", ref="ref.npy", evidence="quantized model input")

    # NaN from a division by a zero std in a few positions (was: unexplained).
    nan = unit.copy().ravel()
    nan[::97] = np.nan
    np.save(os.path.join(OUT, "nan-some.npy"), nan.reshape(1, H, W, 3))
    add("nan-some", "single", ["non-finite"], "nan-some.npy", ref="ref.npy")
    nan_bgr = np.ascontiguousarray(unit[..., ::-1]).ravel()
    nan_bgr[5::211] = np.inf
    np.save(os.path.join(OUT, "inf-bgr.npy"), nan_bgr.reshape(1, H, W, 3))
    add("inf-bgr", "mixed", ["channel-swap", "non-finite"], "inf-bgr.npy", ref="ref.npy")

    # JS canvas: RGBA bytes / 255 into a Float32Array of W*H*4 (was: "cannot compare", sizes differ).
    rgba = np.concatenate([unit, np.ones((H, W, 1), np.float32)], axis=2)
    add("js-rgba", "single", ["alpha"], raw("js-rgba.bin", rgba[None].astype("<f4").tobytes(), {"dtype": "float32", "shape": [1, H, W, 4]}),
        image="image.png", spec="spec-nhwc.json")
    bgra = np.concatenate([unit[..., ::-1], np.ones((H, W, 1), np.float32)], axis=2)
    add("cpp-bgra", "mixed", ["alpha", "channel-swap"], raw("cpp-bgra.bin", bgra[None].astype("<f4").tobytes(), {"dtype": "float32", "shape": [1, H, W, 4]}),
        ref="ref.npy")
    # Android: ARGB ints unpacked in order (alpha first).
    argb = np.concatenate([np.ones((H, W, 1), np.float32), unit], axis=2)
    add("android-argb", "single", ["alpha"], raw("android-argb.bin", argb[None].astype("<f4").tobytes(), {"dtype": "float32", "shape": [1, H, W, 4]}),
        ref="ref.npy")

    # Clean: Java nativeOrder NHWC, and the same bytes big-endian with the sidecar saying so.
    add("java-native-clean", "clean", [], raw("java-native.bin", unit[None].astype("<f4").tobytes(), nhwc_side),
        image="image.png", spec="spec-nhwc.json")
    add("java-be-marked-clean", "clean", [], raw("java-be-marked.bin", unit[None].astype(">f4").tobytes(), {**nhwc_side, "byteOrder": "big"}),
        image="image.png", spec="spec-nhwc.json")

    # Mistaken dumps that must be refused with a clear message (CLI exit 2, no stack trace).
    np.save(os.path.join(OUT, "scalar.npy"), np.float32(0.5))
    add("scalar", "incomparable", [], "scalar.npy", ref="ref.npy", summary="single number")
    np.save(os.path.join(OUT, "channel-means.npy"), unit.mean(axis=(0, 1)))
    add("channel-means", "incomparable", [], "channel-means.npy", ref="ref.npy", summary="per-channel statistics")

    # Loader errors: a cnpy-style .npy whose header says '<f4' but whose data is double; arr.tofile() named .npy.
    header = "{'descr': '<f4', 'fortran_order': False, 'shape': (1, %d, %d, 3), }" % (H, W)
    header += " " * ((16 - (10 + len(header) + 1) % 16) % 16) + "\n"
    with open(os.path.join(OUT, "cpp-double-under-f4.npy"), "wb") as f:
        f.write(b"\x93NUMPY\x01\x00" + len(header).to_bytes(2, "little") + header.encode("latin1"))
        f.write(unit[None].astype("<f8").tobytes())
    unit[None].tofile(os.path.join(OUT, "tofile.npy"))
    errors = [
        {"file": "cpp-double-under-f4.npy", "match": "twice as many.*float64.*'<f8'"},
        {"file": "tofile.npy", "match": "tofile.*rename it to \\.bin"},
    ]
    with open(os.path.join(OUT, "manifest.json"), "w") as f:
        json.dump({"cases": cases, "errors": errors}, f, indent=1)
    total = sum(os.path.getsize(os.path.join(OUT, n)) for n in os.listdir(OUT) if os.path.isfile(os.path.join(OUT, n)))
    print(f"{len(cases)} cases, {len(errors)} error files, {total / 1024:.0f} KiB in {OUT}")


if __name__ == "__main__":
    main()
