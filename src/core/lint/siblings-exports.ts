// What a sibling module offers beyond its constants: a JS/TS module's top-level functions and default export, and
// whether a class of it prepares images itself (a wrapper that takes the raw image).

import { forEachExpr, walkStmts, type Stmt } from './ir';
import type { ModuleInfo } from './scope';
import { tag } from './memo';

/** A JS/TS module path that names its file with the extension (`./utils.js`). */
export const JS_FILE = /\.(?:[cm]?js|jsx|ts|tsx)$/;

/** A function statement. */
export type FuncStmt = Stmt & { k: 'func' };

/** A JS/TS function of the module's top level (`function prep`, `const prep = (img) => ...`, exported or not). */
export function topFunc(mi: ModuleInfo, name: string): FuncStmt | undefined {
  return mi.funcs.get(name)?.find((f) => mi.body.includes(f));
}

const DEFAULT_EXPORT = tag<ModuleInfo, { f: FuncStmt | undefined }>('default-export');

/** The function a JS/TS module exports as its default (`export default function prep`, `export default prep`,
 * `module.exports = prep`, `module.exports = function (...) {...}`), found once per module. */
export function defaultExport(mi: ModuleInfo, text: string): FuncStmt | undefined {
  let hit = DEFAULT_EXPORT.get(mi);
  if (!hit) {
    const m = /^[ \t]*(?:export\s+default\s+(?:async\s+)?(?:function\b\s*\*?\s*)?|module\.exports\s*=\s*)([A-Za-z_$][\w$]*)/m.exec(text);
    const name = m?.[1] === 'function' ? 'exports' : m?.[1];
    hit = { f: name ? topFunc(mi, name) : undefined };
    DEFAULT_EXPORT.set(mi, hit);
  }
  return hit.f;
}

/** Calls that prepare an image for a model, and OpenCV's models that take a raw image and prepare it themselves
 * (cv.FaceDetectorYN.create, cv.dnn.TextDetectionModel_DB): a class whose methods make them does its own preprocessing. */
const PREPARES =
  /^(blobFromImages?|blobFromImageWithParams|resize|cvtColor|setInputParams|letterbox|(dnn_)?(TextDetectionModel_\w+|TextRecognitionModel|DetectionModel|ClassificationModel|SegmentationModel|KeypointsModel))$/;
const RAW_IMAGE_MODELS =
  /^(FaceDetectorYN|FaceRecognizerSF|wechat_qrcode_WeChatQRCode|QRCodeDetector\w*|BarcodeDetector|Tracker(Vit|Nano|DaSiamRPN|GOTURN)(_create)?)$/;
/** Array methods that turn an image into model input (scaling, casting, re-laying out). */
const PREP_METHODS = /^(astype|transpose|permute|expand_dims|unsqueeze|normalize|div|sub|mul|subtract|divide|multiply|toFloat)$/;
const PREPARING = tag<ModuleInfo, Map<string, boolean>>('preparing');

/** True when the top-level class `name` of a sibling module calls an image-preparing function in one of its methods. */
export function preparesImages(mi: ModuleInfo, name: string): boolean {
  let known = PREPARING.get(mi);
  if (!known) PREPARING.set(mi, (known = new Map()));
  let v = known.get(name);
  if (v === undefined) {
    const cls = mi.body.find((s) => s.k === 'class' && s.name === name);
    v = false;
    // Any preparation counts (resizing, colour conversion, arithmetic, casts, transposes): a thin wrapper that only
    // forwards its argument to a model (return self.model.predict(x)) still takes model input.
    if (cls)
      walkStmts([cls], (s) => {
        if (v) return;
        if (s.k === 'assign' && (s.op === '-' || s.op === '/' || s.op === '*')) v = true;
        forEachExpr(s, (e) => {
          if (e.k === 'bin' && (e.op === '/' || e.op === '-' || e.op === '*')) v = true;
          if (e.k !== 'call' || (e.f.k !== 'name' && e.f.k !== 'attr')) return;
          const owner = e.f.k === 'attr' && e.f.o.k === 'attr' ? e.f.o.n : undefined; // cv.FaceDetectorYN.create(...)
          if (PREPARES.test(e.f.n) || PREP_METHODS.test(e.f.n) || RAW_IMAGE_MODELS.test(e.f.n) || (owner !== undefined && RAW_IMAGE_MODELS.test(owner)))
            v = true;
        });
      });
    known.set(name, v);
  }
  return v;
}
