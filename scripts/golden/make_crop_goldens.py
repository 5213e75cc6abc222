#!/usr/bin/env python3
"""Centre-crop-then-resize references for the spec's input.resize.fit "crop" (test/unit/preprocess-crop.test.ts).

- pil:  PIL.ImageOps.fit(image, (w, h), method) of Pillow 13: a fractional crop box, then Image.resize(box=...).
- tf:   keras.preprocessing.image.smart_resize(x, (h, w), interpolation) on a numpy array (Keras 3, TensorFlow
        backend): a whole-pixel centred crop, then tf.image.resize (half-pixel centres, no antialias).
- cv2:  the same whole-pixel crop (computed as smart_resize does), then cv2.resize with the named interpolation.
- tfjs: the same crop, then tf.compat.v1.image.resize_bilinear / resize_nearest_neighbor with tfjs's defaults
        (align_corners=False, half_pixel_centers=False), which the tfjs kernels reproduce.
Inputs are seeded noise made here (wide, tall, odd-sized, square; RGB, RGBA, L), so nothing is downloaded.

Writes test/golden/crop/<name>.npy and manifest.json (about 200 KB in all).
Run from the repository root:  .venv/bin/python scripts/golden/make_crop_goldens.py
"""
import json
import os

os.environ.setdefault('TF_CPP_MIN_LOG_LEVEL', '3')
os.environ.setdefault('KERAS_BACKEND', 'tensorflow')

import cv2  # noqa: E402
import keras  # noqa: E402
import numpy as np  # noqa: E402
import PIL  # noqa: E402
import tensorflow as tf  # noqa: E402
from PIL import Image, ImageOps  # noqa: E402

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..'))
OUT_DIR = os.path.join(ROOT, 'test', 'golden', 'crop')

cv2.setNumThreads(1)

# name: (width, height, channels, seed)
INPUTS = {
    'wide_57x31': (57, 31, 3, 1),
    'tall_29x50': (29, 50, 3, 2),
    'odd_45x37': (45, 37, 3, 3),
    'tall_29x120': (29, 120, 3, 4),
    'wide_40x30': (40, 30, 3, 5),
    'rgba_43x29': (43, 29, 4, 6),
    'gray_33x47': (33, 47, 1, 7),
}

PIL_FILTERS = {
    'nearest': Image.Resampling.NEAREST, 'box': Image.Resampling.BOX, 'bilinear': Image.Resampling.BILINEAR,
    'hamming': Image.Resampling.HAMMING, 'bicubic': Image.Resampling.BICUBIC, 'lanczos': Image.Resampling.LANCZOS,
}
CV2_INTERP = {'nearest': cv2.INTER_NEAREST, 'linear': cv2.INTER_LINEAR, 'cubic': cv2.INTER_CUBIC, 'area': cv2.INTER_AREA}

# (library, method, input, out width, out height, what the case pins)
CASES = [
    ('pil', 'bicubic', 'wide_57x31', 24, 24, 'ImageOps.fit default filter, fractional box on a wide image'),
    ('pil', 'bilinear', 'wide_57x31', 20, 16, 'non-square target, fractional box'),
    ('pil', 'lanczos', 'tall_29x50', 21, 16, 'tall image cropped top and bottom'),
    ('pil', 'nearest', 'odd_45x37', 16, 21, 'nearest: affine scale offset by the box'),
    ('pil', 'nearest', 'wide_57x31', 23, 17, 'nearest, wide'),
    ('pil', 'box', 'odd_45x37', 13, 11, 'box filter'),
    ('pil', 'hamming', 'tall_29x50', 17, 19, 'hamming filter'),
    ('pil', 'bicubic', 'tall_29x120', 24, 24, 'vertical pass first (height shrinks > 2x the width)'),
    ('pil', 'bilinear', 'wide_40x30', 30, 30, 'whole-pixel box of the output size: a plain crop'),
    ('pil', 'bicubic', 'wide_40x30', 48, 40, 'enlarging after the crop'),
    ('pil', 'bilinear', 'rgba_43x29', 19, 19, 'RGBA: premultiplied alpha around the boxed resize'),
    ('pil', 'lanczos', 'gray_33x47', 15, 20, 'L mode'),
    ('tf', 'bilinear', 'wide_57x31', 24, 24, 'smart_resize default interpolation'),
    ('tf', 'bilinear', 'odd_45x37', 16, 21, 'odd spare pixels: the offset is truncated'),
    ('tf', 'nearest', 'tall_29x50', 21, 16, 'smart_resize nearest'),
    ('tf', 'bicubic', 'wide_57x31', 20, 16, 'smart_resize bicubic'),
    ('tf', 'area', 'tall_29x120', 24, 24, 'smart_resize area'),
    ('tf', 'lanczos3', 'odd_45x37', 19, 13, 'smart_resize lanczos3'),
    ('cv2', 'linear', 'wide_57x31', 24, 24, 'cv2 INTER_LINEAR after the crop'),
    ('cv2', 'area', 'odd_45x37', 16, 21, 'cv2 INTER_AREA after the crop'),
    ('cv2', 'cubic', 'tall_29x50', 21, 16, 'cv2 INTER_CUBIC after the crop'),
    ('tfjs', 'bilinear', 'wide_57x31', 20, 16, 'tfjs bilinear (legacy corners) after the crop'),
    ('tfjs', 'nearest', 'odd_45x37', 16, 21, 'tfjs nearest (legacy corners) after the crop'),
]


