#!/usr/bin/env python3
"""Write the tensor-file golden fixtures with the real numpy into test/golden/tensors/.

Re-runnable: it deletes and recreates the output folder. Produces small .npy/.npz/.bin files
(valid and deliberately broken) plus manifest.json listing each file's expected dtype, shape and
values (C order), and for broken files the phrases the error message must contain.
"""
import io
import json
import math
import os
import pickle
import shutil
import struct
import time
import warnings
import zipfile
import zlib

import numpy as np
from numpy.lib import format as npformat

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', 'test', 'golden', 'tensors')
OUT = os.path.normpath(ROOT)

manifest = {'numpy': np.__version__, 'npy': [], 'npz': [], 'raw': [], 'errors': []}


def path(rel):
    p = os.path.join(OUT, rel)
    os.makedirs(os.path.dirname(p), exist_ok=True)
    return p


def json_value(v, dtype):
    """One element as JSON: bool, int (int64/uint64 as strings), float (NaN/Inf as strings)."""
    if dtype == np.bool_:
        return bool(v)
    if dtype.kind in 'iu':
        return str(int(v)) if dtype.itemsize == 8 else int(v)
    f = float(v)
    if math.isnan(f):
        return 'nan'
    if math.isinf(f):
        return 'inf' if f > 0 else '-inf'
    return f  # json.dumps writes repr(), which round-trips


def describe(arr):
    d = {
        'dtype': arr.dtype.name,
        'shape': list(arr.shape),
        'values': [json_value(v, arr.dtype) for v in np.asarray(arr).ravel(order='C')],
    }
    if arr.dtype.name == 'float16':
        d['bits'] = [int(b) for b in np.ascontiguousarray(arr).astype('<f2').view('<u2').ravel(order='C')]
    return d


def add_npy(rel, arr, version, fortran, byte_order, numpy_bytes):
    """numpy_bytes: encoder options under which our encodeNpy must reproduce the file exactly, or None."""
    e = {'file': rel, 'version': version, 'fortranOrder': fortran, 'byteOrder': byte_order}
    e.update(describe(arr))
    e['encodeMatches'] = numpy_bytes
    manifest['npy'].append(e)


def order_name(dt):
    if dt.itemsize == 1:
        return 'none'
    return 'big' if dt.byteorder == '>' or (dt.byteorder == '=' and not np.little_endian) else 'little'


VALUES = {
    'bool': [True, False, True, True, False, False],
    'int8': [-128, -1, 0, 1, 127, 5],
    'int16': [-32768, -1, 0, 1, 32767, 300],
    'int32': [-2**31, -1, 0, 1, 2**31 - 1, 70000],
    'int64': [-2**63, -(2**53) - 1, 0, 2**53 + 1, 2**63 - 1, 7],
    'uint8': [0, 1, 127, 128, 255, 42],
    'uint16': [0, 1, 255, 256, 65535, 1000],
    'uint32': [0, 1, 65535, 65536, 2**32 - 1, 123456],
    'uint64': [0, 1, 2**32, 2**53 + 1, 2**64 - 1, 99],
    'float16': [0.0, -0.0, 1 / 3, 65504.0, float('inf'), float('nan'), 6e-8, -2.5],
    'float32': [math.pi, -0.0, 1e-45, 3.4028235e38, float('inf'), float('-inf'), float('nan'), 0.1],
    'float64': [math.pi, 1e-308, 5e-324, -0.0, float('nan'), float('inf'), 1.7976931348623157e308, 0.1],
}


def write_dtype_files():
    for name, vals in VALUES.items():
        shape = (2, 3) if len(vals) == 6 else (2, 4)
        base = np.array(vals, dtype=name).reshape(shape)
        orders = ['<'] if base.dtype.itemsize == 1 else ['<', '>']
        for bo in orders:
            arr = base.astype(base.dtype.newbyteorder(bo)) if base.dtype.itemsize > 1 else base
            suffix = 'le' if bo == '<' else 'be'
            rel = f'npy/{name}_{suffix}.npy'
            np.save(path(rel), arr)
            add_npy(rel, arr, 1, False, order_name(arr.dtype),
                    {'bigEndian': bo == '>', 'fortranOrder': False, 'version': 1})


