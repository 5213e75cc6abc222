#!/usr/bin/env python3
"""Reference data for preprocessing v1 (decode, colour, TF resize, normalize, layout).

Writes test/golden/preprocess-v1/:
  fixtures/   small images, good and broken, for the decoder tests
  expected/   what PIL / OpenCV / numpy decode from each good fixture (uint8/uint16 HWC .npy)
  resize/     real TensorFlow tf.image.resize / resize_with_pad / compat.v1 outputs (float32 .npy)
  pipeline/   whole-pipeline outputs computed with TF + numpy float32 (.npy)
  manifest.json  every case with the exact call that made it

Deterministic and re-runnable:  python scripts/golden/make_preprocess_v1.py
Resize inputs are PNG (lossless) so every decoder sees the same pixels; JPEGs are decoded once by PIL and
saved as PNG fixtures (JPEG decoders differ by a few levels between libjpeg builds and DCT settings).
"""
import json
import os
import struct
import zlib
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
import cv2  # noqa: E402
import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402
from PIL import Image  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "test" / "golden" / "preprocess-v1"
DEMO = ROOT / "demo" / "images"
RNG = np.random.default_rng(20240611)


def save_npy(rel, arr):
    path = OUT / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    np.save(path, np.ascontiguousarray(arr), allow_pickle=False)


def write(rel, data):
    path = OUT / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


# ---------------------------------------------------------------- fixtures + expected decodes

