#!/usr/bin/env python3
"""cv2.resize outputs for the images Intel IPP declines, which run OpenCV's own code (test/unit/kernels-cv2-own.test.ts).

Each case pins one route of src/core/preprocess/kernels/cv2-generic.ts / cv2-float32.ts: uint8 CUBIC on 2-channel
images and sources under 4x4 (fixed point with VResizeCubicVec_32s8u's float32 block), uint8 LANCZOS4 (integer),
uint16 CUBIC (float32, nested SIMD sums), float32 LINEAR/CUBIC/LANCZOS4 and INTER_AREA when enlarging (float32).
Inputs are made here from a seeded generator (noise, checkerboards, a single bright pixel) so nothing is downloaded.

Writes test/golden/resize-extra/<id>_in.npy, <id>_out.npy and manifest.json (about 200 KB in all).
Run from the repository root:  python scripts/golden/make_resize_extra.py
"""
import json
import os

import cv2
import numpy as np

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..'))
OUT_DIR = os.path.join(ROOT, 'test', 'golden', 'resize-extra')

cv2.setNumThreads(1)

# id, dtype, (w, h, cn), (out w, out h), method, pattern, what the case pins, seed of its input. The uint8 cubic seeds
# (and the uint16 2x3 one) were picked so that the old models (integer-only; double precision) miss an element.
CASES = [
    ('u8_cubic_2ch_up', 'uint8', (37, 23, 2), (61, 45), 'cubic', 'noise', '2-channel uint8 cubic, enlarging', 3),
    ('u8_cubic_2ch_down', 'uint8', (40, 30, 2), (17, 13), 'cubic', 'noise', '2-channel uint8 cubic, shrinking', 336),
    ('u8_cubic_2ch_levels', 'uint8', (31, 17, 2), (45, 29), 'cubic', 'levels', '2-channel uint8 cubic, four grey levels', 22),
    ('u8_cubic_small_3x2', 'uint8', (3, 2, 3), (29, 17), 'cubic', 'noise', 'uint8 cubic on a 3x2 source', 1),
    ('u8_cubic_small_1x3', 'uint8', (1, 3, 4), (9, 21), 'cubic', 'noise', 'uint8 cubic on a 1x3 source', 12),
    ('u8_lanczos4_2ch', 'uint8', (30, 20, 2), (47, 33), 'lanczos4', 'noise', 'uint8 lanczos4 stays integer', 1),
    ('u16_cubic_2ch_up', 'uint16', (33, 21, 2), (50, 40), 'cubic', 'noise', '2-channel uint16 cubic', 1),
    ('u16_cubic_2ch_down', 'uint16', (38, 28, 2), (15, 11), 'cubic', 'checker', '2-channel uint16 cubic, shrinking', 1),
    ('u16_cubic_small_2x3', 'uint16', (2, 3, 1), (23, 19), 'cubic', 'noise', 'uint16 cubic on a 2x3 source', 4),
    ('u16_cubic_small_3x40', 'uint16', (3, 40, 3), (11, 25), 'cubic', 'noise', 'uint16 cubic on a 3x40 source', 1),
    ('f32_linear_2ch', 'float32', (29, 19, 2), (44, 31), 'linear', 'noise', '2-channel float32 linear', 1),
    ('f32_linear_1col', 'float32', (1, 30, 3), (7, 41), 'linear', 'noise', 'float32 linear, 1-pixel-wide source', 1),
    ('f32_linear_1row', 'float32', (40, 1, 4), (63, 3), 'linear', 'noise', 'float32 linear, 1-pixel-high source', 1),
    ('f32_cubic_2ch', 'float32', (26, 18, 2), (41, 27), 'cubic', 'noise', '2-channel float32 cubic', 1),
    ('f32_cubic_small_3x3', 'float32', (3, 3, 1), (20, 14), 'cubic', 'noise', 'float32 cubic on a 3x3 source', 1),
    ('f32_lanczos4_rgb', 'float32', (30, 22, 3), (47, 35), 'lanczos4', 'noise', 'float32 lanczos4', 1),
    ('f32_lanczos4_2ch_down', 'float32', (24, 16, 2), (13, 9), 'lanczos4', 'noise', 'float32 lanczos4, shrinking', 1),
    ('f32_area_up', 'float32', (20, 15, 1), (33, 29), 'area', 'noise', 'float32 area when enlarging', 1),
    ('f32_area_mixed', 'float32', (40, 10, 3), (17, 23), 'area', 'noise', 'float32 area, shrinking x and enlarging y', 1),
]

INTERP = {'linear': cv2.INTER_LINEAR, 'cubic': cv2.INTER_CUBIC, 'lanczos4': cv2.INTER_LANCZOS4, 'area': cv2.INTER_AREA}


def make_input(rng, dtype, w, h, cn, pattern):
    shape = (h, w, cn)
    top = {'uint8': 255, 'uint16': 65535, 'float32': 1.0}[dtype]
    if pattern == 'noise':
        a = rng.random(shape) * top
        if dtype == 'float32':
            a = a * 3 - 1  # negative values and values above 1 too
    elif pattern == 'checker':
        a = ((np.indices(shape)[0] + np.indices(shape)[1]) % 2) * top
    elif pattern == 'levels':
        a = rng.integers(0, 4, shape) * (top / 3)
    else:  # dot
        a = np.zeros(shape)
        a[h // 2, w // 3] = top
    if dtype != 'float32':
        a = np.round(a)
    return a.astype(dtype)


def main():
    os.makedirs(OUT_DIR, exist_ok=True)
    manifest = {'generator': 'scripts/golden/make_resize_extra.py', 'opencv': cv2.__version__,
                'ipp': bool(cv2.ipp.useIPP()), 'cases': []}
    for cid, dtype, (w, h, cn), (ow, oh), method, pattern, what, seed in CASES:
        src = make_input(np.random.default_rng(seed), dtype, w, h, cn, pattern)
        out = cv2.resize(src, (ow, oh), interpolation=INTERP[method]).reshape(oh, ow, cn)
        np.save(os.path.join(OUT_DIR, f'{cid}_in.npy'), src)
        np.save(os.path.join(OUT_DIR, f'{cid}_out.npy'), out)
        manifest['cases'].append({'id': cid, 'method': method, 'width': ow, 'height': oh, 'what': what})
    with open(os.path.join(OUT_DIR, 'manifest.json'), 'w') as f:
        json.dump(manifest, f, indent=1)
        f.write('\n')


if __name__ == '__main__':
    main()