def write_layout_files():
    f = np.asfortranarray(np.arange(24, dtype='<f4').reshape(2, 3, 4) * 0.5)
    np.save(path('npy/fortran_f4.npy'), f)
    add_npy('npy/fortran_f4.npy', f, 1, True, 'little', {'bigEndian': False, 'fortranOrder': True, 'version': 1})
    g = np.asfortranarray((np.arange(15).reshape(3, 5) - 7).astype('>i2'))
    np.save(path('npy/fortran_i2_be.npy'), g)
    add_npy('npy/fortran_i2_be.npy', g, 1, True, 'big', {'bigEndian': True, 'fortranOrder': True, 'version': 1})
    for rel, arr in [('npy/scalar_f4.npy', np.array(3.5, dtype='<f4')),
                     ('npy/scalar_i8.npy', np.array(-9, dtype='<i8')),
                     ('npy/empty_0x3_f4.npy', np.zeros((0, 3), dtype='<f4')),
                     ('npy/empty_2x0x4_i2.npy', np.zeros((2, 0, 4), dtype='<i2')),
                     ('npy/vector_u1.npy', np.array([1, 2, 3, 250, 0], dtype='u1')),
                     ('npy/nhwc_f4.npy', (np.arange(1 * 4 * 4 * 3, dtype='<f4') / 7).reshape(1, 4, 4, 3))]:
        np.save(path(rel), arr)
        add_npy(rel, arr, 1, False, order_name(arr.dtype), {'bigEndian': False, 'fortranOrder': False, 'version': 1})


def write_versions():
    arr = np.arange(6, dtype='<f4').reshape(2, 3) - 2.25
    with open(path('npy/v2_f4.npy'), 'wb') as fh:
        npformat.write_array(fh, arr, version=(2, 0))
    add_npy('npy/v2_f4.npy', arr, 2, False, 'little', {'bigEndian': False, 'fortranOrder': False, 'version': 2})
    # Version 3.0: numpy only picks it for non-latin1 field names; write the same header format by hand.
    d = npformat.header_data_from_array_1_0(arr)
    header = "{" + "".join("'%s': %s, " % (k, repr(v)) for k, v in sorted(d.items())) + "}"
    header += ' ' * (npformat.GROWTH_AXIS_MAX_DIGITS - len(repr(d['shape'][0])))
    with open(path('npy/v3_f4.npy'), 'wb') as fh:
        fh.write(npformat._wrap_header(header, (3, 0)))
        fh.write(arr.tobytes())
    assert np.array_equal(np.load(path('npy/v3_f4.npy')), arr)
    add_npy('npy/v3_f4.npy', arr, 3, False, 'little', {'bigEndian': False, 'fortranOrder': False, 'version': 3})


def write_manual_npy(rel, header_text, data, major=1):
    """A .npy with a hand-written header (other writers such as cnpy, or broken files)."""
    h = header_text.encode('latin1' if major < 3 else 'utf8') + b'\n'
    with open(path(rel), 'wb') as fh:
        fh.write(b'\x93NUMPY' + bytes([major, 0]))
        fh.write(struct.pack('<H' if major == 1 else '<I', len(h)))
        fh.write(h)
        fh.write(data)


def write_other_writers():
    # cnpy (C++) writes '<b1' for bool, minimal padding and a trailing comma inside the shape.
    b = np.array([[True, False, True], [False, False, True]])
    write_manual_npy('npy/cnpy_bool.npy', "{'descr': '<b1', 'fortran_order': False, 'shape': (2, 3, ), }", b.tobytes())
    add_npy('npy/cnpy_bool.npy', b, 1, False, 'none', None)
    f = np.array([1.5, -2.0, 3.25], dtype='<f4')
    write_manual_npy('npy/cnpy_f4.npy', "{'descr': '<f4', 'fortran_order': False, 'shape': (3,), }", f.tobytes())
    add_npy('npy/cnpy_f4.npy', f, 1, False, 'little', None)
    # Python 2 era numpy wrote longs with an L suffix.
    i = np.arange(6, dtype='<i4').reshape(2, 3)
    write_manual_npy('npy/py2_long_shape.npy',
                     "{'descr': '<i4', 'fortran_order': False, 'shape': (2L, 3L), }      ", i.tobytes())
    add_npy('npy/py2_long_shape.npy', i, 1, False, 'little', None)


