#!/usr/bin/env python3
"""Make test/golden/realdumps/programs/: dumps written by real programs, one per cause and per combination of causes.

  * C++ (scripts/golden/programs/dumps.cpp) built with g++ against Debian's libopencv-dev (OpenCV 4.6):
      apt-get install -y --no-install-recommends libopencv-dev
  * Java (scripts/golden/programs/Dumps.java) built with javac; it fills the tensor from the 32x32 RGB bytes of the
    reference resize, as Android code fills it from a Bitmap.
  * Java (scripts/golden/programs/Java2dDump.java): ImageIO.read, a Java2D resize (Graphics2D.drawImage with an
    interpolation hint, or getScaledInstance SCALE_SMOOTH), a float32 ByteBuffer / 255.
  * Python: numpy, OpenCV (cv2), TensorFlow and Pillow from .venv (scripts/golden/requirements.txt).

It also makes the "unmodelled" cases (a Gaussian blur, an sRGB→linear conversion, a JPEG re-encode, a YUV420 round
trip) on which diagnose must not claim a confident wrong cause, and TF's own JPEG decoder, which it must name. Shared inputs come from
../ (image.png, ref.npy, spec-nhwc.json; made by make_realdump_cases.py, run that first). Small: 32x32 inputs.

    .venv/bin/python scripts/golden/make_realdump_programs.py
"""
import json
import os
import shutil
import subprocess
import tempfile

import cv2
import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BASE = os.path.join(ROOT, "test", "golden", "realdumps")
OUT = os.path.join(BASE, "programs")
SRC = os.path.join(ROOT, "scripts", "golden", "programs")
W = H = 32
NHWC = {"dtype": "float32", "shape": [1, H, W, 3]}
cases = []


def add(case_id, kind, expected, dump, **extra):
    cases.append({"id": case_id, "kind": kind, "expected": expected, "dump": dump, **extra})


def side(name, meta):
    with open(os.path.join(OUT, name + ".json"), "w") as f:
        json.dump(meta, f)
    return name


def spec(resize, name):
    s = json.load(open(os.path.join(BASE, "spec-nhwc.json")))
    s["input"]["resize"] = resize
    with open(os.path.join(OUT, name), "w") as f:
        json.dump(s, f, indent=1)
    return name


def save(name, arr):
    np.save(os.path.join(OUT, name), arr)
    return name


def cpp_cases(tmp):
    exe = os.path.join(tmp, "dumps")
    flags = subprocess.run(["pkg-config", "--cflags", "--libs", "opencv4"], check=True, capture_output=True, text=True).stdout.split()
    subprocess.run(["g++", "-O2", os.path.join(SRC, "dumps.cpp"), *flags, "-o", exe], check=True)
    image = os.path.join(BASE, "image.png")

    def run(mode, meta=NHWC):
        name = f"cpp-{mode}.bin"
        subprocess.run([exe, mode, image, os.path.join(OUT, name)], check=True)
        side(name, meta)
        return name

    img = dict(image="../image.png", spec="../spec-nhwc.json")
    add("cpp-clean", "clean", [], run("clean"), **img)
    add("cpp-rotate90", "single", ["rotation"], run("rotate90"), ref="../ref.npy")
    add("cpp-flip", "single", ["flip"], run("flip"), **img)
    bgr = run("total-bgr")
    add("cpp-total-bgr", "mixed", ["partial-fill", "channel-swap"], bgr, ref="../ref.npy")
    add("cpp-total-bgr-image", "mixed", ["partial-fill", "channel-swap"], bgr, **img)
    dbl = run("total-double", {"dtype": "float64", "shape": [1, H, W, 3]})
    add("cpp-total-double", "mixed", ["partial-fill", "float64"], dbl, ref="../ref.npy")
    add("cpp-total-double-image", "mixed", ["partial-fill", "float64"], dbl, **img)
    box = run("box-view")
    add("cpp-box-view", "single", ["local-difference"], box, ref="../ref.npy")
    add("cpp-box-view-image", "single", ["local-difference"], box, **img)


def java_cases(tmp, rgb32):
    subprocess.run(["javac", "-d", tmp, os.path.join(SRC, "Dumps.java")], check=True)
    raw = os.path.join(tmp, "rgb32.raw")
    rgb32.tofile(raw)

    def run(mode, meta=NHWC):
        name = f"java-{mode}.bin"
        subprocess.run(["java", "-cp", tmp, "Dumps", mode, raw, os.path.join(OUT, name)], check=True)
        side(name, meta)
        return name

    add("java-bottom-up", "single", ["flip"], run("bottom-up"), ref="../ref.npy")
    planar = run("double-planar", {"dtype": "float64", "shape": [1, 3, H, W]})
    add("java-double-planar", "mixed", ["float64", "layout-nchw-nhwc"], planar, ref="../ref.npy")
    add("java-double-planar-image", "mixed", ["float64", "layout-nchw-nhwc"], planar, image="../image.png", spec="../spec-nhwc.json")
    add("java-rotate270-image", "single", ["rotation"], run("rotate270"), image="../image.png", spec="../spec-nhwc.json")


