#!/usr/bin/env python3
"""Reference decodes for JPEG decode parity and channel handling (cv2, Pillow, TensorFlow).

Writes test/golden/decode/:
  jpeg/        small JPEGs made with Pillow: qualities 50–100, 4:2:0 / 4:2:2 / 4:4:4, progressive, optimized
               Huffman tables, grayscale, CMYK, EXIF orientation 6 (odd sizes, so chroma edges are partial)
  png/         small PNGs of every colour type and bit depth (written byte by byte): grey 2/8/16-bit, grey+alpha
               8/16, RGB 8/16, RGBA 8/16, palette 4/8-bit, palette with tRNS, grey and RGB with a tRNS colour key
  ref/         what each library decodes, uint8 .npy:
                 JPEG and the decode table: [K, h, w, 3] (K windows; one full-image window for small files)
                 PNG channels: the 3-channel (rgb) and 1-channel (gray) picture each library's usual read gives
  manifest.json  every file, window and the exact call behind each reference

JPEG references: cv2.imread(f, IMREAD_COLOR)[..., ::-1] (applies EXIF orientation), Image.open(f).convert('RGB')
(no EXIF), tf.io.decode_jpeg(bytes, channels=3) (default dct_method, i.e. INTEGER_FAST; no EXIF), and
tf.io.decode_jpeg(..., dct_method='INTEGER_ACCURATE'). pythonCrossCheck in the manifest compares the Python decoders
with each other on whole images (and TF with fancy_upscaling off) to show where differences come from.
Large demo photos are compared on three 96×96 windows: top-left, centre and bottom-right (borders are where
chroma upsampling and partial blocks differ).

Deterministic and re-runnable:  .venv/bin/python scripts/golden/make_decode_goldens.py
"""
import json
import warnings
import os
import struct
import zlib
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
import cv2  # noqa: E402
import numpy as np  # noqa: E402
import PIL  # noqa: E402
import tensorflow as tf  # noqa: E402
from PIL import Image, features  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "test" / "golden" / "decode"
DEMO = ROOT / "demo" / "images"
RNG = np.random.default_rng(20241122)
# Pillow warns that palette images with tRNS "should be converted to RGBA"; convert("RGB") is what we measure.
warnings.filterwarnings("ignore", message="Palette images with Transparency")
WIN = 96


def rel(path):
    return path.relative_to(ROOT).as_posix()


def save_ref(name, arr):
    path = OUT / "ref" / f"{name}.npy"
    path.parent.mkdir(parents=True, exist_ok=True)
    np.save(path, np.ascontiguousarray(arr.astype(np.uint8)), allow_pickle=False)
    return rel(path)


# ---------------------------------------------------------------- JPEG

def source_picture(width, height):
    """A natural-looking crop of the demo astronaut (face, helmet, flag: edges, skin, saturated red)."""
    rgb = np.asarray(Image.open(DEMO / "astronaut.png").convert("RGB"))
    return np.ascontiguousarray(rgb[30:30 + height, 150:150 + width])


def exif_orientation(value):
    exif = Image.Exif()
    exif[0x0112] = value
    return exif.tobytes()


def make_jpegs():
    jd = OUT / "jpeg"
    jd.mkdir(parents=True, exist_ok=True)
    rgb = Image.fromarray(source_picture(111, 75))
    made = []

    def save(name, img, note, **kw):
        path = jd / name
        img.save(path, "JPEG", **kw)
        made.append((path, note))

    save("q50-420.jpg", rgb, "quality 50, 4:2:0", quality=50, subsampling=2)
    save("q75-420.jpg", rgb, "quality 75, 4:2:0 (Pillow's default)", quality=75, subsampling=2)
    save("q95-420.jpg", rgb, "quality 95, 4:2:0", quality=95, subsampling=2)
    save("q100-444.jpg", rgb, "quality 100, 4:4:4", quality=100, subsampling=0)
    save("q75-444.jpg", rgb, "quality 75, 4:4:4", quality=75, subsampling=0)
    save("q90-422.jpg", rgb, "quality 90, 4:2:2", quality=90, subsampling=1)
    save("q75-420-progressive.jpg", rgb, "quality 75, 4:2:0, progressive", quality=75, subsampling=2, progressive=True)
    save("q75-420-optimized.jpg", rgb, "quality 75, 4:2:0, optimized Huffman tables", quality=75, subsampling=2, optimize=True)
    save("gray-q75.jpg", rgb.convert("L"), "grayscale (1 component), quality 75", quality=75)
    # Pillow's own RGB→CMYK leaves K at 0; take 70 % of the grey component into K so the K formulas matter.
    cmy = 255 - np.asarray(rgb).astype(np.int32)
    k = cmy.min(axis=2) * 7 // 10
    cmyk = Image.fromarray(np.dstack([cmy - k[..., None], k]).astype(np.uint8), "CMYK")
    save("cmyk-q90.jpg", cmyk, "CMYK with K (Adobe APP14, inverted), quality 90, no ICC profile", quality=90)
    # Stored turned 90° counter-clockwise (75×111) with orientation 6: upright again (111×75) once applied.
    stored = rgb.transpose(Image.Transpose.ROTATE_90)
    save("exif6-q75.jpg", stored, "EXIF orientation 6, quality 75, 4:2:0; cv2 applies it, Pillow and TF do not",
         quality=75, subsampling=2, exif=exif_orientation(6))
    return made


