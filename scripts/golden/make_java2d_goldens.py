#!/usr/bin/env python3
"""Reference resize outputs from the real Java2D (OpenJDK) for the java2d kernel tests.

Writes the RGB inputs of test/golden/resize/inputs as PNG files (temporary), compiles and runs
scripts/golden/java2d/Resize.java (javac/java on the PATH), and writes test/golden/java2d/out/*.npy and
test/golden/java2d/manifest.json. Every path is run from a TYPE_3BYTE_BGR source (what ImageIO.read returns for an
RGB PNG or JPEG); the drawImage paths are also run from a TYPE_INT_RGB source and into a TYPE_3BYTE_BGR destination,
and the manifest records whether those give the same bytes (then only one output is kept).

Run from the repository root:  .venv/bin/python scripts/golden/make_java2d_goldens.py
"""
import json
import os
import subprocess
import sys
import tempfile

import numpy as np
from PIL import Image

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..'))
INPUTS = os.path.join(ROOT, 'test', 'golden', 'resize', 'inputs')
OUT_DIR = os.path.join(ROOT, 'test', 'golden', 'java2d')
JAVA_SRC = os.path.join(ROOT, 'scripts', 'golden', 'java2d', 'Resize.java')

# (input, [(width, height), ...]): shrinks, enlargements, mixed ratios, odd sizes, tiny and extreme shapes.
CASES = {
    'astro_rgb_96x72': [(41, 31), (110, 30), (224, 224)],
    'hopper_rgb_128x128': [(40, 40), (96, 48), (64, 64)],
    'hopper_rgb_37x23': [(74, 46), (18, 11), (50, 23)],
    'wide_rgb_120x64': [(45, 25), (32, 96)],
    'checker8_rgb_64x48': [(24, 18), (50, 37)],
    'edges_rgb_101x67': [(43, 38), (33, 90)],
    'gradient_rgb_37x23': [(16, 13), (63, 40)],
    'noise_rgb_37x23': [(16, 13), (63, 40)],
    'noise_rgb_64x64': [(32, 32), (21, 21), (100, 100)],
    'extreme_rgb_1000x7': [(100, 3), (37, 12)],
    'tiny_rgb_1x1': [(3, 2)],
    'tiny_rgb_2x3': [(5, 7), (1, 1)],
    'saturate_rgb_32x32': [(13, 13), (45, 45)],
}
BASE = ['g2d-nearest', 'g2d-bilinear', 'g2d-bicubic', 'smooth', 'replicate', 'atop-nearest', 'atop-bilinear', 'atop-bicubic']
VARIANTS = {
    f'g2d-{m}-{v}': f'g2d-{m}' for m in ('nearest', 'bilinear', 'bicubic') for v in ('intrgb', 'bgr')
}


def java_version():
    out = subprocess.run(['java', '-version'], capture_output=True, text=True, check=True)
    return out.stderr.splitlines()[0].strip()


def main():
    os.makedirs(os.path.join(OUT_DIR, 'out'), exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(['javac', '-d', tmp, JAVA_SRC], check=True)
        jobs = []
        shapes = {}
        for name, sizes in CASES.items():
            arr = np.load(os.path.join(INPUTS, name + '.npy'))
            assert arr.dtype == np.uint8 and arr.ndim == 3 and arr.shape[2] == 3, name
            png = os.path.join(tmp, name + '.png')
            Image.fromarray(arr, 'RGB').save(png)
            shapes[name] = arr.shape
            for w, h in sizes:
                jobs.append(f'{name} {png} {w} {h}')
        with open(os.path.join(tmp, 'jobs.txt'), 'w') as f:
            f.write('\n'.join(jobs) + '\n')
        raw = os.path.join(tmp, 'raw')
        os.makedirs(raw)
        run = subprocess.run(['java', '-Djava.awt.headless=true', '-cp', tmp, 'Resize', os.path.join(tmp, 'jobs.txt'), raw],
                             capture_output=True, text=True, check=True)
        sys.stderr.write(run.stderr)
        sizes_of = {}
        for line in run.stderr.splitlines():
            if line.startswith('size '):
                _, fname, ow, oh = line.split()
                sizes_of[fname] = (int(ow), int(oh))
        cases = []
        differs = {}
        for name, sizes in CASES.items():
            for w, h in sizes:
                def load(path):
                    fname = f'{name}_{w}x{h}_{path}.rgb'
                    ow, oh = sizes_of.get(fname, (w, h))
                    data = np.fromfile(os.path.join(raw, fname), np.uint8)
                    return data.reshape(oh, ow, 3)
                outs = {}
                for path in BASE:
                    out = load(path)
                    rel = f'out/{name}_{w}x{h}_{path}.npy'
                    np.save(os.path.join(OUT_DIR, rel), out)
                    outs[path] = rel
                for variant, base in VARIANTS.items():
                    if not np.array_equal(load(variant), load(base)):
                        rel = f'out/{name}_{w}x{h}_{variant}.npy'
                        np.save(os.path.join(OUT_DIR, rel), load(variant))
                        outs[variant] = rel
                        differs.setdefault(variant, []).append(f'{name} {w}x{h}')
                cases.append({'input': f'../resize/inputs/{name}.npy', 'name': name, 'width': w, 'height': h, 'outputs': outs})
    manifest = {
        'generator': 'scripts/golden/make_java2d_goldens.py',
        'java': java_version(),
        'paths': {
            'g2d-nearest': 'Graphics2D.drawImage(img, 0, 0, w, h, null), KEY_INTERPOLATION NEAREST_NEIGHBOR',
            'g2d-bilinear': 'Graphics2D.drawImage(img, 0, 0, w, h, null), KEY_INTERPOLATION BILINEAR',
            'g2d-bicubic': 'Graphics2D.drawImage(img, 0, 0, w, h, null), KEY_INTERPOLATION BICUBIC',
            'smooth': 'Image.getScaledInstance(w, h, SCALE_SMOOTH) (AreaAveragingScaleFilter)',
            'replicate': 'Image.getScaledInstance(w, h, SCALE_FAST) (ReplicateScaleFilter)',
            'atop-nearest': 'AffineTransformOp(getScaleInstance(w/sw, h/sh), TYPE_NEAREST_NEIGHBOR).filter(img, null)',
            'atop-bilinear': 'AffineTransformOp(getScaleInstance(w/sw, h/sh), TYPE_BILINEAR).filter(img, null)',
            'atop-bicubic': 'AffineTransformOp(getScaleInstance(w/sw, h/sh), TYPE_BICUBIC).filter(img, null)',
        },
        'sourceType': 'TYPE_3BYTE_BGR (ImageIO.read of an RGB PNG); drawImage variants from TYPE_INT_RGB and into TYPE_3BYTE_BGR listed under differs when their bytes differ',
        'differs': differs,
        'cases': cases,
    }
    with open(os.path.join(OUT_DIR, 'manifest.json'), 'w') as f:
        json.dump(manifest, f, indent=1)
        f.write('\n')
    print(run.stdout)
    print(f'{len(cases)} cases; variants that differ: {json.dumps(differs)}')


if __name__ == '__main__':
    main()
