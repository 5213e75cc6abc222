#!/usr/bin/env python3
"""Make test/golden/realdumps/heldout/: the held-out diagnosis round (issue #12). Real public preprocessing code
(scripts/golden/programs/heldout/: pipelines.py for Python, dnn_classification.cpp for OpenCV C++, TfliteClassifierDump.java
for the TFLite Android demo's buffer fill) runs on image.png and writes the tensor its model is fed. Each case pairs a
dump with the spec of the *training* pipeline it is compared against; the expected causes were written from reading
the code, before diagnose was run on them. Kind "needs-image": a resize or fit cause, compared with the reference
tensor only; diagnose must make no confident claim and ask for the image. Each case is scored twice: against image + spec, and against the reference
tensor the training pipeline makes (ref-*.npy, made here with the real libraries).

    .venv/bin/python scripts/golden/make_realdump_heldout.py   (needs g++ + libopencv-dev and javac)
"""
import json
import os
import subprocess
import sys
import tempfile

import cv2
import numpy as np
from PIL import Image, ImageOps

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUT = os.path.join(ROOT, "test", "golden", "realdumps", "heldout")
SRC = os.path.join(ROOT, "scripts", "golden", "programs", "heldout")
IMAGE = os.path.join(OUT, "image.png")
S = 48
IMAGENET = dict(scale=1 / 255, mean=[0.485, 0.456, 0.406], std=[0.229, 0.224, 0.225])
PM1 = dict(scale=1 / 127.5, mean=[1, 1, 1], std=[1, 1, 1])
UNIT = dict(scale=1 / 255, mean=[0, 0, 0], std=[1, 1, 1])
cases = []


def spec(name, library, method, fit="stretch", color="RGB", layout="NHWC", norm=UNIT, pad=None, dtype="float32"):
    resize = {"library": library, "method": method, "fit": fit, **({"padValue": pad} if pad is not None else {})}
    s = {
        "model": {"path": "model.json", "format": "tfjs-graph"},
        "input": {"width": S, "height": S, "colorOrder": color, "resize": resize, **norm,
                  "dtype": dtype, "layout": layout, "applyExif": True},
        "tolerance": {"atol": 1e-4, "rtol": 1e-3},
    }
    with open(os.path.join(OUT, name), "w") as f:
        json.dump(s, f, indent=1)
    return s


def train_ref(s):
    """The training pipeline a spec names, with the real library (only what this round's specs use)."""
    i = s["input"]
    r = i["resize"]
    rgb = np.asarray(Image.open(IMAGE).convert("RGB"))
    lib, method, fit = r["library"], r["method"], r["fit"]
    if fit == "crop" and lib == "pil":
        pil = {"bilinear": Image.BILINEAR, "bicubic": Image.BICUBIC, "nearest": Image.NEAREST}[method]
        x = np.asarray(ImageOps.fit(Image.fromarray(rgb), (S, S), pil)).astype(np.float64)
    elif fit != "stretch":
        return None
    elif lib == "cv2":
        x = cv2.resize(rgb, (S, S), interpolation={"linear": cv2.INTER_LINEAR}[method]).astype(np.float64)
    elif lib == "pil":
        pil = {"bilinear": Image.BILINEAR, "bicubic": Image.BICUBIC, "nearest": Image.NEAREST}[method]
        x = np.asarray(Image.fromarray(rgb).resize((S, S), pil)).astype(np.float64)
    elif lib == "tf":
        import tensorflow as tf
        x = tf.image.resize(rgb.astype(np.float32), (S, S), method=method).numpy().astype(np.float64)
    elif lib == "tfjs":
        import tensorflow as tf
        x = tf.compat.v1.image.resize_bilinear(rgb[None].astype(np.float32), [S, S]).numpy()[0].astype(np.float64)
    else:
        return None
    if i["colorOrder"] == "BGR":
        x = x[..., ::-1]
    x = (x * i["scale"] - np.array(i["mean"])) / np.array(i["std"])
    x = x.astype(np.float32)
    if i["layout"] == "NCHW":
        x = x.transpose(2, 0, 1)
    return x[None]


