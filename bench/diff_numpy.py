# numpy reference for bench/diff.mjs: the same metrics diffTensors computes, timed in-process (file loading excluded).
import sys, time, json
import numpy as np

a = np.load(sys.argv[1]); b = np.load(sys.argv[2])
atol, rtol = 1e-4, 1e-3
runs = []
for _ in range(int(sys.argv[3]) if len(sys.argv) > 3 else 2):
    t0 = time.perf_counter()
    a64 = a.astype(np.float64); b64 = b.astype(np.float64)
    fin = np.isfinite(a64) & np.isfinite(b64)
    nan_a = np.isnan(a).sum(); nan_b = np.isnan(b).sum()
    d = np.abs(a64 - b64)
    ab = np.abs(b64)
    rel = d / np.where(ab == 0, 2.220446049250313e-16, ab)
    df = d[fin]; rf = rel[fin]
    stats = {}
    for name, x, full in (('abs', df, d), ('rel', rf, rel)):
        stats[name] = dict(mean=x.mean(), std=x.std(), min=x.min(), argmin=np.unravel_index(np.argmin(full), a.shape),
                           max=x.max(), argmax=np.unravel_index(np.argmax(full), a.shape), q=np.percentile(x, [50, 99]))
    fail_ac = (~(d <= atol + rtol * ab)).sum()
    fail_both = ((d > atol) & (rel > rtol)).sum()
    need_atol = max(0.0, (d - rtol * ab).max())
    over = d > atol
    need_rtol = ((d[over] - atol) / ab[over]).max() if over.any() else 0.0
    need_atol_b = d[rel > rtol].max() if (rel > rtol).any() else 0.0
    need_rtol_b = rel[over].max() if over.any() else 0.0
    cos = (a64 * b64).sum() / np.sqrt((a64 * a64).sum() * (b64 * b64).sum())
    sse = (d * d).sum()
    snr = 10 * np.log10((b64 * b64).sum() / sse)
    peak = b64.max() - b64.min()
    psnr = 10 * np.log10(peak * peak / (sse / d.size))
    worst = np.argpartition(d.ravel(), -10)[-10:]
    worst = worst[np.argsort(-d.ravel()[worst])]
    nz = df[df > 0]
    hist = np.histogram(np.log10(nz), bins=np.arange(np.floor(np.log10(nz.min())), np.ceil(np.log10(nz.max())) + 1))
    C = a.shape[-1]
    dc = d.reshape(-1, C)
    ch = dict(mean=dc.mean(0), rmse=np.sqrt((dc * dc).mean(0)), max=dc.max(0), argmax=dc.argmax(0),
              fails=(~(d <= atol + rtol * ab)).reshape(-1, C).sum(0), ma=a64.reshape(-1, C).mean(0), mb=b64.reshape(-1, C).mean(0))
    H, W = a.shape[-3], a.shape[-2]
    sp = d.reshape(-1, H, W, C)
    spmax = sp.max(axis=(0, 3)).astype(np.float32); spmean = sp.mean(axis=(0, 3)).astype(np.float32)
    runs.append(time.perf_counter() - t0)
print(json.dumps({"seconds": min(runs), "absMax": float(stats['abs']['max']), "absMedian": float(stats['abs']['q'][0]),
                  "absP99": float(stats['abs']['q'][1]), "failAllclose": int(fail_ac)}))