def make_input(w, h, cn, seed):
    rng = np.random.default_rng(seed)
    # Smooth gradients plus noise, so interpolation errors show and values span 0..255.
    yy, xx = np.mgrid[0:h, 0:w]
    base = (xx * 255.0 / max(w - 1, 1) + yy * 127.0 / max(h - 1, 1)) / 1.5
    img = np.stack([base + rng.normal(0, 40, (h, w)) for _ in range(cn)], axis=-1)
    if cn == 4:
        img[..., 3] = rng.integers(0, 256, (h, w))
        img[0, :, 3] = 0
        img[-1, :, 3] = 255
    return np.clip(np.round(img), 0, 255).astype(np.uint8)


def keras_box(h, w, th, tw):
    """The crop of keras.src.utils.image_utils.smart_resize for static (int) sizes."""
    ch = max(min(h, int(float(w * th) / tw)), 1)
    cw = max(min(w, int(float(h * tw) / th)), 1)
    return int(float(h - ch) / 2), int(float(w - cw) / 2), ch, cw


def pil_image(arr):
    mode = {1: 'L', 3: 'RGB', 4: 'RGBA'}[arr.shape[2]]
    return Image.fromarray(arr[..., 0] if mode == 'L' else arr, mode)


def run(lib, method, arr, tw, th):
    h, w = arr.shape[:2]
    if lib == 'pil':
        out = np.asarray(ImageOps.fit(pil_image(arr), (tw, th), PIL_FILTERS[method]))
        return out.reshape(th, tw, -1), 'PIL.ImageOps.fit(img, (%d, %d), Image.Resampling.%s)' % (tw, th, method.upper())
    if lib == 'tf':
        out = keras.preprocessing.image.smart_resize(arr, (th, tw), interpolation=method)
        return np.asarray(out, dtype=np.float32), 'keras.preprocessing.image.smart_resize(x, (%d, %d), interpolation="%s")' % (th, tw, method)
    top, left, ch, cw = keras_box(h, w, th, tw)
    crop = np.ascontiguousarray(arr[top:top + ch, left:left + cw])
    if lib == 'cv2':
        out = cv2.resize(crop, (tw, th), interpolation=CV2_INTERP[method])
        return out.reshape(th, tw, -1), 'cv2.resize(x[%d:%d, %d:%d], (%d, %d), interpolation=cv2.INTER_%s)' % (
            top, top + ch, left, left + cw, tw, th, method.upper())
    fn = tf.compat.v1.image.resize_bilinear if method == 'bilinear' else tf.compat.v1.image.resize_nearest_neighbor
    out = fn(crop[None], (th, tw), align_corners=False, half_pixel_centers=False)[0].numpy()
    return out.astype(np.float32) if method == 'bilinear' else out, '%s(x[%d:%d, %d:%d], (%d, %d)) (tfjs defaults)' % (
        fn.__name__, top, top + ch, left, left + cw, th, tw)


def main():
    os.makedirs(OUT_DIR, exist_ok=True)
    for f in os.listdir(OUT_DIR):
        if f.endswith('.npy'):
            os.remove(os.path.join(OUT_DIR, f))
    inputs = {}
    for name, (w, h, cn, seed) in INPUTS.items():
        inputs[name] = make_input(w, h, cn, seed)
        np.save(os.path.join(OUT_DIR, name + '.npy'), inputs[name])
    cases = []
    for lib, method, inp, tw, th, what in CASES:
        out, call = run(lib, method, inputs[inp], tw, th)
        name = '%s_%s_%s_to_%dx%d' % (lib, method, inp, tw, th)
        np.save(os.path.join(OUT_DIR, name + '.npy'), out)
        cases.append({'name': name, 'library': lib, 'method': method, 'input': inp, 'width': tw, 'height': th,
                      'dtype': str(out.dtype), 'call': call, 'what': what})
    manifest = {
        'generator': 'scripts/golden/make_crop_goldens.py',
        'versions': {'pillow': PIL.__version__, 'keras': keras.__version__, 'tensorflow': tf.__version__,
                     'opencv': cv2.__version__, 'numpy': np.__version__},
        'inputs': {k: {'width': v[0], 'height': v[1], 'channels': v[2]} for k, v in INPUTS.items()},
        'cases': cases,
    }
    with open(os.path.join(OUT_DIR, 'manifest.json'), 'w') as f:
        json.dump(manifest, f, indent=1)
        f.write('\n')
    print('wrote %d cases to %s' % (len(cases), OUT_DIR))


if __name__ == '__main__':
    main()