def add(case_id, kind, expected, dump, s, spec_name, source, why, absent=None):
    img = dict(image="image.png", spec=spec_name)
    extra = {"source": source, "why": why, **({"absent": absent} if absent else {})}
    cases.append({"id": case_id, "kind": kind, "expected": expected, "dump": dump, **img, **extra})
    ref = train_ref(s)
    if ref is not None and kind != "clean":
        name = f"ref-{spec_name[5:-5]}.npy"
        np.save(os.path.join(OUT, name), ref)
        # Without the image a resize or fit cannot be re-run: the honest answer is no confident claim and a request for
        # the image ("needs-image"); causes in the tensors themselves keep their kind.
        image_only = any(e in ("resize-kernel", "resize-fit") for e in expected)
        cases.append({"id": case_id + "-tensor", "kind": "needs-image" if image_only else kind, "expected": expected, "dump": dump,
                      "ref": name, "spec": spec_name, **extra})


def main():
    subprocess.run([sys.executable, os.path.join(SRC, "pipelines.py"), IMAGE, OUT], check=True)
    with tempfile.TemporaryDirectory() as tmp:
        flags = subprocess.run(["pkg-config", "--cflags", "--libs", "opencv4"], check=True, capture_output=True, text=True).stdout.split()
        exe = os.path.join(tmp, "dnn")
        subprocess.run(["g++", "-O2", os.path.join(SRC, "dnn_classification.cpp"), *flags, "-o", exe], check=True)
        subprocess.run([exe, IMAGE, str(S), os.path.join(OUT, "cpp-dnn-classification.bin")], check=True)
        subprocess.run(["javac", "-d", tmp, os.path.join(SRC, "TfliteClassifierDump.java")], check=True)
        subprocess.run(["java", "-cp", tmp, "TfliteClassifierDump", IMAGE, str(S), os.path.join(OUT, "java-tflite-classifier.bin")], check=True)
    for name, shape in (("cpp-dnn-classification.bin", [1, 3, S, S]), ("java-tflite-classifier.bin", [1, S, S, 3])):
        with open(os.path.join(OUT, name + ".json"), "w") as f:
            json.dump({"dtype": "float32", "shape": shape}, f)

    Y = "ultralytics/yolov5 utils/augmentations.py letterbox"
    s = spec("spec-yolo-letterbox.json", "cv2", "linear", fit="letterbox", layout="NCHW", pad=114)
    add("yolov5-letterbox-clean", "clean", [], "py-yolov5.npy", s, "spec-yolo-letterbox.json", Y, "the spec is the letterbox the code does")
    s = spec("spec-yolo-stretch.json", "cv2", "linear", layout="NCHW")
    add("yolov5-vs-stretch", "single", ["resize-fit"], "py-yolov5.npy", s, "spec-yolo-stretch.json", Y, "letterboxed with grey 114 bars; trained on a stretched resize")

    Z = "opencv/opencv_zoo image_classification_mobilenet demo.py + mobilenet.py"
    s = spec("spec-imagenet-cv2-nchw.json", "cv2", "linear", layout="NCHW", norm=IMAGENET)
    add("zoo-mobilenet-vs-stretch", "single", ["resize-fit"], "py-zoo.npy", s, "spec-imagenet-cv2-nchw.json", Z,
        "resize to 256/224 of the input then a centre crop (87.5 %); trained on a plain resize to the input size")

    L = "tensorflow/lite/examples/python/label_image.py"
    s = spec("spec-pm1-tf.json", "tf", "bilinear", norm=PM1)
    add("label-image-vs-tf-resize", "single", ["resize-kernel"], "py-label_image.npy", s, "spec-pm1-tf.json", L,
        "Image.resize default (bicubic) vs tf.image.resize bilinear at training")
    s = spec("spec-pm1-pil-bicubic.json", "pil", "bicubic", norm=PM1)
    add("label-image-clean", "clean", [], "py-label_image.npy", s, "spec-pm1-pil-bicubic.json", L, "the spec is what the code does")

    K = "keras.applications.resnet50.preprocess_input (caffe mode) after keras.utils.load_img"
    s = spec("spec-caffe-pil-nearest.json", "pil", "nearest", color="BGR", norm=dict(scale=1, mean=[103.939, 116.779, 123.68], std=[1, 1, 1]))
    add("keras-caffe-clean", "clean", [], "py-keras_caffe.npy", s, "spec-caffe-pil-nearest.json", K, "the spec is what the code does")
    s = spec("spec-pm1-pil-nearest.json", "pil", "nearest", norm=PM1)
    add("keras-caffe-vs-tf-mode", "mixed", ["channel-swap", "affine-mean-std"], "py-keras_caffe.npy", s, "spec-pm1-pil-nearest.json", K,
        "caffe mode (BGR, mean subtraction, no scaling) where the model was trained with the 'tf' mode ([-1, 1], RGB)")

    T = "keras.applications.densenet.preprocess_input (torch mode) after keras.utils.load_img"
    s = spec("spec-imagenet-pil-bilinear.json", "pil", "bilinear", norm=IMAGENET)
    add("keras-torch-vs-bilinear", "single", ["resize-kernel"], "py-keras_torch.npy", s, "spec-imagenet-pil-bilinear.json", T,
        "load_img resizes with Pillow nearest by default; trained with bilinear")

    J = "tensorflow/tfjs-models mobilenet/src/index.ts infer()"
    s = spec("spec-pm1-tfjs.json", "tfjs", "bilinear", norm=PM1)
    add("tfjs-mobilenet-align-corners", "single", ["resize-kernel"], "py-tfjs_mobilenet.npy", s, "spec-pm1-tfjs.json", J,
        "resizeBilinear(..., alignCorners=true) vs the default alignCorners=false")

    V = "torchvision Resize(256) + CenterCrop(224) + ToTensor + Normalize (pytorch/examples imagenet/main.py)"
    s = spec("spec-imagenet-pil-crop-nchw.json", "pil", "bilinear", fit="crop", layout="NCHW", norm=IMAGENET)
    add("torchvision-eval-vs-crop", "single", ["resize-fit"], "py-torchvision_eval.npy", s, "spec-imagenet-pil-crop-nchw.json", V,
        "shorter side to 256/224 of the input then a centre crop; the spec crops to the aspect ratio only")

    C = "opencv/opencv samples/dnn/classification.cpp blobFromImage (googlenet entry of models.yml)"
    s = spec("spec-rgb-mean-cv2-nchw.json", "cv2", "linear", layout="NCHW", norm=dict(scale=1, mean=[123, 117, 104], std=[1, 1, 1]))
    add("cpp-dnn-vs-rgb", "single", ["channel-swap"], "cpp-dnn-classification.bin", s, "spec-rgb-mean-cv2-nchw.json", C,
        "swapRB=false on a BGR frame; the model was trained on RGB with the same per-colour means")

    A = "tensorflow/examples TFLite Android classification ClassifierFloatMobileNet (ByteBuffer putFloat)"
    s = spec("spec-pm1-cv2.json", "cv2", "linear", norm=PM1)
    add("java-tflite-vs-cv2", "single", ["resize-kernel"], "java-tflite-classifier.bin", s, "spec-pm1-cv2.json", A,
        "Java2D bilinear scaling vs cv2.resize INTER_LINEAR at training")
    s = spec("spec-pm1-java2d.json", "java2d", "bilinear", norm=PM1)
    add("java-tflite-clean", "clean", [], "java-tflite-classifier.bin", s, "spec-pm1-java2d.json", A, "the spec is what the code does")

    # Second batch: added after the first fix (resize-then-crop), run before any change for it.
    B = "tensorflow/models research/slim/preprocessing/inception_preprocessing.py preprocess_for_eval"
    s = spec("spec-pm1-tf.json", "tf", "bilinear", norm=PM1)
    add("slim-inception-eval-vs-tf", "mixed", ["resize-fit", "resize-kernel"], "py-slim_inception_eval.npy", s, "spec-pm1-tf.json", B,
        "central_crop(0.875) of the image before the resize, and TF1 resize_bilinear (no half-pixel centres); trained on tf.image.resize of the whole image")
    M = "TF Hub MoveNet tutorial (tf.image.resize_with_pad, cast to int32)"
    s = spec("spec-movenet.json", "tf", "bilinear", fit="letterbox", pad=0, norm=dict(scale=1, mean=[0, 0, 0], std=[1, 1, 1]), dtype="int32")
    add("movenet-tutorial-clean", "clean", [], "py-movenet_tutorial.npy", s, "spec-movenet.json", M, "the spec is what the code does")
    add("movenet-cv2-frame-bgr", "single", ["channel-swap"], "py-movenet_cv2_frame.npy", s, "spec-movenet.json", M + ", fed cv2's BGR frame",
        "cv2 frame (BGR) fed without cvtColor")

    # Third batch: added after the second fix (central crop), run before any change for it.
    TM = "timm transforms_imagenet_eval, resnet50.a1_in1k settings (crop_pct 0.95, bicubic)"
    s = spec("spec-imagenet-pil-bilinear-crop-nchw.json", "pil", "bilinear", fit="crop", layout="NCHW", norm=IMAGENET)
    add("timm-eval-vs-crop", "mixed", ["resize-fit", "resize-kernel"], "py-timm_eval.npy", s, "spec-imagenet-pil-bilinear-crop-nchw.json", TM,
        "shorter side to floor(48 / 0.95) with bicubic, centre crop; the spec crops to the aspect ratio with bilinear")
    HV = "transformers ViTImageProcessor (resize BILINEAR, rescale, normalize 0.5/0.5, channels first)"
    s = spec("spec-pm1-tf.json", "tf", "bilinear", norm=PM1)
    add("hf-vit-vs-tf-nhwc", "mixed", ["layout-nchw-nhwc", "resize-kernel"], "py-hf_vit.npy", s, "spec-pm1-tf.json", HV,
        "channels first and PIL bilinear; the TF-trained model takes NHWC from tf.image.resize")
    AF = "insightface ArcFaceONNX.get_feat (cv2.dnn.blobFromImages, 1/127.5, mean 127.5, swapRB=True)"
    s = spec("spec-pm1-cv2-nchw.json", "cv2", "linear", layout="NCHW", norm=PM1)
    add("arcface-clean", "clean", [], "py-arcface.npy", s, "spec-pm1-cv2-nchw.json", AF, "the spec is what the code does")
    s = spec("spec-imagenet-cv2-nchw.json", "cv2", "linear", layout="NCHW", norm=IMAGENET)
    add("arcface-vs-imagenet-norm", "single", ["affine-mean-std"], "py-arcface.npy", s, "spec-imagenet-cv2-nchw.json", AF,
        "[-1, 1] scaling where training normalized with the ImageNet mean/std")

    s = spec("spec-pm1-cv2-nchw.json", "cv2", "linear", layout="NCHW", norm=PM1)
    add("arcface-norm-crop-unmodelled", "unmodelled", [], "py-arcface_norm_crop.npy", s, "spec-pm1-cv2-nchw.json",
        AF + " after face_align.norm_crop", "a similarity warp of the face (warpAffine) is not modelled: no confident claim")

    with open(os.path.join(OUT, "manifest.json"), "w") as f:
        json.dump({"round": "heldout-1", "programs": "scripts/golden/programs/heldout/", "cases": cases}, f, indent=1)
    print(len(cases), "cases")


if __name__ == "__main__":
    main()
