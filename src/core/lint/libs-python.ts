// Python library semantics: OpenCV, numpy and PIL (TensorFlow/Keras are in libs-python-tf.ts).

import { type Analyzer } from './flow';
import { UNHANDLED, type CallCtx, type Frame, type LangLib, type Val } from './flow-api';
import { cvBridgeCall } from './libs-ros';
import { applyOp, newFlow, type Op } from './flow-types';
import type { Expr } from './ir';
import {
  appendArg,
  arg,
  cvOf,
  cvtOp,
  flowOf,
  fv,
  headOf,
  isLiteralPair,
  layoutFromPerm,
  methodNode,
  nameOf,
  npDtype,
  pair,
  pixelSource,
  rebind,
  replaceExpr,
  through,
  shownArg,
} from './libs-common';
import { blobFromImage, blobFromImages, cvConst, cvInterp } from './libs-opencv';
import { pythonTfCall } from './libs-python-tf';
import { recordPick } from './libs-python-channels';
import { checkResize } from './rules-resize';
import { torchCompose, torchStep } from './libs-python-torch';
import { albuApply } from './libs-python-albu';
import { tensorBackToPicture } from './output-resize';
import { checkShape } from './rules-shape';
import { nums } from './values';
import { edgeTpuCall, tensorViewStore } from './libs-python-edge';
import { gradioCall } from './libs-python-apps';
import { npCall } from './libs-python-numpy';

const PIL_RESAMPLE = ['nearest', 'lanczos', 'bilinear', 'bicubic', 'box', 'hamming', 'mks2013', 'mks2021'];

function pilResample(v: Val): string | undefined {
  const c = cvOf(v);
  if (c?.t === 'num') return PIL_RESAMPLE[c.v];
  const n = nameOf(v)?.replace(/^.*\./, '').toLowerCase();
  if (n === 'antialias') return 'lanczos';
  return n && PIL_RESAMPLE.includes(n) ? n : undefined;
}

function cv2Resize(c: CallCtx, an: Analyzer): Val {
  const dsize = arg(c, 1, 'dsize');
  const interp = arg(c, 5, 'interpolation');
  const method = interp ? cvInterp(interp.v) : 'linear';
  const wh = dsize ? pair(dsize.v) : undefined;
  const cv = headOf(an, c.node.f);
  checkResize(
    {
      node: c.node,
      api: 'cv2.resize',
      lib: 'cv2',
      size:
        wh && dsize && (wh[0] > 0 || wh[1] > 0)
          ? {
              w: wh[0],
              h: wh[1],
              order: 'wh',
              node: dsize.e,
              fix: isLiteralPair(dsize.e) ? (w, h) => replaceExpr(dsize.e, `(${w}, ${h})`) : undefined,
            }
          : undefined,
      method: method
        ? {
            name: method,
            shown: interp ? shownArg(an, interp) : 'INTER_LINEAR',
            isDefault: !interp,
            node: interp?.e,
            fix: (m) => {
              const k = cvConst(m);
              if (!k) return undefined;
              if (interp) return replaceExpr(interp.e, `${cv}.${k}`);
              return appendArg(an, c.node, `interpolation=${cv}.${k}`);
            },
          }
        : undefined,
    },
    an.spec,
    an.rep,
  );
  return through(c, 0, { t: 'resize', node: c.node });
}

function pilResize(c: CallCtx, an: Analyzer): Val {
  const rf = flowOf(c.recv);
  if (rf && tensorBackToPicture(rf)) return through(c, -1, { t: 'resize', node: c.node });
  const size = arg(c, 0, 'size');
  const res = arg(c, 1, 'resample');
  const wh = size ? pair(size.v) : undefined;
  const method = res ? pilResample(res.v) : 'bicubic';
  checkResize(
    {
      node: c.node,
      api: 'Image.resize',
      lib: 'pil',
      size:
        wh && size
          ? {
              w: wh[0],
              h: wh[1],
              order: 'wh',
              node: size.e,
              fix: isLiteralPair(size.e) ? (w, h) => replaceExpr(size.e, `(${w}, ${h})`) : undefined,
            }
          : undefined,
      method: method
        ? {
            name: method,
            shown: res ? shownArg(an, res) : 'BICUBIC',
            isDefault: !res,
            node: res?.e,
            fix: (m) => {
              const img = an.info.imports.get('Image') === 'PIL.Image' || !an.info.imports.has('Image') ? 'Image' : undefined;
              const k = `${img ?? 'PIL.Image'}.Resampling.${m.toUpperCase()}`;
              return res ? replaceExpr(res.e, k) : appendArg(an, c.node, `resample=${k}`);
            },
          }
        : undefined,
    },
    an.spec,
    an.rep,
  );
  return through(c, -1, { t: 'resize', node: c.node });
}