def add_error(rel, expect):
    manifest['errors'].append({'file': rel, 'expect': expect})


def write_bad_npy():
    obj = np.array([{'a': 1}, [1, 2], None], dtype=object)
    np.save(path('bad/object.npy'), obj, allow_pickle=True)
    add_error('bad/object.npy', ['dtype=object', 'never unpickles', 'np.save(f, arr.astype(np.float32))'])
    rec = np.zeros(3, dtype=[('x', '<f4'), ('y', '<i4')])
    np.save(path('bad/structured.npy'), rec)
    add_error('bad/structured.npy', ['structured', 'x, y', 'np.savez'])
    np.save(path('bad/unicode.npy'), np.array(['ab', 'c']))
    add_error('bad/unicode.npy', ['unicode strings', 'astype'])
    np.save(path('bad/bytes.npy'), np.array([b'ab', b'c']))
    add_error('bad/bytes.npy', ['byte strings', 'astype'])
    np.save(path('bad/complex.npy'), np.array([1 + 2j], dtype='<c8'))
    add_error('bad/complex.npy', ['complex', 'arr.real'])
    np.save(path('bad/datetime.npy'), np.array(['2020-01-01'], dtype='datetime64[ns]'))
    add_error('bad/datetime.npy', ['dates', 'astype(np.int64)'])
    with open(path('bad/text.npy'), 'wb') as fh:
        fh.write(b'hello, this is not an array\n')
    add_error('bad/text.npy', ['not a .npy file', 'np.save'])
    with open(path('bad/pickle.npy'), 'wb') as fh:
        fh.write(pickle.dumps([1.0, 2.0, 3.0], protocol=2))
    add_error('bad/pickle.npy', ['not a .npy file', 'pickle', 'np.save'])
    big = np.zeros((1, 3, 224, 224), dtype='<f4')
    buf = io.BytesIO()
    np.save(buf, big)
    with open(path('bad/truncated.npy'), 'wb') as fh:
        fh.write(buf.getvalue()[:1000])
    add_error('bad/truncated.npy', ['(1, 3, 224, 224)', '602,112 bytes', '872 bytes follow', 'truncated', 'Re-save'])
    # header length field larger than the file
    good = io.BytesIO()
    np.save(good, np.zeros(4, dtype='<f4'))
    raw = bytearray(good.getvalue())
    raw[8:10] = struct.pack('<H', 60000)
    with open(path('bad/header_too_long.npy'), 'wb') as fh:
        fh.write(raw)
    add_error('bad/header_too_long.npy', ['60,000 bytes long', 'truncated or corrupt', 'Re-save'])
    write_manual_npy('bad/negative_shape.npy', "{'descr': '<f4', 'fortran_order': False, 'shape': (-1, 3), }", b'\0' * 12)
    add_error('bad/negative_shape.npy', ['negative', 'corrupt', 'Re-save'])
    write_manual_npy('bad/absurd_shape.npy',
                     "{'descr': '<f4', 'fortran_order': False, 'shape': (100000, 100000, 100000), }", b'\0' * 16)
    add_error('bad/absurd_shape.npy', ['over the 2 GiB limit', 'maxBytes'])
    write_manual_npy('bad/huge_dim.npy',
                     "{'descr': '<f4', 'fortran_order': False, 'shape': (99999999999999999999,), }", b'\0' * 16)
    add_error('bad/huge_dim.npy', ['absurdly large', 'Re-save'])
    write_manual_npy('bad/missing_shape.npy', "{'descr': '<f4', 'fortran_order': False, }", b'\0' * 16)
    add_error('bad/missing_shape.npy', ["no 'shape' entry", 'Re-save'])
    write_manual_npy('bad/eval_attack.npy',
                     "{'descr': __import__('os').system('echo pwned'), 'fortran_order': False, 'shape': (1,), }", b'\0' * 4)
    add_error('bad/eval_attack.npy', ['not a Python dict literal', 'Re-save'])
    write_manual_npy('bad/version4.npy', "{'descr': '<f4', 'fortran_order': False, 'shape': (1,), }", b'\0' * 4, major=4)
    add_error('bad/version4.npy', ['version 4.0', 'Re-save'])
    open(path('bad/empty.npy'), 'wb').close()
    add_error('bad/empty.npy', ['empty (0 bytes)', 'flush'])