def java2d_cases(tmp):
    subprocess.run(["javac", "-d", tmp, os.path.join(SRC, "Java2dDump.java")], check=True)
    image = os.path.join(BASE, "image.png")

    def run(mode):
        name = f"java2d-{mode}.bin"
        subprocess.run(["java", "-Djava.awt.headless=true", "-cp", tmp, "Java2dDump", mode, image, os.path.join(OUT, name)], check=True)
        side(name, NHWC)
        return name

    img = dict(image="../image.png", spec="../spec-nhwc.json")
    # Against a cv2 INTER_LINEAR reference: the cause is the resize, named as the Java2D call (not as cv2).
    bilinear = run("bilinear")
    add("java2d-bilinear-image", "single", ["resize-kernel"], bilinear, evidence=r"Java2D bilinear \(Graphics2D\.drawImage\)", **img)
    add("java2d-bicubic-image", "single", ["resize-kernel"], run("bicubic"), evidence=r"Java2D bicubic \(Graphics2D\.drawImage\)", **img)
    smooth = run("smooth")
    add("java2d-smooth-image", "single", ["resize-kernel"], smooth, evidence=r"Java2D area averaging", **img)
    add("java2d-affine-image", "single", ["resize-kernel"], run("affine"), evidence=r"Java2D AffineTransformOp TYPE_BILINEAR", **img)
    nearest = run("nearest")
    add("java2d-nearest-image", "single", ["resize-kernel"], nearest, evidence=r"Java2D nearest", **img)
    # With the spec naming the Java2D call, the reference is the Java program's tensor.
    bl_spec = spec({"library": "java2d", "method": "bilinear", "fit": "stretch"}, "spec-java2d-bilinear.json")
    add("java2d-bilinear-clean", "clean", [], bilinear, image="../image.png", spec=bl_spec)
    area_spec = spec({"library": "java2d", "method": "area", "fit": "stretch"}, "spec-java2d-area.json")
    add("java2d-smooth-clean", "clean", [], smooth, image="../image.png", spec=area_spec)
    nn_spec = spec({"library": "java2d", "fit": "stretch"}, "spec-java2d-default.json")
    add("java2d-nearest-clean", "clean", [], nearest, image="../image.png", spec=nn_spec)