function isPilFile(an: Analyzer): boolean {
  for (const full of an.info.imports.values()) if (full.startsWith('PIL')) return true;
  return false;
}

function methodCall(c: CallCtx, an: Analyzer, fr: Frame): Val | typeof UNHANDLED {
  const recv = flowOf(c.recv);
  if (!recv) {
    const pasted = c.method === 'paste' ? flowOf(arg(c, 0, 'im')?.v) : undefined;
    if (pasted && c.node.f.k === 'attr' && c.node.f.o.k === 'name') {
      // canvas = Image.new("RGB", size); canvas.paste(Image.open(p).resize(size)): the canvas now holds the image,
      // converted to the canvas's mode.
      const made = an.info.scopeFor(fr.func).find(c.node.f.o.n)?.vars.get(c.node.f.o.n);
      const mode = made?.length === 1 && made[0]?.k === 'call' && made[0].a[0]?.v.k === 'str' ? made[0].a[0].v.v : undefined;
      const color = mode === 'RGB' ? 'RGB' : mode === 'L' ? 'GRAY' : mode === 'RGBA' ? 'RGBA' : undefined;
      const ops: Op[] = color
        ? [
            { t: 'pilConvert', node: c.node, mode: mode! },
            { t: 'setColor', color, node: c.node, why: `Image.new("${mode}")` },
          ]
        : [];
      fr.vars.set(c.node.f.o.n, fv(ops.reduce((f, op) => applyOp(f, op), pasted)));
      return undefined;
    }
    if (c.method === 'read' || c.method === 'retrieve') {
      const cap = c.recv?.k === 'flow' ? c.recv.f : undefined;
      if (cap?.kind === 'capture') return { k: 'many', items: [undefined, pixelSource(c, 'VideoCapture.read', { kind: 'ndarray', color: 'BGR' })] };
    }
    return UNHANDLED;
  }
  const m = c.method!;
  if (recv.kind === 'capture') {
    if (m === 'read' || m === 'retrieve') return { k: 'many', items: [undefined, pixelSource(c, 'VideoCapture.read', { kind: 'ndarray', color: 'BGR' })] };
    return undefined;
  }
  const pil = recv.kind === 'pil' || (recv.kind === '?' && isPilFile(an));
  if (pil && m === 'convert') {
    const mode = nameOf(arg(c, 0, 'mode')?.v);
    const color = mode === 'RGB' ? 'RGB' : mode === 'L' ? 'GRAY' : mode === 'RGBA' ? 'RGBA' : '?';
    return through(c, -1, { t: 'pilConvert', node: c.node, mode: mode ?? '?' }, { t: 'setColor', color, node: c.node, why: `convert(${mode})` });
  }
  if (pil && m === 'resize') return pilResize(c, an);
  if (pil && m === 'thumbnail') {
    const size = arg(c, 0, 'size');
    const wh = size ? pair(size.v) : undefined;
    const res = arg(c, 1, 'resample');
    checkResize(
      {
        node: c.node,
        api: 'Image.thumbnail',
        lib: 'pil',
        size: wh && size ? { w: wh[0], h: wh[1], order: 'wh', node: size.e } : undefined,
        method: {
          name: res ? (pilResample(res.v) ?? 'bicubic') : 'bicubic',
          shown: res ? an.text(res.e) : 'BICUBIC',
          isDefault: !res,
          node: res?.e,
        },
        fit: { fit: 'keep-aspect', shown: 'thumbnail keeps the aspect ratio' },
      },
      an.spec,
      an.rep,
    );
    rebind(c, fr, through(c, -1, { t: 'resize', node: c.node }));
    return undefined;
  }
  switch (m) {
    case 'astype':
    case 'to':
    case 'type': {
      const dt = npDtype(arg(c, 0, 'dtype')?.v);
      return dt ? through(c, -1, { t: 'cast', dtype: dt, node: c.node }) : through(c, -1);
    }
    case 'float':
      return through(c, -1, { t: 'cast', dtype: 'float32', node: c.node });
    case 'double':
      return through(c, -1, { t: 'cast', dtype: 'float64', node: c.node });
    case 'transpose':
    case 'permute': {
      const perm = c.args.length === 1 ? nums(cvOf(c.args[0])) : nums({ t: 'seq', items: c.args.map((a) => cvOf(a) ?? { t: 'null' }), dt: 'int' });
      const lay = perm ? layoutFromPerm(perm) : undefined;
      return lay ? through(c, -1, { t: 'layout', to: lay, node: c.node, desc: `${m}(${perm!.join(', ')})` }) : through(c, -1, { t: 'nonaffine', node: c.node });
    }
    case 'reshape':
    case 'view': {
      // img.reshape(1, 224, 224, 3) / img.reshape((1, 224, 224, 3)): an explicit batch shape of the image.
      const dims = c.args.length === 1 ? nums(cvOf(c.args[0])) : nums({ t: 'seq', items: c.args.map((a) => cvOf(a) ?? { t: 'null' }), dt: 'int' });
      if (dims?.length === 4 && c.argExprs.length > 0) checkShape(an, dims, c.argExprs.length === 1 ? c.argExprs[0].v : c.node, `.${m}`, true);
      return through(c, -1);
    }
    case 'copy':
    case 'squeeze':
    case 'unsqueeze':
    case 'numpy':
    case 'clip':
    case 'contiguous':
    case 'cpu':
    case 'crop':
    case 'rotate':
    case 'filter':
    case 'flatten':
    case 'ravel':
    case 'detach':
    case 'clamp':
      return through(c, -1);
    case 'div':
    case 'sub':
    case 'mul':
    case 'add':
    case 'div_':
    case 'sub_':
    case 'mul_':
    case 'add_': {
      const a0 = c.args[0];
      if (a0?.k !== 'cv') return through(c, -1, { t: 'nonaffine', node: c.node });
      const op = { div: '/', sub: '-', mul: '*', add: '+' }[m.replace(/_$/, '') as 'div'];
      return an.binary({ k: 'bin', op, l: c.node, r: c.argExprs[0].v, sp: methodNode(c).sp }, fv(recv), a0, fr);
    }
    case 'mean':
    case 'std':
    case 'max':
    case 'min':
    case 'sum':
    case 'tobytes':
    case 'tolist':
    case 'getpixel':
    case 'item':
      return undefined;
    default:
      return UNHANDLED;
  }
}

