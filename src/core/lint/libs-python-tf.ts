// Python TensorFlow / Keras semantics: decoding, tf.image.resize, load_img, casts, transposes and preprocess_input.

import { type Analyzer } from './flow';
import { UNHANDLED, type CallCtx, type Val } from './flow-api';
import { applyOp, type FlowVal } from './flow-types';
import { appendArg, arg, cvOf, flowOf, fv, isLiteralPair, layoutFromPerm, nameOf, npDtype, pair, pixelSource, replaceExpr, through } from './libs-common';
import { checkResize, type ResizeCall } from './rules-resize';
import { nums } from './values';

const TF_METHODS = ['bilinear', 'nearest', 'bicubic', 'area', 'lanczos3', 'lanczos5', 'gaussian', 'mitchellcubic'];
const PPI_MODE: Record<string, 'caffe' | 'tf' | 'torch' | 'none'> = {
  resnet: 'caffe',
  resnet50: 'caffe',
  vgg16: 'caffe',
  vgg19: 'caffe',
  imagenet_utils: 'caffe',
  mobilenet: 'tf',
  mobilenet_v2: 'tf',
  inception_v3: 'tf',
  inception_resnet_v2: 'tf',
  xception: 'tf',
  nasnet: 'tf',
  resnet_v2: 'tf',
  densenet: 'torch',
  efficientnet: 'none',
  efficientnet_v2: 'none',
  convnext: 'none',
  mobilenet_v3: 'none',
  regnet: 'none',
};

/**
 * TF's JPEG decoders against an explicit input.decoder: the default dct_method ('' = the fast IDCT) where the spec says
 * "libjpeg" (the accurate IDCT of cv2/PIL/sharp), or dct_method="INTEGER_ACCURATE" where it says "tf". Silent when the
 * spec does not name a decoder, or the method is not a constant.
 */
function checkJpegDecoder(c: CallCtx, an: Analyzer, n: string): void {
  const want = an.spec.input.decoder;
  if (want === undefined || !/decode_(jpeg|image)$/.test(n)) return;
  const jpeg = n.endsWith('decode_jpeg');
  const dm = jpeg ? arg(c, 6, 'dct_method') : undefined;
  const method = dm ? cvOf(dm.v) : undefined;
  if (dm && method?.t !== 'str') return;
  const accurate = method?.t === 'str' && method.v === 'INTEGER_ACCURATE';
  const api = n.replace(/^.*\.(decode_\w+)$/, 'tf.io.$1');
  if (want === 'libjpeg' && !accurate) {
    const how = dm ? `dct_method=${an.text(dm.e)}` : "the default dct_method ('', the fast integer IDCT)";
    const edits = !jpeg ? undefined : dm ? replaceExpr(dm.e, '"INTEGER_ACCURATE"') : appendArg(an, c.node, 'dct_method="INTEGER_ACCURATE"');
    an.rep.add({
      rule: 'jpeg-decoder',
      at: c.node,
      specPath: 'input.decoder',
      message:
        `${api} decodes JPEGs with ${how}, but the spec's input.decoder is "libjpeg" (the accurate IDCT of cv2, PIL and sharp): pixels differ by a few levels. ` +
        (jpeg
          ? 'Pass dct_method="INTEGER_ACCURATE", or set input.decoder to "tf".'
          : 'Use tf.io.decode_jpeg(..., dct_method="INTEGER_ACCURATE") for JPEG files, or set input.decoder to "tf".'),
      fix: edits ? { title: 'Decode with dct_method="INTEGER_ACCURATE"', edits } : undefined,
    });
  } else if (want === 'tf' && accurate && dm) {
    an.rep.add({
      rule: 'jpeg-decoder',
      at: dm.e,
      specPath: 'input.decoder',
      message: `${api} decodes with dct_method="INTEGER_ACCURATE", but the spec's input.decoder is "tf" (TF's default fast IDCT). Drop the argument, or set input.decoder to "libjpeg".`,
    });
  }
}

function tfMethod(v: Val): string | undefined {
  const n = nameOf(v);
  if (!n) return undefined;
  const m = n.replace(/^.*\./, '').toLowerCase().replace(/_/g, '');
  if (m === 'nearestneighbor') return 'nearest';
  return TF_METHODS.find((x) => x === m);
}

function boolOf(v: Val): boolean | undefined {
  const c = cvOf(v);
  return c?.t === 'bool' ? c.v : c?.t === 'num' ? c.v !== 0 : undefined;
}

