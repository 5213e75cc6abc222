#!/usr/bin/env python3
"""Held-out diagnosis round: real public preprocessing functions, re-typed (only the few preprocessing lines) or called
from their pip package, each run on one image and saved the way that code feeds its model.

    .venv/bin/python scripts/golden/programs/heldout/pipelines.py IMAGE OUTDIR

Sources (read, not copied):
  yolov5      https://github.com/ultralytics/yolov5/blob/master/utils/augmentations.py (letterbox) and
              detect.py / utils/dataloaders.py LoadImages (HWC->CHW, BGR->RGB, /255)
  zoo         https://github.com/opencv/opencv_zoo/blob/main/models/image_classification_mobilenet/demo.py and mobilenet.py
              (resize to 256, crop [16:240], (x/255 - mean)/std in float64, NCHW, astype float32)
  label_image https://github.com/tensorflow/tensorflow/blob/master/tensorflow/lite/examples/python/label_image.py
              (Image.open(...).resize((w, h)), (np.float32(x) - 127.5) / 127.5)
  keras       keras.applications.resnet50 / densenet preprocess_input (caffe and torch modes), called from the pip package,
              after keras.utils.load_img(target_size=...) (Pillow nearest by default)
  tfjs        https://github.com/tensorflow/tfjs-models/blob/master/mobilenet/src/index.ts (x.sub(127.5).div(127.5) then
              tf.image.resizeBilinear(..., alignCorners=true)), ported with tf.compat.v1.image.resize_bilinear
  torchvision https://github.com/pytorch/vision/blob/main/torchvision/transforms/transforms.py (Resize(int): shorter
              side, CenterCrop: round((h - th) / 2), ToTensor, Normalize), the ImageNet eval recipe of
              https://github.com/pytorch/examples/blob/main/imagenet/main.py, re-typed with Pillow (bilinear)
Second batch (added after the first fix, run before any change for it):
  slim        https://github.com/tensorflow/models/blob/master/research/slim/preprocessing/inception_preprocessing.py
              preprocess_for_eval (convert_image_dtype, central_crop(0.875), TF1 resize_bilinear, (x - 0.5) * 2)
  movenet     https://www.tensorflow.org/hub/tutorials/movenet (tf.image.resize_with_pad, tf.cast(..., tf.int32)); the
              cv2 variant feeds cv2's BGR frame straight in, as webcam loops built on that tutorial do
Third batch (added after the second fix, run before any change for it):
  timm        https://github.com/huggingface/pytorch-image-models/blob/main/timm/data/transforms_factory.py
              transforms_imagenet_eval (scale_size = floor(img_size / crop_pct), Resize(scale_size) + CenterCrop), with
              the resnet50.a1_in1k settings (crop_pct 0.95, bicubic)
  vit         https://github.com/huggingface/transformers/blob/main/src/transformers/models/vit/image_processing_vit.py
              (PIL resize BILINEAR to 224x224, rescale 1/255, normalize mean 0.5 std 0.5, channels first)
  arcface     https://github.com/deepinsight/insightface/blob/master/python-package/insightface/model_zoo/arcface_onnx.py
              get_feat: cv2.dnn.blobFromImages(imgs, 1.0 / 127.5, input_size, (127.5,) * 3, swapRB=True)
  norm_crop   https://github.com/deepinsight/insightface/blob/master/python-package/insightface/utils/face_align.py
              norm_crop: a similarity transform of 5 landmarks onto the arcface_dst template, cv2.warpAffine (the
              landmarks here are fixed points of the demo image, estimated with cv2.estimateAffinePartial2D)
The sizes are scaled down (48 px inputs) so each dump stays small.
"""
import os
import sys

import cv2
import numpy as np
from PIL import Image

S = 48  # model input side (640 / 224 in the originals)
MEAN = np.array([0.485, 0.456, 0.406])
STD = np.array([0.229, 0.224, 0.225])