def windows_for(h, w):
    if h <= 160 and w <= 160:
        return [[0, 0, w, h]]
    return [[0, 0, WIN, WIN], [(w - WIN) // 32 * 16, (h - WIN) // 32 * 16, WIN, WIN], [w - WIN, h - WIN, WIN, WIN]]


def cut(img, windows):
    return np.stack([img[y:y + hh, x:x + ww] for x, y, ww, hh in windows])


def jpeg_refs(path):
    """Decodes `path` with each library; returns {lib: (HWC uint8 RGB, applyExif, call)} or an error string."""
    data = path.read_bytes()
    out = {}
    bgr = cv2.imread(str(path), cv2.IMREAD_COLOR)
    out["cv2"] = (bgr[..., ::-1], True, "cv2.imread(f, cv2.IMREAD_COLOR)[..., ::-1]") if bgr is not None else "cv2.imread returned None"
    out["pil"] = (np.asarray(Image.open(path).convert("RGB")), False, "np.asarray(Image.open(f).convert('RGB'))")
    for lib, kw, call in [("tf", {}, "tf.io.decode_jpeg(bytes, channels=3)  # dct_method='' = INTEGER_FAST"),
                          ("tf-accurate", {"dct_method": "INTEGER_ACCURATE"},
                           "tf.io.decode_jpeg(bytes, channels=3, dct_method='INTEGER_ACCURATE')")]:
        try:
            out[lib] = (tf.io.decode_jpeg(data, channels=3, **kw).numpy(), False, call)
        except Exception as e:  # noqa: BLE001 - recorded in the manifest
            out[lib] = f"tf.io.decode_jpeg failed: {str(e).splitlines()[0]}"
    return out


def stats(a, b):
    """max |a − b|, mean |a − b| over samples, % of pixels with any channel differing (full images)."""
    if a.shape != b.shape:
        return {"shape": [list(a.shape), list(b.shape)]}
    d = np.abs(a.astype(np.int32) - b.astype(np.int32))
    return {"maxAbs": int(d.max()), "meanAbs": round(float(d.mean()), 4), "pctPixels": round(float((d.max(axis=2) > 0).mean() * 100), 3)}


def cross_check(path):
    """How the Python decoders differ from each other on the whole image, and what each TF setting changes."""
    data = path.read_bytes()
    cv = cv2.imread(str(path), cv2.IMREAD_COLOR | cv2.IMREAD_IGNORE_ORIENTATION)[..., ::-1]
    pil = np.asarray(Image.open(path).convert("RGB"))
    tfd = {name: tf.io.decode_jpeg(data, channels=3, dct_method=dm, fancy_upscaling=fu).numpy()
           for name, dm, fu in [("fast", "INTEGER_FAST", True), ("accurate", "INTEGER_ACCURATE", True),
                                ("fast-nofancy", "INTEGER_FAST", False), ("accurate-nofancy", "INTEGER_ACCURATE", False)]}
    return {
        "pil vs cv2 (EXIF ignored)": stats(pil, cv),
        "tf (INTEGER_FAST, fancy upscaling) vs cv2": stats(tfd["fast"], cv),
        "tf INTEGER_ACCURATE vs cv2": stats(tfd["accurate"], cv),
        "tf INTEGER_ACCURATE, fancy_upscaling=False vs cv2": stats(tfd["accurate-nofancy"], cv),
        "tf INTEGER_FAST, fancy_upscaling=False vs cv2": stats(tfd["fast-nofancy"], cv),
    }


def png_refs_rgb(path):
    bgr = cv2.imread(str(path), cv2.IMREAD_COLOR)
    return {
        "cv2": (bgr[..., ::-1], True, "cv2.imread(f, cv2.IMREAD_COLOR)[..., ::-1]"),
        "pil": (np.asarray(Image.open(path).convert("RGB")), False, "np.asarray(Image.open(f).convert('RGB'))"),
        "tf": (tf.io.decode_image(path.read_bytes(), channels=3).numpy(), False, "tf.io.decode_image(bytes, channels=3)"),
    }


def decode_cases(jpegs):
    files = [(DEMO / "hopper.jpg", "demo photo, 128×128, 4:2:0"),
             (DEMO / "astronaut-wide.jpg", "demo photo, 1280×720, 4:2:0 (three 96×96 windows)"),
             (DEMO / "astronaut-exif-rotated.jpg", "demo photo, 512×512, 4:2:0, EXIF orientation 8 (three windows)")]
    files += jpegs
    cases = []
    for path, note in files:
        case = decode_case(path, note, jpeg_refs(path))
        if not path.name.startswith("cmyk"):
            case["pythonCrossCheck"] = cross_check(path)
        cases.append(case)
    # PNG must decode exactly in every library.
    rgb8 = OUT / "png" / "rgb8.png"
    cases.append(decode_case(rgb8, "PNG, 8-bit RGB (lossless: must be exact)", png_refs_rgb(rgb8)))
    cases.append(decode_case(DEMO / "astronaut.png", "demo PNG, 512×512 RGB (three windows; must be exact)", png_refs_rgb(DEMO / "astronaut.png")))
    return cases


def decode_case(path, note, refs):
    stem = path.name
    case = {"name": stem, "file": rel(path), "note": note, "refs": {}}
    for lib, ref in refs.items():
        if isinstance(ref, str):
            case["refs"][lib] = {"error": ref}
            continue
        img, apply_exif, call = ref
        h, w = img.shape[:2]
        wins = windows_for(h, w)
        case["refs"][lib] = {"npy": save_ref(f"{stem}.{lib}", cut(img, wins)), "applyExif": apply_exif,
                             "size": [w, h], "windows": wins, "call": call}
    return case


# ---------------------------------------------------------------- PNG channels

def png_bytes(width, height, color_type, bit_depth, rows, palette=None, trns=None):
    """A PNG written chunk by chunk; `rows` is a list of already packed scanlines (without filter bytes)."""
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    out = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, bit_depth, color_type, 0, 0, 0))
    if palette is not None:
        out += chunk(b"PLTE", bytes(np.asarray(palette, np.uint8).ravel()))
    if trns is not None:
        out += chunk(b"tRNS", trns)
    raw = b"".join(b"\0" + r for r in rows)
    return out + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b"")