def npz_entry(rel, arrays, compressed):
    with zipfile.ZipFile(path(rel)) as z:
        names = z.namelist()
    loaded = np.load(path(rel))
    members = []
    for n in names:
        key = n[:-4]
        d = {'key': key}
        d.update(describe(loaded[key]))
        members.append(d)
    manifest['npz'].append({'file': rel, 'compressed': compressed, 'members': members})


def write_zip64_npz(rel, arrays):
    """A stored .npz whose central directory uses zip64 extras and zip64 end records (as big archives do)."""
    out = bytearray()
    central = bytearray()
    for name, arr in arrays.items():
        buf = io.BytesIO()
        np.save(buf, arr)
        data = buf.getvalue()
        fname = (name + '.npy').encode()
        crc = zlib.crc32(data) & 0xffffffff
        offset = len(out)
        extra_local = struct.pack('<HHQQ', 1, 16, len(data), len(data))
        out += struct.pack('<IHHHHHIIIHH', 0x04034b50, 45, 0, 0, 0, 0x21, crc, 0xffffffff, 0xffffffff,
                           len(fname), len(extra_local)) + fname + extra_local + data
        extra_cd = struct.pack('<HHQQQ', 1, 24, len(data), len(data), offset)
        central += struct.pack('<IHHHHHHIIIHHHHHII', 0x02014b50, 45, 45, 0, 0, 0, 0x21, crc, 0xffffffff,
                               0xffffffff, len(fname), len(extra_cd), 0, 0, 0, 0o100644 << 16, 0xffffffff)
        central += fname + extra_cd
    cd_offset = len(out)
    out += central
    z64 = len(out)
    out += struct.pack('<IQHHIIQQQQ', 0x06064b50, 44, 45, 45, 0, 0, len(arrays), len(arrays), len(central), cd_offset)
    out += struct.pack('<IIQI', 0x07064b50, 0, z64, 1)
    out += struct.pack('<IHHHHIIH', 0x06054b50, 0, 0, 0xffff, 0xffff, 0xffffffff, 0xffffffff, 0)
    with open(path(rel), 'wb') as fh:
        fh.write(out)
    with zipfile.ZipFile(path(rel)) as z:
        assert z.testzip() is None
    loaded = np.load(path(rel))
    for k, v in arrays.items():
        assert np.array_equal(loaded[k], v)