def yolov5_letterbox(im, new_shape, color=(114, 114, 114), auto=True, scaleFill=False, scaleup=True, stride=32):
    """ultralytics/yolov5 utils/augmentations.py letterbox (re-typed)."""
    shape = im.shape[:2]
    if isinstance(new_shape, int):
        new_shape = (new_shape, new_shape)
    r = min(new_shape[0] / shape[0], new_shape[1] / shape[1])
    if not scaleup:
        r = min(r, 1.0)
    new_unpad = int(round(shape[1] * r)), int(round(shape[0] * r))
    dw, dh = new_shape[1] - new_unpad[0], new_shape[0] - new_unpad[1]
    if auto:
        dw, dh = np.mod(dw, stride), np.mod(dh, stride)
    dw /= 2
    dh /= 2
    if shape[::-1] != new_unpad:
        im = cv2.resize(im, new_unpad, interpolation=cv2.INTER_LINEAR)
    top, bottom = int(round(dh - 0.1)), int(round(dh + 0.1))
    left, right = int(round(dw - 0.1)), int(round(dw + 0.1))
    return cv2.copyMakeBorder(im, top, bottom, left, right, cv2.BORDER_CONSTANT, value=color)


def yolov5(path):
    im0 = cv2.imread(path)
    im = yolov5_letterbox(im0, S, auto=False)  # fixed-shape export (auto=False), as for a TFLite/ONNX model
    im = im.transpose((2, 0, 1))[::-1]  # HWC to CHW, BGR to RGB
    im = np.ascontiguousarray(im)
    im = im.astype(np.float32) / 255
    return im[None]


def zoo(path):
    image = cv2.imread(path)
    image = cv2.cvtColor(image, cv2.COLOR_BGR2RGB)
    big = S * 256 // 224
    off = (big - S) // 2
    image = cv2.resize(image, dsize=(big, big))
    image = image[off:off + S, off:off + S, :]
    blob = (image / 255.0 - MEAN) / STD
    blob = blob.transpose(2, 0, 1)[np.newaxis]
    return blob.astype(np.float32)


def label_image(path):
    img = Image.open(path).resize((S, S))
    x = np.expand_dims(img, axis=0)
    return (np.float32(x) - 127.5) / 127.5


def keras_caffe(path):
    import keras
    from keras.applications.resnet50 import preprocess_input
    img = keras.utils.load_img(path, target_size=(S, S))
    x = keras.utils.img_to_array(img)[None]
    return preprocess_input(x).astype(np.float32)


def keras_torch(path):
    import keras
    from keras.applications.densenet import preprocess_input
    img = keras.utils.load_img(path, target_size=(S, S))
    x = keras.utils.img_to_array(img)[None]
    return preprocess_input(x).astype(np.float32)


def tfjs_mobilenet(path):
    import tensorflow as tf
    img = tf.constant(np.asarray(Image.open(path).convert("RGB")))  # tf.browser.fromPixels: RGB uint8
    normalized = (tf.cast(img, tf.float32) - 127.5) / 127.5
    resized = tf.compat.v1.image.resize_bilinear(normalized[None], [S, S], align_corners=True)
    return resized.numpy().astype(np.float32)


def torchvision_eval(path):
    img = Image.open(path).convert("RGB")
    size = S * 256 // 224
    w, h = img.size
    if w <= h:
        ow, oh = size, int(size * h / w)
    else:
        oh, ow = size, int(size * w / h)
    img = img.resize((ow, oh), Image.BILINEAR)
    top = int(round((oh - S) / 2.0))
    left = int(round((ow - S) / 2.0))
    img = img.crop((left, top, left + S, top + S))
    t = np.asarray(img, dtype=np.float32).transpose(2, 0, 1) / 255.0  # ToTensor
    t = (t - MEAN.astype(np.float32)[:, None, None]) / STD.astype(np.float32)[:, None, None]  # Normalize
    return t[None].astype(np.float32)