def pack_rows(samples, bit_depth):
    """HW(C) integer samples → big-endian packed scanlines."""
    h = samples.shape[0]
    flat = samples.reshape(h, -1)
    if bit_depth == 16:
        return [flat[y].astype(">u2").tobytes() for y in range(h)]
    if bit_depth == 8:
        return [flat[y].astype(np.uint8).tobytes() for y in range(h)]
    per = 8 // bit_depth
    rows = []
    for y in range(h):
        vals = list(flat[y]) + [0] * ((-len(flat[y])) % per)
        packed = bytearray()
        for i in range(0, len(vals), per):
            byte = 0
            for v in vals[i:i + per]:
                byte = (byte << bit_depth) | int(v)
            packed.append(byte)
        rows.append(bytes(packed))
    return rows


def sixteen(shape):
    """16-bit samples over the whole range, with small values (< 256) and the extremes included."""
    v = RNG.integers(0, 65536, shape).astype(np.uint16)
    flat = v.reshape(-1)
    flat[::5] = RNG.integers(0, 300, flat[::5].shape)
    flat[:4] = [0, 255, 256, 65535]
    return v


def make_pngs():
    pd = OUT / "png"
    pd.mkdir(parents=True, exist_ok=True)
    w, h = 13, 9
    rgb = RNG.integers(0, 256, (h, w, 3), dtype=np.uint8)
    grey = RNG.integers(0, 256, (h, w), dtype=np.uint8)
    alpha = RNG.integers(0, 256, (h, w), dtype=np.uint8)
    alpha.reshape(-1)[:3] = [0, 255, 128]
    pal = RNG.integers(0, 256, (16, 3), dtype=np.uint8)
    idx = RNG.integers(0, 16, (h, w))
    made = []

    def put(name, note, color_type, bit_depth, samples, **kw):
        path = pd / name
        path.write_bytes(png_bytes(samples.shape[1], samples.shape[0], color_type, bit_depth, pack_rows(samples, bit_depth), **kw))
        made.append((path, note))

    put("rgb8.png", "RGB, 8-bit", 2, 8, rgb)
    put("gray8.png", "grey, 8-bit", 0, 8, grey)
    put("gray2.png", "grey, 2-bit (scaled to 0, 85, 170, 255)", 0, 2, grey >> 6)
    put("gray-alpha8.png", "grey + alpha, 8-bit", 4, 8, np.dstack([grey, alpha]))
    put("rgba8.png", "RGBA, 8-bit (alpha 0, 255, 128, random)", 6, 8, np.dstack([rgb, alpha]))
    put("palette8.png", "palette, 8-bit indices, 16 colours", 3, 8, idx, palette=pal)
    put("palette4-trns.png", "palette, 4-bit indices, tRNS (entries 0–5 partly transparent)", 3, 4, idx, palette=pal,
        trns=bytes([0, 40, 80, 120, 160, 200]))
    key = int(grey[0, 0])
    put("gray-trns.png", f"grey, 8-bit, tRNS colour key {key}", 0, 8, grey, trns=struct.pack(">H", key))
    put("rgb-trns.png", "RGB, 8-bit, tRNS colour key (the first pixel's colour)", 2, 8, rgb,
        trns=struct.pack(">HHH", *[int(v) for v in rgb[0, 0]]))
    g16 = sixteen((16, 16))
    put("gray16.png", "grey, 16-bit (many values < 256)", 0, 16, g16)
    put("gray-alpha16.png", "grey + alpha, 16-bit", 4, 16, np.dstack([g16, sixteen((16, 16))]))
    put("rgb16.png", "RGB, 16-bit", 2, 16, sixteen((16, 16, 3)))
    put("rgba16.png", "RGBA, 16-bit", 6, 16, sixteen((16, 16, 4)))
    return made


