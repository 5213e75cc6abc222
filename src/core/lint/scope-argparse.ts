// Command-line options of a Python script: `args = parser.parse_args()` and then `args.net_type` is the default of
// `parser.add_argument('--net_type', default=0)`, what the program runs with when the option is not given (as a
// function's default parameter holds when a call leaves it out).

import type { Expr } from './ir';
import type { ModuleInfo } from './scope';

/** An option string's attribute name: `--net-type` → net_type, `-n` → n. */
function destOf(flag: string): string {
  return flag.replace(/^-+/, '').replace(/-/g, '_');
}

/** True when an add_argument call defines the option read as `args.<name>`. */
function defines(c: Expr & { k: 'call' }, name: string): boolean {
  const dest = c.a.find((a) => a.name === 'dest');
  if (dest) return dest.v.k === 'str' && dest.v.v === name;
  const flags = c.a.filter((a) => a.name === undefined && a.v.k === 'str');
  // The attribute is named after the first long option, else the first one.
  const long = flags.find((a) => a.v.k === 'str' && a.v.v.startsWith('--'));
  const first = long ?? flags[0];
  return first !== undefined && first.v.k === 'str' && destOf(first.v.v) === name;
}

/**
 * The default of the option `name` when `holder` (the one value of the name read as `args.name`) is a
 * `parse_args()` call and one add_argument call of the file defines that option with a default; else undefined.
 */
export function argparseDefault(info: ModuleInfo, holder: Expr | undefined, name: string): Expr | undefined {
  if (info.family !== 'python' || holder?.k !== 'call' || holder.f.k !== 'attr' || holder.f.n !== 'parse_args') return undefined;
  let found: Expr | undefined;
  for (const c of info.callsTo('add_argument')) {
    if (!defines(c, name)) continue;
    const d = c.a.find((a) => a.name === 'default');
    // Two definitions (sub-commands, parsers per mode) or none with a default: the value is not known.
    if (found || !d) return undefined;
    found = d.v;
  }
  return found;
}