def slim_inception_eval(path):
    import tensorflow as tf
    image = tf.io.decode_png(tf.io.read_file(path), channels=3)
    image = tf.image.convert_image_dtype(image, dtype=tf.float32)
    image = tf.image.central_crop(image, central_fraction=0.875)
    image = tf.compat.v1.image.resize_bilinear(tf.expand_dims(image, 0), [S, S], align_corners=False)
    image = tf.multiply(tf.subtract(image, 0.5), 2.0)
    return image.numpy().astype(np.float32)


def movenet_tutorial(path):
    import tensorflow as tf
    image = tf.io.decode_png(tf.io.read_file(path), channels=3)
    input_image = tf.expand_dims(image, axis=0)
    input_image = tf.image.resize_with_pad(input_image, S, S)
    return tf.cast(input_image, dtype=tf.int32).numpy()


def movenet_cv2_frame(path):
    import tensorflow as tf
    frame = cv2.imread(path)  # what cap.read() gives: BGR
    input_image = tf.expand_dims(frame, axis=0)
    input_image = tf.image.resize_with_pad(input_image, S, S)
    return tf.cast(input_image, dtype=tf.int32).numpy()


def timm_eval(path):
    import math
    img = Image.open(path).convert("RGB")
    scale_size = math.floor(S / 0.95)
    w, h = img.size
    if w <= h:
        ow, oh = scale_size, int(scale_size * h / w)
    else:
        oh, ow = scale_size, int(scale_size * w / h)
    img = img.resize((ow, oh), Image.BICUBIC)
    top = int(round((oh - S) / 2.0))
    left = int(round((ow - S) / 2.0))
    img = img.crop((left, top, left + S, top + S))
    t = np.asarray(img, dtype=np.float32).transpose(2, 0, 1) / 255.0
    t = (t - MEAN.astype(np.float32)[:, None, None]) / STD.astype(np.float32)[:, None, None]
    return t[None].astype(np.float32)


def hf_vit(path):
    img = Image.open(path).convert("RGB").resize((S, S), Image.BILINEAR)
    x = np.asarray(img).astype(np.float64) * (1 / 255)
    x = x.astype(np.float32)
    x = (x - np.array([0.5, 0.5, 0.5], np.float32)) / np.array([0.5, 0.5, 0.5], np.float32)
    return x.transpose(2, 0, 1)[None].astype(np.float32)


def arcface(path):
    img = cv2.imread(path)
    return cv2.dnn.blobFromImages([img], 1.0 / 127.5, (S, S), (127.5, 127.5, 127.5), swapRB=True)


def arcface_norm_crop(path):
    img = cv2.imread(path)
    dst = np.array([[38.2946, 51.6963], [73.5318, 51.5014], [56.0252, 71.7366], [41.5493, 92.3655], [70.7299, 92.2041]], np.float32) * (S / 112.0)
    kps = np.array([[50, 30], [72, 31], [61, 44], [52, 58], [70, 58]], np.float32)
    M, _ = cv2.estimateAffinePartial2D(kps, dst, method=cv2.LMEDS)
    aimg = cv2.warpAffine(img, M, (S, S), borderValue=0.0)
    return cv2.dnn.blobFromImages([aimg], 1.0 / 127.5, (S, S), (127.5, 127.5, 127.5), swapRB=True)


PIPELINES = {
    "yolov5": yolov5,
    "zoo": zoo,
    "label_image": label_image,
    "keras_caffe": keras_caffe,
    "keras_torch": keras_torch,
    "tfjs_mobilenet": tfjs_mobilenet,
    "torchvision_eval": torchvision_eval,
    "slim_inception_eval": slim_inception_eval,
    "movenet_tutorial": movenet_tutorial,
    "movenet_cv2_frame": movenet_cv2_frame,
    "timm_eval": timm_eval,
    "hf_vit": hf_vit,
    "arcface": arcface,
    "arcface_norm_crop": arcface_norm_crop,
}

if __name__ == "__main__":
    image, out = sys.argv[1], sys.argv[2]
    for name, fn in PIPELINES.items():
        arr = fn(image)
        np.save(os.path.join(out, f"py-{name}.npy"), arr)
        print(name, arr.shape, arr.dtype)