function flag(an: Analyzer, c: CallCtx, index: number, kw: string, dflt: boolean): NonNullable<ResizeCall['flags']>['antialias'] {
  const a = arg(c, index, kw);
  const v = a ? boolOf(a.v) : dflt;
  if (v === undefined) return undefined;
  return {
    v,
    isDefault: !a,
    node: a?.e,
    fix: (want) => (a ? replaceExpr(a.e, want ? 'True' : 'False') : appendArg(an, c.node, `${kw}=${want ? 'True' : 'False'}`)),
  };
}

function hwSize(c: CallCtx, index: number, kw: string): ResizeCall['size'] {
  const s = arg(c, index, kw);
  const hw = s ? pair(s.v) : undefined;
  if (!s || !hw) return undefined;
  const lit = s.e.k === 'seq' && isLiteralPair(s.e);
  const open = s.e.k === 'seq' && s.e.kind === 'list' ? '[' : '(';
  const close = open === '[' ? ']' : ')';
  return { w: hw[1], h: hw[0], order: 'hw', node: s.e, fix: lit ? (w, h) => replaceExpr(s.e, `${open}${h}, ${w}${close}`) : undefined };
}

function tfResize(c: CallCtx, an: Analyzer, n: string): Val {
  const v1 = /compat\.v1|resize_bilinear|resize_nearest/.test(n);
  const m = arg(c, 2, 'method');
  const method = /bilinear/.test(n) ? 'bilinear' : /nearest/.test(n) ? 'nearest' : /bicubic/.test(n) ? 'bicubic' : m ? tfMethod(m.v) : 'bilinear';
  const withPad = n.endsWith('resize_with_pad');
  const h = withPad ? nums(cvOf(arg(c, 1, 'target_height')?.v))?.[0] : undefined;
  const w = withPad ? nums(cvOf(arg(c, 2, 'target_width')?.v))?.[0] : undefined;
  const pm = withPad ? arg(c, 3, 'method') : m;
  const preserve = boolOf(arg(c, 3, 'preserve_aspect_ratio')?.v);
  const rc: ResizeCall = {
    node: c.node,
    api: n,
    lib: 'tf',
    size: withPad ? (h !== undefined && w !== undefined ? { w, h, order: 'hw', node: c.node } : undefined) : hwSize(c, 1, 'size'),
    method: method
      ? {
          name: withPad && pm ? (tfMethod(pm.v) ?? method) : method,
          shown: pm ? an.text(pm.e) : `"${method}"`,
          isDefault: !pm && !/bilinear|nearest|bicubic/.test(n.replace(/^.*\./, '')),
          node: pm?.e,
          fix: /^tf\.image\.resize$/.test(n) ? (sm) => (m ? replaceExpr(m.e, `"${sm}"`) : appendArg(an, c.node, `method="${sm}"`)) : undefined,
        }
      : undefined,
    flags: v1
      ? { alignCorners: flag(an, c, 2, 'align_corners', false), halfPixelCenters: flag(an, c, 3, 'half_pixel_centers', false) }
      : {
          antialias: withPad ? flag(an, c, 4, 'antialias', false) : flag(an, c, 4, 'antialias', false),
          halfPixelCenters: { v: true, isDefault: true },
        },
    fit: withPad
      ? { fit: 'letterbox', shown: 'resize_with_pad' }
      : preserve
        ? { fit: 'keep-aspect', shown: 'preserve_aspect_ratio=True' }
        : { fit: 'stretch', shown: 'stretch' },
  };
  checkResize(rc, an.spec, an.rep);
  return through(
    c,
    0,
    { t: 'resize', node: c.node },
    { t: 'kind', kind: 'tensor' },
    { t: 'cast', dtype: method === 'nearest' ? (flowOf(arg(c, 0)?.v)?.dtype ?? '?') : 'float32', node: c.node },
  );
}

