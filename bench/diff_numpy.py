# numpy reference for bench/diff.mjs: the metrics diffTensors reports, written the way a numpy user would write them:
# float32 throughout (as the tensors are), whole-array operations, no Python loops, nothing ours does not compute.
# Serves timing requests so the bench can interleave its runs with ours: reads "k" lines on stdin, runs the metrics k
# times and prints {"ms": [...]}; the first line printed describes the loaded tensors and the reference's numbers.
import json, sys, time
import numpy as np

a = np.load(sys.argv[1]); b = np.load(sys.argv[2])
atol, rtol = np.float32(1e-4), np.float32(1e-3)
EPS = np.float32(2.220446049250313e-16)


def stats(x):
    return dict(mean=x.mean(dtype=np.float64), std=x.std(dtype=np.float64), min=x.min(), argmin=x.argmin(),
                max=x.max(), argmax=x.argmax(), q=np.percentile(x, [50, 99]))


def metrics(a, b):
    census = {name: (np.count_nonzero(np.isnan(x)), np.count_nonzero(np.isposinf(x)), np.count_nonzero(np.isneginf(x)))
              for name, x in (('a', a), ('b', b))}
    d_full = np.abs(a - b)
    d = d_full.ravel()
    ab = np.abs(b).ravel()
    rel = d / np.where(ab == 0, EPS, ab)
    fin = np.isfinite(d)
    if not fin.all():
        d, rel, ab = d[fin], rel[fin], ab[fin]
    s_abs, s_rel = stats(d), stats(rel)
    fail_allclose = np.count_nonzero(~(d <= atol + rtol * ab))
    over_a, over_r = d > atol, rel > rtol
    fail_both = np.count_nonzero(over_a & over_r)
    need = ((d - rtol * ab).max(), ((d[over_a] - atol) / ab[over_a]).max(initial=0), rel[over_a].max(initial=0),
            d[over_r].max(initial=0))
    af, bf = a.ravel(), b.ravel()
    cos = np.dot(af, bf) / np.sqrt(np.dot(af, af) * np.dot(bf, bf))
    sse = np.dot(d, d)
    snr = 10 * np.log10(np.dot(bf, bf) / sse)
    peak = b.max() - b.min()
    psnr = 10 * np.log10(peak * peak / (sse / d.size))
    nz = np.log10(d[d > 0])
    hist = np.histogram(nz, bins=np.arange(np.floor(nz.min()), np.ceil(nz.max()) + 1))
    worst = np.argpartition(d, -10)[-10:]
    worst = worst[np.argsort(-d[worst])]
    N, H, W, C = b.shape
    dc = d_full.reshape(-1, C)
    channels = (dc.mean(0), np.sqrt((dc * dc).mean(0)), dc.max(0), dc.argmax(0),
                np.count_nonzero(~(dc <= atol + rtol * np.abs(b.reshape(-1, C))), axis=0),
                a.reshape(-1, C).mean(0), b.reshape(-1, C).mean(0))
    sp = dc.reshape(N, H, W, C)
    spatial = (sp.max(axis=(0, 3)), sp.mean(axis=(0, 3)))
    return dict(census=census, abs=s_abs, rel=s_rel, fail_allclose=fail_allclose, fail_both=fail_both, need=need, cos=cos,
                snr=snr, psnr=psnr, hist=hist, worst=worst, channels=channels, spatial=spatial)


m = metrics(a, b)
print(json.dumps({"n": int(a.size), "absMax": float(m['abs']['max']), "absMedian": float(m['abs']['q'][0]),
                  "absP99": float(m['abs']['q'][1]), "failAllclose": int(m['fail_allclose'])}), flush=True)
for line in sys.stdin:
    k = int(line.strip() or 1)
    ms = []
    for _ in range(k):
        t0 = time.perf_counter()
        metrics(a, b)
        ms.append((time.perf_counter() - t0) * 1000)
    print(json.dumps({"ms": ms}), flush=True)
