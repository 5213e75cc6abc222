#!/usr/bin/env python3
"""Activation dumps written by real C++ and Java programs through the writers Tensor Parity ships in tools/.

tools/npz_writer.hpp (C++, header only) and tools/NpzWriter.java (JDK only) are what the README tells a C++/Java
user to save fetched tensors with. This script builds scripts/golden/programs/activations_dump.cpp (g++) and
ActivationsDump.java (javac), feeds both the arrays of test/golden/keras-tflite/activations.npz (the Python helper's
dump, made by make_keras_tflite_goldens.py) as raw float32 files under the same names, and writes
  test/golden/activations/keras-tflite.cpp.npz
  test/golden/activations/keras-tflite.java.npz
after checking numpy reads back every name, shape and value bit for bit. The unit test then compares the TFLite model
against each and expects the same layer report as against the Python dump.
Run from the repository root:  .venv/bin/python scripts/golden/make_activation_writers.py   (needs g++ and javac)
"""
import os
import subprocess
import tempfile

import numpy as np

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..'))
PROGRAMS = os.path.join(ROOT, 'scripts', 'golden', 'programs')
TOOLS = os.path.join(ROOT, 'tools')
SOURCE = os.path.join(ROOT, 'test', 'golden', 'keras-tflite', 'activations.npz')
OUT = os.path.join(ROOT, 'test', 'golden', 'activations')


def main() -> None:
    arrays = dict(np.load(SOURCE))
    with tempfile.TemporaryDirectory() as tmp:
        feed = os.path.join(tmp, 'feed')
        os.makedirs(feed)
        with open(os.path.join(feed, 'list.txt'), 'w') as f:
            for i, (name, value) in enumerate(arrays.items()):
                np.ascontiguousarray(value, dtype='<f4').tofile(os.path.join(feed, f'{i}.f32'))
                f.write(f'{name}\t{",".join(str(d) for d in value.shape)}\t{i}.f32\n')
        exe = os.path.join(tmp, 'activations_dump')
        subprocess.run(['g++', '-std=c++11', '-O1', '-Wall', '-Wextra', '-Werror', '-I', TOOLS, '-o', exe,
                        os.path.join(PROGRAMS, 'activations_dump.cpp')], check=True)
        subprocess.run(['javac', '-d', tmp, os.path.join(TOOLS, 'NpzWriter.java'),
                        os.path.join(PROGRAMS, 'ActivationsDump.java')], check=True)
        cpp = os.path.join(OUT, 'keras-tflite.cpp.npz')
        java = os.path.join(OUT, 'keras-tflite.java.npz')
        subprocess.run([exe, cpp, feed], check=True)
        subprocess.run(['java', '-cp', tmp, 'ActivationsDump', java, feed], check=True)
    for path in (cpp, java):
        got = np.load(path)
        assert list(got.files) == list(arrays), (path, got.files)
        for name, value in arrays.items():
            assert got[name].dtype == np.float32 and got[name].shape == value.shape, (path, name)
            assert np.array_equal(got[name], value), (path, name)
        print(f'{os.path.relpath(path, ROOT)}: {len(arrays)} arrays, equal to the Python dump')


if __name__ == '__main__':
    main()