def python_cases(bgr_img, rgb32):
    import tensorflow as tf

    unit = rgb32.astype(np.float32) / np.float32(255)
    img = dict(image="../image.png", spec="../spec-nhwc.json")
    # numpy in float64 (the default for / 255.0 on uint8), transposed for a PyTorch-style model, np.save as is.
    x = (rgb32.astype(np.float64) / 255.0).transpose(2, 0, 1)[None]
    add("py-f64-nchw", "mixed", ["float64", "layout-nchw-nhwc"], save("py-f64-nchw.npy", x), ref="../ref.npy")
    # tf.image.resize returns float32; .astype(np.uint8) floors it before / 255 (the reference keeps the fractions).
    rgb = cv2.cvtColor(bgr_img, cv2.COLOR_BGR2RGB)
    tf_spec = spec({"library": "tf", "method": "bilinear", "fit": "stretch"}, "spec-tf.json")
    floored = tf.image.resize(rgb, (H, W)).numpy().astype(np.uint8).astype(np.float32) / np.float32(255)
    add("py-floor-uint8", "single", ["uint8-truncation"], save("py-floor-uint8.npy", floored[None]), image="../image.png", spec=tf_spec)
    # A label drawn on a slice of the frame (a view) before the frame is resized for the model.
    frame = rgb.copy()
    view = frame[6:26, 4:24]
    cv2.rectangle(view, (2, 2), (15, 12), (255, 0, 0), 2)
    boxed = cv2.resize(frame, (W, H), interpolation=cv2.INTER_LINEAR).astype(np.float32) / np.float32(255)
    add("py-box-on-view", "single", ["local-difference"], save("py-box-on-view.npy", boxed[None]), **img)
    # np.rot90 of the input (a portrait frame turned to landscape), with the image at hand.
    add("py-rot90-image", "single", ["rotation"], save("py-rot90.npy", np.ascontiguousarray(np.rot90(unit))[None]), **img)
    add("py-flipud", "single", ["flip"], save("py-flipud.npy", np.ascontiguousarray(unit[::-1])[None]), ref="../ref.npy")
    # Unmodelled: diagnose must not claim a confident (explained) wrong cause.
    blur = cv2.resize(cv2.GaussianBlur(rgb, (3, 3), 0), (W, H), interpolation=cv2.INTER_LINEAR).astype(np.float32) / np.float32(255)
    add("py-gaussian-blur", "unmodelled", [], save("py-gaussian-blur.npy", blur[None]), **img)
    lin = np.where(unit <= 0.04045, unit / 12.92, ((unit + 0.055) / 1.055) ** 2.4).astype(np.float32)
    add("py-srgb-linear", "unmodelled", [], save("py-srgb-linear.npy", lin[None]), **img)
    ok, enc = cv2.imencode(".jpg", bgr_img, [cv2.IMWRITE_JPEG_QUALITY, 75])
    rej = cv2.resize(cv2.cvtColor(cv2.imdecode(enc, cv2.IMREAD_COLOR), cv2.COLOR_BGR2RGB), (W, H), interpolation=cv2.INTER_LINEAR)
    add("py-jpeg-reencode", "unmodelled", [], save("py-jpeg-reencode.npy", (rej.astype(np.float32) / np.float32(255))[None]), **img)
    yuv = cv2.cvtColor(cv2.cvtColor(rgb, cv2.COLOR_RGB2YUV_I420), cv2.COLOR_YUV2RGB_I420)
    yr = cv2.resize(yuv, (W, H), interpolation=cv2.INTER_LINEAR).astype(np.float32) / np.float32(255)
    add("py-yuv420", "unmodelled", [], save("py-yuv420.npy", yr[None]), **img)
    # TF's own JPEG decoder (decode_jpeg's default fast IDCT) vs the spec's decoder (libjpeg's accurate IDCT, as cv2 and
    # Pillow): diagnose re-runs the reference with TF's decoder (src/core/preprocess/jpeg) and names it.
    cv2.imwrite(os.path.join(OUT, "image.jpg"), bgr_img, [cv2.IMWRITE_JPEG_QUALITY, 90])
    dec = tf.io.decode_jpeg(tf.io.read_file(os.path.join(OUT, "image.jpg")), channels=3)
    tfj = (tf.image.resize(dec, (H, W)).numpy() / 255.0).astype(np.float32)
    add("tf-decode-jpeg", "single", ["jpeg-decoder"], save("tf-decode-jpeg.npy", tfj[None]), image="image.jpg", spec=tf_spec)
    # Ultralytics/YOLOv5 letterbox rounding (round(w*r), pad split with round(d -/+ 0.1), grey 114) against
    # tf.image.resize_with_pad's floor placement; the kernel is cv2 INTER_LINEAR on both sides.
    lb_spec = spec({"library": "cv2", "method": "linear", "fit": "letterbox", "padValue": 114}, "spec-letterbox.json")
    h0, w0 = rgb.shape[:2]
    r = min(H / h0, W / w0)
    nw, nh = int(round(w0 * r)), int(round(h0 * r))
    dw, dh = (W - nw) / 2, (H - nh) / 2
    im = cv2.resize(rgb, (nw, nh), interpolation=cv2.INTER_LINEAR) if (w0, h0) != (nw, nh) else rgb
    top, bottom = int(round(dh - 0.1)), int(round(dh + 0.1))
    left, right = int(round(dw - 0.1)), int(round(dw + 0.1))
    lb = cv2.copyMakeBorder(im, top, bottom, left, right, cv2.BORDER_CONSTANT, value=(114, 114, 114)).astype(np.float32) / np.float32(255)
    add("py-yolo-letterbox", "single", ["resize-fit"], save("py-yolo-letterbox.npy", lb[None]), image="../image.png", spec=lb_spec)


def main():
    shutil.rmtree(OUT, ignore_errors=True)
    os.makedirs(OUT)
    bgr_img = cv2.imread(os.path.join(BASE, "image.png"))
    rgb32 = np.ascontiguousarray(cv2.resize(bgr_img, (W, H), interpolation=cv2.INTER_LINEAR)[..., ::-1])
    with tempfile.TemporaryDirectory() as tmp:
        cpp_cases(tmp)
        java_cases(tmp, rgb32)
        java2d_cases(tmp)
    python_cases(bgr_img, rgb32)
    with open(os.path.join(OUT, "manifest.json"), "w") as f:
        json.dump({"cases": cases, "errors": []}, f, indent=1)
    total = sum(os.path.getsize(os.path.join(OUT, n)) for n in os.listdir(OUT))
    print(f"{len(cases)} cases, {total / 1024:.0f} KiB in {OUT}")


if __name__ == "__main__":
    main()