function loadImg(c: CallCtx, an: Analyzer): Val {
  const mode = nameOf(arg(c, 1, 'color_mode')?.v) ?? 'rgb';
  const ts = hwSize(c, 2, 'target_size');
  const interp = arg(c, 3, 'interpolation');
  const keepArg = arg(c, 4, 'keep_aspect_ratio');
  const keep = keepArg ? boolOf(keepArg.v) : false;
  if (ts) {
    const name = interp ? nameOf(interp.v) : 'nearest';
    checkResize(
      {
        node: c.node,
        api: 'load_img',
        src: an.src,
        lib: 'pil',
        size: ts,
        method: name
          ? {
              name: name === 'lanczos' ? 'lanczos' : name,
              shown: interp ? an.text(interp.e) : '"nearest"',
              isDefault: !interp,
              node: interp?.e,
              fix: (m) => (interp ? replaceExpr(interp.e, `"${m}"`) : appendArg(an, c.node, `interpolation="${m}"`)),
            }
          : undefined,
        fit:
          keep === undefined
            ? undefined
            : {
                fit: keep ? 'crop' : 'stretch',
                shown: keepArg ? `keep_aspect_ratio=${keep ? 'True' : 'False'}` : 'no keep_aspect_ratio',
                node: keepArg?.e,
                fix: (want) =>
                  want !== 'crop' && want !== 'stretch'
                    ? undefined
                    : keepArg
                      ? replaceExpr(keepArg.e, want === 'crop' ? 'True' : 'False')
                      : appendArg(an, c.node, 'keep_aspect_ratio=True'),
              },
      },
      an.spec,
      an.rep,
    );
  }
  const color = mode === 'grayscale' ? 'GRAY' : mode === 'rgba' ? 'RGBA' : 'RGB';
  const v = pixelSource(c, 'load_img', { kind: 'pil', color });
  return v?.k === 'flow' && ts ? fv(applyOp(v.f, { t: 'resize', node: c.node })) : v;
}

function preprocessInput(c: CallCtx, n: string): Val {
  const mod = /^keras\.applications\.(\w+)\.preprocess_input$/.exec(n)?.[1] ?? '';
  let mode = PPI_MODE[mod];
  if (mod === 'imagenet_utils') mode = (nameOf(arg(c, 2, 'mode')?.v) as 'caffe' | 'tf' | 'torch' | undefined) ?? 'caffe';
  const src = flowOf(arg(c, 0)?.v);
  if (!src) return undefined;
  if (!mode || mode === 'none') return fv(src);
  const node = c.node;
  const desc = `${mod}.preprocess_input`;
  let f: FlowVal = applyOp(src, { t: 'ppi', mode, node, desc });
  if (f.dtype === 'uint8' || f.dtype === 'int' || f.dtype === '?') f = applyOp(f, { t: 'cast', dtype: 'float32', node });
  const aff = (mul: number[], add: number[]): void => {
    f = applyOp(f, { t: 'affine', mul, add, node, desc: `${desc} (mode "${mode}")`, operandDt: 'f32', opName: '*' });
  };
  if (mode === 'caffe') {
    f = applyOp(f, { t: 'swap', node, why: 'preprocess_input caffe' });
    aff([1], [-103.939, -116.779, -123.68]);
  } else if (mode === 'tf') aff([1 / 127.5], [-1]);
  else {
    aff([1 / 255], [0]);
    aff([1 / 0.229, 1 / 0.224, 1 / 0.225], [-0.485 / 0.229, -0.456 / 0.224, -0.406 / 0.225]);
  }
  return fv(f);
}