def write_npz():
    image = (np.arange(1 * 4 * 4 * 3, dtype='<f4') / 3).reshape(1, 4, 4, 3)
    mask = (np.arange(16, dtype='u1') * 16).reshape(4, 4)
    scalar = np.array(0.125, dtype='<f8')
    half = np.array([1.0, -0.5, 65504.0], dtype='<f2')
    np.savez(path('npz/stored.npz'), image=image, mask=mask, scalar=scalar, half=half)
    npz_entry('npz/stored.npz', None, False)
    np.savez_compressed(path('npz/deflated.npz'), image=image, mask=mask, scalar=scalar, half=half)
    npz_entry('npz/deflated.npz', None, True)
    np.savez(path('npz/positional.npz'), np.arange(3, dtype='<i8'), np.ones((2, 2), dtype='>f4'), named=np.zeros(0))
    npz_entry('npz/positional.npz', None, False)
    write_zip64_npz('npz/zip64.npz', {'a': image, 'b': mask})
    npz_entry('npz/zip64.npz', None, False)

    with zipfile.ZipFile(path('bad/not_npy_member.npz'), 'w') as z:
        buf = io.BytesIO()
        np.save(buf, mask)
        z.writestr('mask.npy', buf.getvalue())
        z.writestr('readme.txt', 'notes')
    add_error('bad/not_npy_member.npz', ["'readme.txt' is not a .npy array", 'np.savez'])
    np.savez(path('bad/pickled_member.npz'), good=mask, bad=np.array([None, 1], dtype=object))
    add_error('bad/pickled_member.npz', ["member 'bad.npy'", 'dtype=object', 'never unpickles'])
    with open(path('npz/stored.npz'), 'rb') as fh:
        stored = fh.read()
    with open(path('bad/truncated.npz'), 'wb') as fh:
        fh.write(stored[:len(stored) // 2])
    add_error('bad/truncated.npz', ['corrupt or truncated', 'np.savez'])
    broken = bytearray(stored)
    pos = broken.find(b'\x93NUMPY') + 200  # inside the first member's data
    broken[pos] ^= 0xff
    with open(path('bad/bad_crc.npz'), 'wb') as fh:
        fh.write(broken)
    add_error('bad/bad_crc.npz', ['CRC-32', 'np.savez'])
    with open(path('bad/text.npz'), 'wb') as fh:
        fh.write(b'just text\n')
    add_error('bad/text.npz', ['not a .npz file', 'np.savez'])


def write_raw():
    entries = [
        ('raw/input_f32_le.bin', (np.arange(1 * 3 * 4 * 4, dtype='<f4') / 9 - 1).reshape(1, 3, 4, 4),
         {'dtype': 'float32', 'shape': [1, 3, 4, 4], 'byteOrder': 'little'}),
        ('raw/input_f32_be.bin', (np.arange(12) - 5.5).astype('>f4').reshape(3, 4),
         {'dtype': 'float32', 'shape': [3, 4], 'byteOrder': 'big'}),
        ('raw/image_u8.raw', (np.arange(2 * 3 * 3) * 13 % 256).astype('u1').reshape(2, 3, 3),
         {'dtype': 'uint8', 'shape': [2, 3, 3]}),
        ('raw/half_descr.bin', np.array([0.5, -1.0, 2.0, 1e-5], dtype='<f2'),
         {'dtype': '<f2', 'shape': [4]}),
    ]
    for rel, arr, side in entries:
        assert order_name(arr.dtype) == side.get('byteOrder', order_name(arr.dtype)), rel
        arr.tofile(path(rel))
        with open(path(rel + '.json'), 'w') as fh:
            json.dump(side, fh)
        e = {'file': rel, 'sidecar': True, 'byteOrder': order_name(arr.dtype)}
        e.update(describe(arr))
        manifest['raw'].append(e)
    nos = (np.arange(2 * 2 * 3, dtype='<f4') * 0.25).reshape(1, 2, 2, 3)
    nos.tofile(path('raw/no_sidecar.bin'))
    e = {'file': 'raw/no_sidecar.bin', 'sidecar': False, 'byteOrder': 'little'}
    e.update(describe(nos))
    manifest['raw'].append(e)

    np.zeros((1, 3, 8, 8), dtype='<f8').tofile(path('bad/wrong_dtype.bin'))
    with open(path('bad/wrong_dtype.bin.json'), 'w') as fh:
        json.dump({'dtype': 'float32', 'shape': [1, 3, 8, 8]}, fh)
    add_error('bad/wrong_dtype.bin', ['1,536 bytes is 384 float32 values', 'says shape (1, 3, 8, 8) float32, which needs 768 bytes',
                                      'float64', 'wrong_dtype.bin.json'])
    np.zeros((1, 1, 8, 8), dtype='<f4').tofile(path('bad/one_channel.bin'))
    with open(path('bad/one_channel.bin.json'), 'w') as fh:
        json.dump({'dtype': 'float32', 'shape': [1, 3, 8, 8]}, fh)
    add_error('bad/one_channel.bin', ['256 bytes is 64 float32 values', '(1, 1, 8, 8)', 'Fix the dtype/shape'])
    with open(path('bad/odd_size.bin'), 'wb') as fh:
        fh.write(b'\0' * 7)
    with open(path('bad/odd_size.bin.json'), 'w') as fh:
        json.dump({'dtype': 'float32', 'shape': [2]}, fh)
    add_error('bad/odd_size.bin', ['not a whole number of float32 values', 'needs 8 bytes'])
    with open(path('bad/bad_sidecar.bin'), 'wb') as fh:
        fh.write(b'\0' * 8)
    with open(path('bad/bad_sidecar.bin.json'), 'w') as fh:
        fh.write('{"dtype": "float32", "shape": [2], }')
    add_error('bad/bad_sidecar.bin', ['bad_sidecar.bin.json', 'not valid JSON', '"dtype": "float32"'])
    with open(path('bad/bad_sidecar_dtype.bin'), 'wb') as fh:
        fh.write(b'\0' * 8)
    with open(path('bad/bad_sidecar_dtype.bin.json'), 'w') as fh:
        json.dump({'dtype': 'float', 'shape': [2]}, fh)
    add_error('bad/bad_sidecar_dtype.bin', ['bad_sidecar_dtype.bin.json', '"dtype" is "float"', 'float32'])


def write_float16_cases():
    """numpy's float64 -> float16 rounding (round to nearest even) on ties, edges and random values."""
    rng = np.random.default_rng(1234)
    xs = [0.0, -0.0, 1.0, 1 + 2**-11, 1 + 3 * 2**-11, 1 - 2**-12, 2**-25, 3 * 2**-25, 2**-24, 1.5 * 2**-24,
          2**-14, 2**-14 - 2**-25, 65504.0, 65519.99, 65520.0, 1e6, -1e6, 1e-10, float('inf'), float('-inf'),
          0.1, 1 / 3, -2.5, 2048 + 1, 2048 + 3, 4096 + 2, 4096 + 6, 5e-324]
    xs += [float(v) for v in rng.uniform(-70000, 70000, 60)]
    xs += [float(v) for v in rng.standard_normal(60)]
    xs += [float(v) for v in np.exp(rng.uniform(-20, 11, 60)) * rng.choice([-1, 1], 60)]
    xs += [float(np.float32(v)) for v in rng.uniform(-4, 4, 40)]
    cases = []
    for x in xs:
        with np.errstate(over='ignore'):
            bits = int(np.array([x], dtype='<f8').astype('<f2').view('<u2')[0])
        cases.append([json_value(x, np.dtype('f8')), bits])
    manifest['float16Cases'] = cases


def main():
    # zip members carry a timestamp: pin it so re-running gives identical bytes
    os.environ['TZ'] = 'UTC'
    time.tzset()
    time.time = lambda: 946684800.0  # 2000-01-01
    if os.path.isdir(OUT):
        shutil.rmtree(OUT)
    os.makedirs(OUT)
    write_dtype_files()
    write_layout_files()
    write_versions()
    write_other_writers()
    write_bad_npy()
    write_npz()
    write_raw()
    write_float16_cases()
    # every valid .npy must load in numpy with the values we recorded
    for e in manifest['npy']:
        with warnings.catch_warnings():
            warnings.simplefilter('ignore')  # the Python 2 style header warns
            a = np.load(path(e['file']))
        assert list(a.shape) == e['shape'] and a.dtype.name == e['dtype'], e['file']
        assert order_name(a.dtype) == e['byteOrder'], e['file']
        assert a.flags.f_contiguous or not e['fortranOrder'], e['file']
    with open(path('manifest.json'), 'w') as fh:
        json.dump(manifest, fh, indent=1, allow_nan=False)
        fh.write('\n')
    total = sum(os.path.getsize(os.path.join(d, f)) for d, _, fs in os.walk(OUT) for f in fs)
    print(f'wrote {OUT}: {total} bytes')


if __name__ == '__main__':
    main()