def bmp_bytes(pixels_rgb_or_rgba, bpp, top_down=False, bitfields_alpha=False, palette=None, indices=None):
    """A BMP written by hand so each header variant is exact."""
    h, w = (indices.shape if indices is not None else pixels_rgb_or_rgba.shape[:2])
    stride = ((bpp * w + 31) // 32) * 4
    rows = []
    for y in range(h):
        if bpp == 8:
            row = bytes(indices[y].astype(np.uint8))
        elif bpp == 24:
            row = pixels_rgb_or_rgba[y][:, [2, 1, 0]].astype(np.uint8).tobytes()
        else:  # 32: BGRA / BGRX
            px = pixels_rgb_or_rgba[y]
            a = px[:, 3] if px.shape[1] == 4 else np.full(w, 0x7F, np.uint8)  # X byte: junk that must be ignored
            row = np.stack([px[:, 2], px[:, 1], px[:, 0], a], axis=1).astype(np.uint8).tobytes()
        rows.append(row + b"\0" * (stride - len(row)))
    if not top_down:
        rows = rows[::-1]
    pixel_data = b"".join(rows)
    if bitfields_alpha:
        header_size, compression = 108, 3
    else:
        header_size, compression = 40, 0
    pal = b""
    if palette is not None:
        pal = b"".join(bytes([b, g, r, 0]) for r, g, b in palette)
    offset = 14 + header_size + len(pal)
    dib = struct.pack("<IiiHHIIiiII", header_size, w, -h if top_down else h, 1, bpp, compression,
                      len(pixel_data), 2835, 2835, len(palette) if palette is not None else 0, 0)
    if bitfields_alpha:
        dib += struct.pack("<IIII", 0x00FF0000, 0x0000FF00, 0x000000FF, 0xFF000000)
        dib += b"sRGB"[::-1] + b"\0" * (header_size - 40 - 16 - 4)
    head = b"BM" + struct.pack("<IHHI", offset + len(pixel_data), 0, 0, offset)
    return head + dib + pal + pixel_data


def png_header_only(width, height):
    """A PNG whose IHDR claims width × height but that has no image data: decoders must refuse it from the header."""
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    idat = zlib.compress(b"\0" * 16)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")


def make_fixtures():
    cases = {}
    rgb = RNG.integers(0, 256, (6, 9, 3), dtype=np.uint8)
    alpha = RNG.integers(0, 256, (6, 9), dtype=np.uint8)
    alpha[0, 0], alpha[0, 1] = 0, 255
    fx = OUT / "fixtures"
    fx.mkdir(parents=True, exist_ok=True)

    Image.fromarray(rgb).save(fx / "rgb.png")
    cases["rgb.png"] = rgb
    Image.fromarray(rgb[..., 0]).save(fx / "gray.png")
    cases["gray.png"] = rgb[..., :1]
    Image.fromarray(np.dstack([rgb[..., 0], alpha]), "LA").save(fx / "gray-alpha.png")
    cases["gray-alpha.png"] = np.dstack([rgb[..., 0], alpha])
    Image.fromarray(np.dstack([rgb, alpha])).save(fx / "rgba.png")
    cases["rgba.png"] = np.dstack([rgb, alpha])
    pal = Image.fromarray(rgb).quantize(colors=8, method=Image.Quantize.MEDIANCUT)
    pal.save(fx / "palette.png")
    cases["palette.png"] = np.asarray(Image.open(fx / "palette.png").convert("RGB"))
    pal.save(fx / "palette-trns.png", transparency=0)
    cases["palette-trns.png"] = np.asarray(Image.open(fx / "palette-trns.png").convert("RGBA"))
    rgb16 = RNG.integers(0, 65536, (6, 9, 3)).astype(np.uint16)
    cv2.imwrite(str(fx / "rgb16.png"), rgb16[..., ::-1])
    cases["rgb16.png"] = rgb16
    cv2.imwrite(str(fx / "gray16.png"), rgb16[..., 0])
    cases["gray16.png"] = rgb16[..., :1]
    cv2.imwrite(str(fx / "rgb16.tif"), rgb16[..., ::-1])
    cases["rgb16.tif"] = rgb16
    Image.fromarray(rgb).save(fx / "rgb.webp", lossless=True)
    cases["rgb.webp"] = rgb

    # BMP variants (libvips has no BMP loader; Tensor Parity reads these itself). Width 9 → padded rows.
    write("fixtures/bmp24.bmp", bmp_bytes(rgb, 24))
    cases["bmp24.bmp"] = rgb
    write("fixtures/bmp24-topdown.bmp", bmp_bytes(rgb, 24, top_down=True))
    cases["bmp24-topdown.bmp"] = rgb
    write("fixtures/bmp32.bmp", bmp_bytes(rgb, 32))
    cases["bmp32.bmp"] = rgb
    write("fixtures/bmp32-alpha.bmp", bmp_bytes(np.dstack([rgb, alpha]), 32, bitfields_alpha=True))
    cases["bmp32-alpha.bmp"] = np.dstack([rgb, alpha])
    palette = [tuple(int(v) for v in RNG.integers(0, 256, 3)) for _ in range(16)]
    indices = RNG.integers(0, 16, (6, 9))
    write("fixtures/bmp8.bmp", bmp_bytes(None, 8, palette=palette, indices=indices))
    cases["bmp8.bmp"] = np.array(palette, np.uint8)[indices]
    for name, ref in cases.items():
        if name.endswith(".bmp"):  # cross-check the hand-written BMPs with OpenCV's reader
            got = cv2.imread(str(fx / name), cv2.IMREAD_UNCHANGED)
            got = got[..., [2, 1, 0, 3]] if got.shape[2] == 4 else got[..., ::-1]
            if name == "bmp32.bmp":
                got = got[..., :3]
            assert np.array_equal(got, ref), name

    # Broken files.
    png = (fx / "rgb.png").read_bytes()
    write("fixtures/truncated.png", png[: len(png) * 2 // 3])
    Image.fromarray(np.kron(rgb, np.ones((8, 8, 1), np.uint8))).save(fx / "corrupt.jpg", quality=90)
    jpg = (fx / "corrupt.jpg").read_bytes()
    sos, dht = jpg.index(b"\xff\xda"), jpg.index(b"\xff\xc4")
    write("fixtures/truncated.jpg", jpg[: sos + 200])  # cut off mid-scan, no end marker
    write("fixtures/corrupt-scan.jpg", jpg[: sos + 20] + b"\xff\xd9")  # scan ends early: a decoder warning
    write("fixtures/corrupt.jpg", jpg[: dht + 5] + b"\xff" * 35 + jpg[dht + 40:])  # bogus Huffman table
    write("fixtures/empty.png", b"")
    write("fixtures/text.png", b"hello world, I am not a PNG\n")
    write("fixtures/huge-header.png", png_header_only(50000, 50000))
    rle = bytearray(bmp_bytes(rgb, 24))
    rle[30:34] = struct.pack("<I", 1)  # claims BI_RLE8
    write("fixtures/rle.bmp", bytes(rle))
    write("fixtures/truncated.bmp", bmp_bytes(rgb, 24)[:-40])

    for name, ref in cases.items():
        save_npy(f"expected/{name}.npy", ref if ref.ndim == 3 else ref[..., None])

    # Resize inputs, decoded once by PIL.
    hopper = np.asarray(Image.open(DEMO / "hopper.jpg").convert("RGB"))
    Image.fromarray(hopper).save(fx / "hopper.png")
    astronaut = np.asarray(Image.open(DEMO / "astronaut.png").convert("RGB"))
    crop = astronaut[100:161, 150:247]
    Image.fromarray(crop).save(fx / "crop.png")
    return {"hopper.png": hopper, "crop.png": crop, "astronaut.png": astronaut, "rgb16.png": rgb16}


# ---------------------------------------------------------------- resize goldens (real TensorFlow)

def tf_resize_case(img, h, w, method, fit="stretch", pad=0.0, align=None, half=None):
    x = tf.constant(img)
    if align is not None or half is not None:
        fn = tf.compat.v1.image.resize_bilinear if method == "bilinear" else tf.compat.v1.image.resize_nearest_neighbor
        out = fn(x[None], (h, w), align_corners=bool(align), half_pixel_centers=bool(half))[0]
        call = f"tf.compat.v1.image.resize_{'bilinear' if method == 'bilinear' else 'nearest_neighbor'}(img[None], ({h}, {w}), align_corners={bool(align)}, half_pixel_centers={bool(half)})[0]"
    elif fit == "stretch":
        out = tf.image.resize(x, (h, w), method)
        call = f"tf.image.resize(img, ({h}, {w}), '{method}')"
    else:
        # Resize + pad with zeros as TF does, then paint the padding (where a resized all-ones image is 0) with `pad`.
        if fit == "letterbox":
            def place(t):
                return tf.image.resize_with_pad(tf.cast(t, tf.float32), h, w, method)
            call = f"tf.image.resize_with_pad(img, {h}, {w}, '{method}'), padding set to {pad}"
        else:  # keep-aspect
            def place(t):
                r = tf.image.resize(t, (h, w), method, preserve_aspect_ratio=True)
                return tf.image.pad_to_bounding_box(tf.cast(r, tf.float32), 0, 0, h, w)
            call = f"tf.image.pad_to_bounding_box(tf.image.resize(img, ({h}, {w}), '{method}', preserve_aspect_ratio=True), 0, 0, {h}, {w}), padding set to {pad}"
        inside = place(tf.ones_like(x, tf.float32)) > 0.5
        out = tf.where(inside, place(x), pad)
    return tf.cast(out, tf.float32).numpy(), call


def make_resize(inputs):
    cases = [
        ("astronaut-down-bilinear", "astronaut.png", 47, 61, "bilinear", {}),
        ("astronaut-down-nearest", "astronaut.png", 47, 61, "nearest", {}),
        ("hopper-up-bilinear", "hopper.png", 150, 203, "bilinear", {}),
        ("hopper-up-nearest", "hopper.png", 150, 203, "nearest", {}),
        ("crop-same-size-bilinear", "crop.png", 61, 97, "bilinear", {}),
        ("crop-letterbox-bilinear", "crop.png", 64, 64, "bilinear", {"fit": "letterbox", "pad": 114.0}),
        ("crop-letterbox-tall-nearest", "crop.png", 80, 50, "nearest", {"fit": "letterbox"}),
        ("crop-keep-aspect-bilinear", "crop.png", 64, 64, "bilinear", {"fit": "keep-aspect", "pad": 7.0}),
        ("crop-keep-aspect-tall-nearest", "crop.png", 50, 33, "nearest", {"fit": "keep-aspect"}),
        ("crop-v1-align-corners-bilinear", "crop.png", 30, 40, "bilinear", {"align": True, "half": False}),
        ("crop-v1-legacy-bilinear", "crop.png", 30, 40, "bilinear", {"align": False, "half": False}),
        ("crop-v1-align-corners-nearest", "crop.png", 30, 40, "nearest", {"align": True, "half": False}),
        ("crop-v1-legacy-nearest-up", "crop.png", 91, 150, "nearest", {"align": False, "half": False}),
        ("crop-gray-bilinear", "crop-gray", 40, 70, "bilinear", {}),
        ("rgb16-up-bilinear", "rgb16.png", 13, 20, "bilinear", {}),
    ]
    manifest = []
    for name, src, h, w, method, opts in cases:
        if src == "crop-gray":
            img = inputs["crop.png"][..., :1]
            source = {"file": "fixtures/crop.png", "channel": 0}
        else:
            img = inputs[src]
            source = {"file": "demo/images/astronaut.png" if src == "astronaut.png" else f"fixtures/{src}"}
        out, call = tf_resize_case(img, h, w, method, opts.get("fit", "stretch"), opts.get("pad", 0.0), opts.get("align"), opts.get("half"))
        save_npy(f"resize/{name}.npy", out)
        resize = {"library": "tf", "method": method, "fit": opts.get("fit", "stretch"), "padValue": opts.get("pad", 0.0)}
        if "align" in opts:
            resize["alignCorners"] = opts["align"]
            resize["halfPixelCenters"] = opts["half"]
        manifest.append({"name": name, "input": source, "width": w, "height": h, "resize": resize, "golden": f"resize/{name}.npy", "call": call})
    return manifest


# ---------------------------------------------------------------- whole-pipeline goldens

def make_pipeline(inputs):
    out = []
    # 1. The demo spec on astronaut.png: tf bilinear 256×256, × 1/255, NHWC float32.
    x = tf.image.resize(tf.constant(inputs["astronaut.png"]), (256, 256), "bilinear") * np.float32(1 / 255)
    save_npy("pipeline/demo-astronaut.npy", x.numpy()[None].astype(np.float32))
    out.append({"name": "demo-astronaut", "image": "demo/images/astronaut.png", "spec": "demo/tensorparity.json",
                "golden": "pipeline/demo-astronaut.npy",
                "call": "tf.image.resize(img, (256, 256), 'bilinear') * np.float32(1/255), [None]"})
    # 2. BGR, ImageNet mean/std, float16, NCHW on hopper.png, 80 wide × 96 high.
    bgr = inputs["hopper.png"][..., ::-1].copy()
    r = tf.image.resize(tf.constant(bgr), (96, 80), "bilinear").numpy()
    mean = np.array([0.406, 0.456, 0.485], np.float32)
    std = np.array([0.225, 0.224, 0.229], np.float32)
    v = ((r * np.float32(1 / 255)) - mean) / std
    save_npy("pipeline/hopper-bgr-nchw-f16.npy", v.astype(np.float16).transpose(2, 0, 1)[None])
    input_spec = {"width": 80, "height": 96, "colorOrder": "BGR", "resize": {"library": "tf", "method": "bilinear"},
                  "scale": 1 / 255, "mean": mean.astype(float).tolist(), "std": std.astype(float).tolist(),
                  "dtype": "float16", "layout": "NCHW"}
    out.append({"name": "hopper-bgr-nchw-f16", "image": "fixtures/hopper.png", "input": input_spec,
                "golden": "pipeline/hopper-bgr-nchw-f16.npy",
                "call": "((tf.image.resize(bgr, (96, 80)) * f32(1/255) - mean) / std).astype(float16).transpose(2,0,1)[None]"})
    # 3. GRAY via OpenCV cvtColor, letterbox, uint8 (tf.saturate_cast) NHWC on crop.png.
    gray = cv2.cvtColor(inputs["crop.png"], cv2.COLOR_RGB2GRAY)[..., None]
    g = tf.image.resize_with_pad(tf.cast(gray, tf.float32) - 114.0, 48, 48, "bilinear") + 114.0
    save_npy("pipeline/crop-gray-letterbox-u8.npy", tf.saturate_cast(g, tf.uint8).numpy()[None])
    input_spec = {"width": 48, "height": 48, "colorOrder": "GRAY",
                  "resize": {"library": "tf", "method": "bilinear", "fit": "letterbox", "padValue": 114},
                  "scale": 1, "mean": [0], "std": [1], "dtype": "uint8", "layout": "NHWC"}
    out.append({"name": "crop-gray-letterbox-u8", "image": "fixtures/crop.png", "input": input_spec,
                "golden": "pipeline/crop-gray-letterbox-u8.npy",
                "call": "tf.saturate_cast(tf.image.resize_with_pad(cv2.cvtColor(img, RGB2GRAY) - 114, 48, 48) + 114, uint8)[None]"})
    return out


def main():
    inputs = make_fixtures()
    manifest = {
        "generator": "scripts/golden/make_preprocess_v1.py",
        "versions": {"tensorflow": tf.__version__, "numpy": np.__version__, "opencv": cv2.__version__, "pillow": Image.__version__},
        "resize": make_resize(inputs),
        "pipeline": make_pipeline(inputs),
    }
    (OUT / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n")
    total = sum(p.stat().st_size for p in OUT.rglob("*") if p.is_file())
    print(f"wrote {OUT} ({total / 1e6:.2f} MB)")


if __name__ == "__main__":
    main()
