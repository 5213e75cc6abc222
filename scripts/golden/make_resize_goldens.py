#!/usr/bin/env python3
"""Reference resize outputs from the real libraries (OpenCV, Pillow, TensorFlow, tfjs) for the kernel tests.

Writes test/golden/resize/inputs/*.npy (raw pixels, decoded once so JPEG/PNG decoders never enter the
comparison), test/golden/resize/out/*.npy and test/golden/resize/manifest.json.
The tfjs cases are produced by scripts/golden/make_resize_goldens_tfjs.mjs, which this script runs with node.

Run from the repository root:  python scripts/golden/make_resize_goldens.py
"""
import json
import os
import shutil
import subprocess
import sys

import cv2
import numpy as np
import PIL
from PIL import Image
import tensorflow as tf

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..'))
OUT_DIR = os.path.join(ROOT, 'test', 'golden', 'resize')
DEMO = os.path.join(ROOT, 'demo', 'images')

cv2.setNumThreads(1)


def load_rgb(name):
    with Image.open(os.path.join(DEMO, name)) as im:
        return np.asarray(im.convert('RGB'))


def make_inputs():
    rng = np.random.default_rng(20240611)
    astro = load_rgb('astronaut.png')          # 512x512
    hopper = load_rgb('hopper.jpg')            # 128x128
    wide = load_rgb('astronaut-wide.jpg')      # 1280x720
    gray_astro = np.asarray(Image.fromarray(astro).convert('L'))
    ins = {}

    # Natural photos: crops (no resampling), so the content keeps its real high frequencies.
    ins['astro_rgb_96x72'] = astro[60:132, 150:246]
    ins['astro_gray_100x100'] = gray_astro[20:120, 180:280]
    ins['hopper_rgb_128x128'] = hopper
    ins['hopper_rgb_37x23'] = hopper[40:63, 45:82]
    ins['wide_rgb_120x64'] = wide[300:364, 500:620]
    ins['astro_gray_512x512'] = gray_astro
    ins['wide_gray_640x480'] = np.asarray(Image.fromarray(wide[100:580, 300:940]).convert('L'))
    ins['astro_gray_128x96'] = gray_astro[200:296, 100:228]
    # RGBA and LA with an alpha ramp that includes 0 and 255 (Pillow premultiplies before filtering).
    yy, xx = np.mgrid[0:64, 0:80]
    alpha = np.clip((xx * 4 + yy * 2) - 40, 0, 255).astype(np.uint8)
    alpha[10:20, 10:30] = 0
    ins['astro_rgba_80x64'] = np.dstack([astro[300:364, 200:280], alpha])
    ins['hopper_la_64x48'] = np.dstack([np.asarray(Image.fromarray(hopper).convert('L'))[30:78, 20:84], alpha[:48, :64]])
    # 16-bit and float32 photos.
    g16 = gray_astro[250:298, 250:314].astype(np.uint16) * 257 + rng.integers(0, 257, (48, 64), dtype=np.uint16)
    ins['astro_gray16_64x48'] = g16
    ins['hopper_f32rgb_64x48'] = (hopper[40:88, 30:94].astype(np.float32) / 255.0)
    ins['hopper_f32gray_64x48'] = (np.asarray(Image.fromarray(hopper).convert('L'))[40:88, 30:94].astype(np.float32) / 255.0)

    # Synthetic: checkerboards, edges, gradients, noise, extreme aspect ratios, tiny images.
    y, x = np.mgrid[0:48, 0:64]
    cb = (((x // 8) + (y // 8)) % 2).astype(np.uint8)
    ins['checker8_rgb_64x48'] = np.dstack([cb * 255, (1 - cb) * 200 + 20, cb * 90 + 60]).astype(np.uint8)
    y, x = np.mgrid[0:23, 0:37]
    ins['checker1_gray_37x23'] = (((x + y) % 2) * 255).astype(np.uint8)
    y, x = np.mgrid[0:67, 0:101]
    edges = np.zeros((67, 101, 3), np.uint8)
    edges[:, 50:] = 255
    edges[30:33, :, 1] = 255
    edges[(x - y * 1.5) > 20, 2] = 200
    ins['edges_rgb_101x67'] = edges
    y, x = np.mgrid[0:23, 0:37]
    ins['gradient_rgb_37x23'] = np.dstack([x * 7, y * 11, (x + y) * 4]).astype(np.uint8)
    ins['noise_rgb_37x23'] = rng.integers(0, 256, (23, 37, 3), dtype=np.uint8)
    ins['noise_gray_50x50'] = rng.integers(0, 256, (50, 50), dtype=np.uint8)
    ins['noise_rgb_64x64'] = rng.integers(0, 256, (64, 64, 3), dtype=np.uint8)
    ins['extreme_rgb_1000x7'] = np.dstack([
        np.tile(np.arange(1000) % 256, (7, 1)), rng.integers(0, 256, (7, 1000)), np.tile(np.arange(7)[:, None] * 40, (1, 1000)),
    ]).astype(np.uint8)
    ins['extreme_gray_7x300'] = rng.integers(0, 256, (300, 7), dtype=np.uint8)
    ins['tiny_rgb_1x1'] = np.array([[[10, 200, 90]]], np.uint8)
    ins['tiny_rgb_2x3'] = np.array([[[0, 0, 0], [255, 255, 255]], [[255, 0, 0], [0, 255, 0]], [[10, 20, 30], [200, 100, 50]]], np.uint8)
    y, x = np.mgrid[0:32, 0:32]
    ins['saturate_rgb_32x32'] = np.dstack([((x // 2) % 2) * 255, ((y // 3) % 2) * 255, ((x + y) % 5 == 0) * 255]).astype(np.uint8)
    y, x = np.mgrid[0:64, 0:64]
    ins['stripes_gray_64x64'] = ((x % 3 == 0) * 255).astype(np.uint8)
    y, x = np.mgrid[0:96, 0:96]
    r2 = ((x - 48) ** 2 + (y - 48) ** 2).astype(np.float64)
    ins['zoneplate_gray_96x96'] = np.round(127.5 + 127.5 * np.cos(r2 * np.pi / 180.0)).astype(np.uint8)
    return ins


def sizes_for(name, h, w):
    """Target (width, height) pairs per input: shrinks, enlargements, mixed, and the brief's named cases."""
    special = {
        'astro_rgb_96x72': [(41, 31), (110, 30)],
        'astro_gray_100x100': [(256, 256), (33, 33)],
        'hopper_rgb_128x128': [(40, 40), (96, 48)],
        'hopper_rgb_37x23': [(74, 46), (18, 11), (50, 23)],
        'wide_rgb_120x64': [(45, 25), (32, 96)],
        'astro_gray_512x512': [(224, 224)],
        'wide_gray_640x480': [(300, 199)],
        'astro_gray_128x96': [(30, 22), (57, 41)],
        'astro_rgba_80x64': [(33, 27), (70, 55)],
        'hopper_la_64x48': [(29, 21), (53, 40)],
        'astro_gray16_64x48': [(29, 21), (70, 55)],
        'hopper_f32rgb_64x48': [(29, 21), (70, 55)],
        'hopper_f32gray_64x48': [(23, 17), (70, 55)],
        'checker8_rgb_64x48': [(24, 18), (50, 37)],
        'checker1_gray_37x23': [(16, 13), (63, 40)],
        'edges_rgb_101x67': [(43, 38), (33, 90)],
        'gradient_rgb_37x23': [(16, 13), (63, 40)],
        'noise_rgb_37x23': [(16, 13), (63, 40)],
        'noise_gray_50x50': [(25, 25), (10, 10), (71, 71)],
        'noise_rgb_64x64': [(32, 32), (16, 16), (21, 21)],
        'extreme_rgb_1000x7': [(100, 3), (37, 12)],
        'extreme_gray_7x300': [(3, 100), (20, 37)],
        'tiny_rgb_1x1': [(3, 2)],
        'tiny_rgb_2x3': [(5, 7), (1, 1)],
        'saturate_rgb_32x32': [(13, 13), (45, 45)],
        'stripes_gray_64x64': [(27, 27), (70, 70)],
        'zoneplate_gray_96x96': [(37, 37), (24, 24)],
    }
    return special[name]


CV2 = {
    'nearest': cv2.INTER_NEAREST, 'nearest-exact': cv2.INTER_NEAREST_EXACT, 'linear': cv2.INTER_LINEAR,
    'linear-exact': cv2.INTER_LINEAR_EXACT, 'area': cv2.INTER_AREA, 'cubic': cv2.INTER_CUBIC,
    'lanczos4': cv2.INTER_LANCZOS4,
}
PIL_M = {
    'nearest': Image.Resampling.NEAREST, 'box': Image.Resampling.BOX, 'bilinear': Image.Resampling.BILINEAR,
    'hamming': Image.Resampling.HAMMING, 'bicubic': Image.Resampling.BICUBIC, 'lanczos': Image.Resampling.LANCZOS,
}
if hasattr(Image.Resampling, 'MKS2013'):
    PIL_M['mks2013'] = Image.Resampling.MKS2013
    PIL_M['mks2021'] = Image.Resampling.MKS2021
LARGE_CV2 = ('nearest', 'linear', 'area', 'cubic')
LARGE_PIL = ('bilinear', 'bicubic', 'lanczos')
TF1_INPUTS = ('hopper_rgb_37x23', 'noise_gray_50x50', 'checker1_gray_37x23', 'hopper_f32rgb_64x48',
              'extreme_rgb_1000x7', 'tiny_rgb_2x3', 'astro_gray_128x96')
TF_METHODS = ['bilinear', 'nearest', 'bicubic', 'area', 'lanczos3', 'lanczos5', 'gaussian', 'mitchellcubic']


def pil_image(arr):
    if arr.dtype == np.uint8 or (arr.ndim == 2 and arr.dtype in (np.uint16, np.float32)):
        im = Image.fromarray(arr)
        assert im.mode in ('L', 'LA', 'RGB', 'RGBA', 'I;16', 'F'), im.mode
        return im
    return None


def pil_array(im, like):
    if im.mode == 'I;16':
        return np.frombuffer(im.tobytes(), dtype='<u2').reshape(im.size[1], im.size[0]).astype(np.uint16)
    return np.asarray(im).astype(like.dtype)


def tf_run(arr, w, h, method, antialias=None, v1=None):
    x = tf.constant(arr if arr.ndim == 3 else arr[:, :, None])
    if v1 is not None:
        op, align, half = v1
        fn = {'bilinear': tf.compat.v1.image.resize_bilinear, 'nearest': tf.compat.v1.image.resize_nearest_neighbor,
              'bicubic': tf.compat.v1.image.resize_bicubic, 'area': tf.compat.v1.image.resize_area}[op]
        kw = {'align_corners': align}
        if op != 'area':
            kw['half_pixel_centers'] = half
        y = fn(x[None], [h, w], **kw)[0]
    else:
        y = tf.image.resize(x, [h, w], method=method, antialias=bool(antialias))
    y = y.numpy()
    return y if arr.ndim == 3 else y[:, :, 0]


def main():
    if os.path.isdir(OUT_DIR):
        for sub in ('inputs', 'out', 'color'):
            shutil.rmtree(os.path.join(OUT_DIR, sub), ignore_errors=True)
    os.makedirs(os.path.join(OUT_DIR, 'inputs'), exist_ok=True)
    os.makedirs(os.path.join(OUT_DIR, 'out'), exist_ok=True)
    ins = make_inputs()
    manifest = {
        'generator': 'scripts/golden/make_resize_goldens.py',
        'versions': {'opencv': cv2.__version__, 'pillow': PIL.__version__, 'tensorflow': tf.__version__,
                     'numpy': np.__version__, 'ipp': cv2.ipp.useIPP()},
        'inputs': {}, 'cases': [],
    }
    for name, arr in ins.items():
        arr = np.ascontiguousarray(arr)
        np.save(os.path.join(OUT_DIR, 'inputs', name + '.npy'), arr)
        manifest['inputs'][name] = {'file': 'inputs/' + name + '.npy', 'shape': list(arr.shape), 'dtype': str(arr.dtype)}

    def add(name, lib, method, w, h, out, opts=None):
        tag = '' if not opts else '_' + '_'.join(f'{k}{int(v)}' for k, v in sorted(opts.items()))
        cid = f'{name}__{lib}_{method}{tag}__{w}x{h}'
        out = np.ascontiguousarray(out)
        np.save(os.path.join(OUT_DIR, 'out', cid + '.npy'), out)
        manifest['cases'].append({'id': cid, 'input': name, 'library': lib, 'method': method, 'width': w, 'height': h,
                                  'opts': opts or {}, 'file': 'out/' + cid + '.npy', 'dtype': str(out.dtype)})

    for name, arr in ins.items():
        h, w = arr.shape[:2]
        for (ow, oh) in sizes_for(name, h, w):
            # The three large named cases keep only the common methods, to keep the committed data small.
            large = ow * oh > 150 * 150
            # OpenCV: every interpolation, default settings (IPP on, as users run it).
            for m, flag in CV2.items():
                if large and m not in LARGE_CV2:
                    continue
                add(name, 'cv2', m, ow, oh, cv2.resize(arr, (ow, oh), interpolation=flag))
            # Pillow: modes L, LA, RGB, RGBA, I;16, F.
            im = pil_image(arr)
            if im is not None:
                for m, flag in PIL_M.items():
                    if large and m not in LARGE_PIL:
                        continue
                    add(name, 'pil', m, ow, oh, pil_array(im.resize((ow, oh), flag), arr))
            # TensorFlow 2 tf.image.resize, antialias off and on, on the smaller cases (float output is 4 bytes/value).
            if oh * ow <= 32 * 32:
                for m in TF_METHODS:
                    add(name, 'tf', m, ow, oh, tf_run(arr, ow, oh, m, False))
                    if m not in ('nearest', 'area'):
                        add(name, 'tf', m, ow, oh, tf_run(arr, ow, oh, m, True), {'antialias': True})
                # TF1 ops with explicit align_corners / half_pixel_centers.
                if name in TF1_INPUTS:
                    for op in ('bilinear', 'nearest', 'bicubic'):
                        for align, half in ((False, False), (True, False)):
                            add(name, 'tf', op, ow, oh, tf_run(arr, ow, oh, op, v1=(op, align, half)),
                                {'alignCorners': align, 'halfPixelCenters': half})
    # Colour conversions: cv2.cvtColor and PIL Image.convert on the same inputs.
    manifest['color'] = []
    os.makedirs(os.path.join(OUT_DIR, 'color'), exist_ok=True)

    def add_color(op, name, out):
        cid = f'{name}__{op}'
        np.save(os.path.join(OUT_DIR, 'color', cid + '.npy'), np.ascontiguousarray(out))
        manifest['color'].append({'id': cid, 'op': op, 'input': name, 'file': 'color/' + cid + '.npy', 'dtype': str(out.dtype)})

    for name in ('noise_rgb_64x64', 'astro_rgb_96x72', 'hopper_f32rgb_64x48', 'gradient_rgb_37x23'):
        add_color('cv2.RGB2GRAY', name, cv2.cvtColor(ins[name], cv2.COLOR_RGB2GRAY))
        add_color('cv2.BGR2GRAY', name, cv2.cvtColor(ins[name], cv2.COLOR_BGR2GRAY))
        add_color('cv2.BGR2RGB', name, cv2.cvtColor(ins[name], cv2.COLOR_BGR2RGB))
    add_color('cv2.RGBA2GRAY', 'astro_rgba_80x64', cv2.cvtColor(ins['astro_rgba_80x64'], cv2.COLOR_RGBA2GRAY))
    add_color('cv2.BGRA2RGBA', 'astro_rgba_80x64', cv2.cvtColor(ins['astro_rgba_80x64'], cv2.COLOR_BGRA2RGBA))
    add_color('cv2.GRAY2RGB', 'astro_gray_128x96', cv2.cvtColor(ins['astro_gray_128x96'], cv2.COLOR_GRAY2RGB))
    for name in ('noise_rgb_64x64', 'astro_rgb_96x72', 'astro_rgba_80x64', 'gradient_rgb_37x23'):
        add_color('pil.L', name, np.asarray(Image.fromarray(ins[name]).convert('L')))
    for name in ('astro_gray_128x96', 'hopper_la_64x48', 'astro_rgba_80x64'):
        add_color('pil.RGB', name, np.asarray(Image.fromarray(ins[name]).convert('RGB')))

    with open(os.path.join(OUT_DIR, 'manifest.json'), 'w') as f:
        json.dump(manifest, f, indent=1)
    # tfjs cases come from tfjs itself (CPU backend), appended to the manifest by the node script.
    subprocess.run(['node', os.path.join(ROOT, 'scripts', 'golden', 'make_resize_goldens_tfjs.mjs')], check=True, cwd=ROOT)
    total = sum(os.path.getsize(os.path.join(dp, fn)) for dp, _, fns in os.walk(OUT_DIR) for fn in fns)
    print(f'{len(manifest["cases"])} python cases, {total / 1e6:.2f} MB in {OUT_DIR}', file=sys.stderr)


if __name__ == '__main__':
    main()
