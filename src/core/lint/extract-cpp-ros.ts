// ROS parameters with a default: `nh.param<double>("input_scale", scale, 1.0);` (and `nh.param("name", var, dflt)`,
// `ros::param::param<T>(...)`) leaves `var` at the default unless the parameter server has a value, which the code
// does not show. The linter reads it as `var = dflt`, as it reads a function parameter's default value.

import type { Expr, Stmt } from './ir';

/** The assignment a ROS `param(name, var, default)` call makes, or undefined for any other expression. */
export function rosParamDefault(e: Expr): Stmt | undefined {
  if (e.k !== 'call' || e.a.length !== 3) return undefined;
  const f = e.f;
  const isParam = f.k === 'attr' ? f.n === 'param' : f.k === 'name' && f.n === 'ros.param.param';
  const [name, target, dflt] = e.a;
  if (!isParam || name!.v.k !== 'str' || target!.v.k !== 'name') return undefined;
  return { k: 'assign', t: target!.v, v: dflt!.v, sp: e.sp };
}
