// The element type that reaches the model against input.dtype: uint8 bytes into a float input (and the values are
// otherwise right, e.g. a spec with scale 1), or float data into a quantized uint8 input.

import type { Analyzer } from './flow';
import type { Terminal } from './flow-api';

/** Reports a tensor whose element type cannot be what input.dtype says. */
export function checkInputDtype(t: Terminal, an: Analyzer, normalisationReported: boolean): void {
  const f = t.f;
  const want = an.spec.input.dtype;
  if (t.ctx !== 'sink' || f.origin.kind !== 'pixel' || f.kind === 'element' || normalisationReported) return;
  const isFloatSpec = want === 'float32' || want === 'float16';
  if (isFloatSpec && f.dtype === 'uint8' && f.affineOps === 0) {
    an.rep.add({
      rule: 'input-dtype',
      at: t.at,
      specPath: 'input.dtype',
      message: `${f.origin.desc} gives uint8 pixels and they reach ${t.desc} as uint8, but the spec's input.dtype is ${want}. Cast to ${want} first (e.g. .astype(np.float32)), then scale as the spec says.`,
    });
  } else if (want === 'uint8' && (f.dtype === 'float32' || f.dtype === 'float64' || f.dtype === 'float16')) {
    let at = f.f64At ?? t.at;
    for (const op of f.trace)
      if (op.t === 'cast' && op.dtype === f.dtype) {
        at = op.node;
        break;
      }
    an.rep.add({
      rule: 'input-dtype',
      at,
      specPath: 'input.dtype',
      message: `This makes the tensor ${f.dtype}, but the spec's input.dtype is uint8 (a quantized model reads 0–255 bytes). Keep the pixels as uint8, or update the spec if the model takes floats.`,
    });
  }
}
