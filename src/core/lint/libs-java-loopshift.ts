// A channel unpacked with a shift by a loop variable: `for (k = channels - 1; k >= 0; k--) buf.putFloat(((p >> 8 * k)
// & 0xFF) / 255f)`. The loop writes the three channels one after another: counting down gives 16, 8, 0 (R, G, B),
// counting up from 0 gives 0, 8, 16 (B, G, R). One write in the loop stands for the three writes of the pixel.

import type { Analyzer } from './flow';
import type { Frame } from './flow-api';
import { endOf, startOf, type Expr, type Stmt } from './ir';

type ForStmt = Stmt & { k: 'for' };

/** The `for` statement inside `body` (at any depth) that declares or assigns `name` and contains [s, e). */
function loopOf(body: readonly Stmt[], name: string, s: number, e: number): ForStmt | undefined {
  for (const st of body) {
    if (startOf(st.sp) > s || endOf(st.sp) < e) continue;
    if (st.k === 'for') {
      const declares = st.init.some((i) => i.k === 'assign' && i.t.k === 'name' && i.t.n === name);
      return loopOf(st.body, name, s, e) ?? (declares ? st : undefined);
    }
    if (st.k === 'block' || st.k === 'func') return loopOf(st.body, name, s, e);
  }
  return undefined;
}

/**
 * The channels (0 = R, 1 = G, 2 = B) that `(p >> 8 * k)` reads over the iterations of the loop of `k`, in order, when
 * the shift is 8 times a loop variable stepping by one from 2 (or an unknown count − 1) down to 0, or from 0 up.
 */
export function loopShiftChannels(an: Analyzer, fr: Frame, node: Expr & { k: 'bin' }): readonly number[] | undefined {
  const r = node.r;
  if (r.k !== 'bin' || r.op !== '*') return undefined;
  const k = r.l.k === 'name' && r.r.k === 'num' && r.r.v === 8 ? r.l.n : r.r.k === 'name' && r.l.k === 'num' && r.l.v === 8 ? r.r.n : undefined;
  if (k === undefined || fr.func?.k !== 'func') return undefined;
  const loop = loopOf(fr.func.body, k, startOf(node.sp), endOf(node.sp));
  const init = loop?.init.find((i) => i.k === 'assign' && i.t.k === 'name' && i.t.n === k);
  if (!loop || init?.k !== 'assign' || loop.update.length !== 1 || !init.v) return undefined;
  const step = an.text(loop.update[0]!).replace(/\s+/g, '');
  const down = step === `${k}--` || step === `--${k}` || step === `${k}-=1`;
  const up = step === `${k}++` || step === `++${k}` || step === `${k}+=1`;
  const from = an.info.evalConst(init.v, fr.scope);
  const start = from?.t === 'num' ? from.v : undefined;
  if (down && (start === undefined || start === 2)) return [0, 1, 2];
  if (up && start === 0) return [2, 1, 0];
  return undefined;
}