/** The Python library table. */
export const pythonLib: LangLib = {
  store: tensorViewStore,

  call(c: CallCtx): Val | typeof UNHANDLED {
    const an = c.an;
    const n = c.name;
    if (c.method !== undefined) {
      const ros = cvBridgeCall(c, 'ndarray');
      return ros !== UNHANDLED ? ros : methodCall(c, an, c.fr);
    }
    if (c.node.f.k === 'name' && !n?.includes('.')) {
      const step = torchStep(c);
      if (step !== UNHANDLED) return step;
    }
    // A name imported from a sibling module has a dotted canonical name (`transforms.tfm`).
    if (c.node.f.k === 'name') {
      const albu = albuApply(c);
      if (albu !== UNHANDLED) return albu;
    }
    if (!n) return UNHANDLED;
    const edge = edgeTpuCall(c, n);
    if (edge !== UNHANDLED) return edge;
    const app = gradioCall(c, n);
    if (app !== UNHANDLED) return app;
    if (/^torchvision\.transforms(\.v2)?\.Compose$/.test(n)) return torchCompose(c);
    if (n === 'cv2.imread' || n === 'cv2.imdecode') {
      const flag = arg(c, 1, 'flags');
      const fl = flag ? (nameOf(flag.v) ?? String(cvOf(flag.v)?.t === 'num' ? (cvOf(flag.v) as { v: number }).v : '')) : 'IMREAD_COLOR';
      const color = /GRAYSCALE|REDUCED_GRAYSCALE|^0$/.test(fl) ? 'GRAY' : /UNCHANGED|^-1$/.test(fl) ? '?' : /COLOR_RGB/.test(fl) ? 'RGB' : 'BGR';
      return pixelSource(c, n, { kind: 'ndarray', color });
    }
    if (n === 'cv2.VideoCapture') return fv(newFlow({ kind: 'unknown', node: c.node, desc: n }, { kind: 'capture' }));
    if (n === 'cv2.cvtColor') {
      const code = nameOf(arg(c, 1, 'code')?.v);
      const op: Op | undefined = code ? cvtOp(code, c.node) : { t: 'setColor', color: '?', node: c.node, why: 'cvtColor' };
      return op ? through(c, 0, op) : through(c, 0);
    }
    if (n === 'cv2.resize') return cv2Resize(c, an);
    if (n === 'cv2.dnn.blobFromImage') return blobFromImage(c, an, 'cv2.dnn.blobFromImage');
    if (n === 'cv2.dnn.blobFromImages') return blobFromImages(c, an, 'cv2.dnn.blobFromImages');
    if (
      n === 'cv2.flip' ||
      n === 'cv2.GaussianBlur' ||
      n === 'cv2.copyMakeBorder' ||
      n === 'cv2.warpAffine' ||
      n === 'cv2.warpPerspective' ||
      n === 'cv2.remap' ||
      n === 'cv2.getRectSubPix' ||
      n === 'cv2.medianBlur' ||
      n === 'cv2.blur' ||
      n === 'cv2.rotate'
    )
      return through(c, 0);
    if (n === 'cv2.merge' || n === 'cv2.split') return undefined;
    if (n === 'PIL.Image.open') return pixelSource(c, 'Image.open', { kind: 'pil', color: 'RGB', pil: true });
    if (n === 'PIL.Image.fromarray') return through(c, 0, { t: 'kind', kind: 'pil' });
    if (n === 'PIL.ImageOps.exif_transpose') return through(c, 0);
    if (n === 'PIL.ImageOps.grayscale') return through(c, 0, { t: 'setColor', color: 'GRAY', node: c.node, why: 'grayscale' });
    if (n === 'PIL.ImageOps.fit' || n === 'PIL.ImageOps.pad' || n === 'PIL.ImageOps.contain') {
      const size = arg(c, 1, 'size');
      const wh = size ? pair(size.v) : undefined;
      const res = arg(c, 2, 'method');
      const fit = n.endsWith('fit') ? 'crop' : n.endsWith('pad') ? 'letterbox' : 'keep-aspect';
      checkResize(
        {
          node: c.node,
          api: n.replace(/^PIL\./, ''),
          lib: 'pil',
          size: wh && size ? { w: wh[0], h: wh[1], order: 'wh', node: size.e } : undefined,
          method: {
            name: res ? (pilResample(res.v) ?? 'bicubic') : 'bicubic',
            shown: res ? an.text(res.e) : 'BICUBIC',
            isDefault: !res,
            node: res?.e,
          },
          fit: { fit, shown: n.replace(/^PIL\./, '') },
        },
        an.spec,
        an.rep,
      );
      return through(c, 0, { t: 'resize', node: c.node });
    }
    if (n.startsWith('np.')) return npCall(c, an, c.fr, n.slice(3));
    if (n === 'torch.from_numpy' || n === 'torch.tensor' || n === 'torch.as_tensor') return through(c, 0, { t: 'kind', kind: 'tensor' });
    // The legacy typed constructors copy into a tensor of their own dtype: torch.FloatTensor(x) is float32.
    if (/^torch\.(cuda\.)?FloatTensor$/.test(n)) return through(c, 0, { t: 'cast', dtype: 'float32', node: c.node }, { t: 'kind', kind: 'tensor' });
    return pythonTfCall(c, an, n);
  },

  subscript(_an: Analyzer, _fr: Frame, node: Expr & { k: 'sub' }, obj: Val): Val | typeof UNHANDLED {
    const f = flowOf(obj);
    if (!f || obj?.k !== 'flow') return UNHANDLED;
    const idx = node.idx;
    const last = idx[idx.length - 1];
    const step = last?.k === 'slice' ? last.parts[2] : null;
    const reversed = last?.k === 'slice' && step?.k === 'num' && step.v === -1 && !last.parts[0] && !last.parts[1];
    if (reversed && idx.length >= 2) return fv(applyOp(f, { t: 'swap', node, why: 'channel slice [..., ::-1]' }));
    const lastIsChannelPick = idx.length >= 3 && last?.k === 'num';
    if (lastIsChannelPick || (idx.length === 2 && idx[0].k === 'ellipsis' && last?.k === 'num')) {
      if (last?.k === 'num' && Number.isInteger(last.v) && last.v >= 0 && last.v < 3) recordPick(node, f, last.v);
      return fv(applyOp(f, { t: 'setColor', color: '?', node, why: 'channel pick' }));
    }
    return fv(f);
  },
};