/** TensorFlow and Keras calls (canonical names tf.*, keras.*). */
export function pythonTfCall(c: CallCtx, an: Analyzer, n: string): Val | typeof UNHANDLED {
  if (/^tf\.(io|image)\.decode_(jpeg|png|image|bmp|gif)$/.test(n)) {
    checkJpegDecoder(c, an, n);
    const ch = nums(cvOf(arg(c, 1, 'channels')?.v))?.[0];
    return pixelSource(c, n, { kind: 'tensor', color: ch === 1 ? 'GRAY' : ch === 4 ? 'RGBA' : 'RGB' });
  }
  if (
    /^tf\.(image\.resize|image\.resize_with_pad|compat\.v1\.image\.resize(_bilinear|_nearest_neighbor|_bicubic)?|image\.resize_(bilinear|nearest_neighbor|bicubic))$/.test(
      n,
    )
  )
    return tfResize(c, an, n);
  if (n === 'keras.image.load_img') return loadImg(c, an);
  if (n === 'keras.image.img_to_array') return through(c, 0, { t: 'kind', kind: 'ndarray' }, { t: 'cast', dtype: 'float32', node: c.node });
  if (n === 'keras.image.smart_resize') {
    const interp = arg(c, 2, 'interpolation');
    checkResize(
      {
        node: c.node,
        api: 'smart_resize',
        lib: 'tf',
        size: hwSize(c, 1, 'size'),
        method: {
          name: interp ? (tfMethod(interp.v) ?? 'bilinear') : 'bilinear',
          shown: interp ? an.text(interp.e) : '"bilinear"',
          isDefault: !interp,
          node: interp?.e,
        },
        fit: { fit: 'crop', shown: 'smart_resize crops to the target aspect ratio' },
      },
      an.spec,
      an.rep,
    );
    return through(c, 0, { t: 'resize', node: c.node });
  }
  if (/^keras\.layers\.(experimental\.preprocessing\.)?Resizing$/.test(n)) {
    const h = nums(cvOf(arg(c, 0, 'height')?.v))?.[0];
    const w = nums(cvOf(arg(c, 1, 'width')?.v))?.[0];
    const interp = arg(c, 2, 'interpolation');
    const cropArg = arg(c, 3, 'crop_to_aspect_ratio');
    const crop = cropArg ? boolOf(cropArg.v) : false;
    const pad = arg(c, 4, 'pad_to_aspect_ratio');
    checkResize(
      {
        node: c.node,
        api: 'Resizing',
        lib: 'tf',
        size: h !== undefined && w !== undefined ? { w, h, order: 'hw', node: c.node } : undefined,
        method: {
          name: interp ? (tfMethod(interp.v) ?? 'bilinear') : 'bilinear',
          shown: interp ? an.text(interp.e) : '"bilinear"',
          isDefault: !interp,
          node: interp?.e,
        },
        // pad_to_aspect_ratio pads before resizing: not a fit the spec names exactly, so it is not compared.
        fit:
          crop === undefined || (pad && boolOf(pad.v) !== false)
            ? undefined
            : {
                fit: crop ? 'crop' : 'stretch',
                shown: cropArg ? `crop_to_aspect_ratio=${crop ? 'True' : 'False'}` : 'no crop_to_aspect_ratio',
                node: cropArg?.e,
                fix: (want) =>
                  want !== 'crop' && want !== 'stretch'
                    ? undefined
                    : cropArg
                      ? replaceExpr(cropArg.e, want === 'crop' ? 'True' : 'False')
                      : appendArg(an, c.node, 'crop_to_aspect_ratio=True'),
              },
      },
      an.spec,
      an.rep,
    );
    return undefined;
  }
  if (/^keras\.applications\.\w+\.preprocess_input$/.test(n)) return preprocessInput(c, n);
  if (n === 'tf.cast' || n === 'tf.convert_to_tensor' || n === 'tf.constant') {
    const dt = npDtype(arg(c, 1, 'dtype')?.v);
    return dt ? through(c, 0, { t: 'kind', kind: 'tensor' }, { t: 'cast', dtype: dt, node: c.node }) : through(c, 0, { t: 'kind', kind: 'tensor' });
  }
  if (n === 'tf.image.convert_image_dtype') {
    const src = flowOf(arg(c, 0)?.v);
    const dt = npDtype(arg(c, 1, 'dtype')?.v);
    if (!src) return undefined;
    let f = src;
    if ((src.dtype === 'uint8' || src.dtype === '?') && dt && dt !== 'uint8' && dt !== 'int') {
      f = applyOp(f, {
        t: 'affine',
        mul: [1 / 255],
        add: [0],
        node: c.node,
        desc: 'convert_image_dtype (÷ 255)',
        operandDt: 'f32',
        opName: '*',
      });
    }
    return fv(applyOp(f, { t: 'cast', dtype: dt ?? '?', node: c.node }));
  }
  if (n === 'tf.transpose') {
    const perm = nums(cvOf(arg(c, 1, 'perm')?.v));
    const lay = perm ? layoutFromPerm(perm) : undefined;
    return lay ? through(c, 0, { t: 'layout', to: lay, node: c.node, desc: `tf.transpose(…, [${perm!.join(', ')}])` }) : through(c, 0);
  }
  if (n === 'tf.reverse') {
    const ax = nums(cvOf(arg(c, 1, 'axis')?.v));
    return ax && (ax[0] === -1 || ax[0] === 2 || ax[0] === 3) ? through(c, 0, { t: 'swap', node: c.node, why: 'tf.reverse' }) : through(c, 0);
  }
  if (n === 'tf.image.rgb_to_grayscale') return through(c, 0, { t: 'setColor', color: 'GRAY', node: c.node, why: n });
  if (/^tf\.(expand_dims|squeeze|reshape|identity|image\.flip_left_right|clip_by_value|stack|concat)$/.test(n)) return through(c, 0);
  if (/^tf\.(math\.)?(divide|truediv|subtract|multiply|add)$/.test(n)) {
    const op = /div/.test(n) ? '/' : /subtract/.test(n) ? '-' : /multiply/.test(n) ? '*' : '+';
    const [a, b] = [arg(c, 0), arg(c, 1)];
    return a && b ? an.binary({ k: 'bin', op, l: a.e, r: b.e, sp: c.node.sp }, a.v, b.v, c.fr) : UNHANDLED;
  }
  if (n === 'tf.io.read_file' || n === 'open') return undefined;
  return UNHANDLED;
}