def channel_cases(pngs):
    cases = []
    for path, note in pngs:
        stem = path.name
        bgr = cv2.imread(str(path), cv2.IMREAD_COLOR)
        pil = Image.open(path)
        refs = {
            "cv2": {"rgb": save_ref(f"{stem}.cv2.rgb", bgr[..., ::-1]),
                    "gray": save_ref(f"{stem}.cv2.gray", cv2.cvtColor(bgr, cv2.COLOR_BGR2GRAY)[..., None])},
            "pil": {"rgb": save_ref(f"{stem}.pil.rgb", np.asarray(pil.convert("RGB"))),
                    "gray": save_ref(f"{stem}.pil.gray", np.asarray(Image.open(path).convert("L"))[..., None])},
            "tf": {"rgb": save_ref(f"{stem}.tf.rgb", tf.io.decode_image(path.read_bytes(), channels=3).numpy())},
        }
        cases.append({"name": stem, "file": rel(path), "note": note, "pilMode": pil.mode, "refs": refs})
    return cases


def main():
    for sub in ("ref", "jpeg", "png"):
        d = OUT / sub
        if d.exists():
            for f in d.iterdir():
                f.unlink()
    pngs = make_pngs()
    jpegs = make_jpegs()
    manifest = {
        "generator": "scripts/golden/make_decode_goldens.py",
        "versions": {
            "opencv": cv2.__version__,
            "opencvJpeg": next((ln.split(":", 1)[1].strip() for ln in cv2.getBuildInformation().splitlines() if ln.strip().startswith("JPEG:")), "?"),
            "pillow": PIL.__version__,
            "pillowLibjpegTurbo": features.version_feature("libjpeg_turbo"),
            "tensorflow": tf.__version__,
            "numpy": np.__version__,
        },
        "calls": {
            "cv2.rgb": "cv2.imread(f, cv2.IMREAD_COLOR)[..., ::-1]",
            "cv2.gray": "cv2.cvtColor(cv2.imread(f, cv2.IMREAD_COLOR), cv2.COLOR_BGR2GRAY)",
            "pil.rgb": "Image.open(f).convert('RGB')",
            "pil.gray": "Image.open(f).convert('L')",
            "tf.rgb": "tf.io.decode_image(bytes, channels=3)  # dtype uint8",
        },
        "decode": decode_cases(jpegs),
        "channels": channel_cases(pngs),
    }
    (OUT / "manifest.json").write_text(json.dumps(manifest, indent=1) + "\n")
    total = sum(f.stat().st_size for f in OUT.rglob("*") if f.is_file())
    print(f"wrote {OUT} ({total / 1e6:.2f} MB)")


if __name__ == "__main__":
    main()
