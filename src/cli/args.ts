// The one way a `tensor-parity` subcommand reads its arguments: node:util parseArgs (strict, with positionals), with
// its errors turned into a usage message that names the command and its options.

import { parseArgs, type ParseArgsConfig } from 'node:util';

/** A usage or input problem: printed as is, exit code 2. */
export class CliUsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CliUsageError';
  }
}

type Options = NonNullable<ParseArgsConfig['options']>;

/** Parses `args` strictly against `options`; an unknown option or a missing value is a CliUsageError naming the known ones. */
export function parseCommandArgs<const O extends Options>(command: string, args: readonly string[], options: O) {
  // A negative number after a valued option is its value (`--atol -1` reaches the range check), not an option.
  const argv: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const key = args[i].startsWith('--') ? args[i].slice(2) : undefined;
    const next = args[i + 1];
    if (key !== undefined && options[key]?.type === 'string' && next !== undefined && /^-[\d.]/.test(next)) argv.push(`${args[i]}=${args[++i]}`);
    else argv.push(args[i]);
  }
  try {
    return parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (err) {
    const code = (err as { code?: unknown }).code;
    if (typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS')) {
      const known = Object.entries(options)
        .map(([k, o]) => (o.type === 'string' ? `--${k} <value>` : `--${k}`))
        .join(', ');
      const message = (err as Error).message;
      const option = /'(-{1,2}[^' ]+)/.exec(message)?.[1] ?? '';
      const why =
        code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION'
          ? `unknown option ${option}.`
          : code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' && /argument missing/.test(message)
            ? `${option} needs a value.`
            : message.replace(/\. To specify a positional argument.*$/s, '.');
      throw new CliUsageError(`tensor-parity ${command}: ${why} Options: ${known} (see --help).`);
    }
    throw err;
  }
}

/** What a subcommand prints for an argument problem: the message with the command's name once, then where help is. */
export function usageMessage(command: string, err: unknown): string {
  const message = err instanceof CliUsageError ? err.message : `tensor-parity ${command}: ${err instanceof Error ? err.message : String(err)}`;
  return `${message}\nSee tensor-parity ${command} --help.\n`;
}

/** A number option that must be ≥ 0 (`--atol 1e-4`), or the default when absent. */
export function numberArg(command: string, key: string, raw: string | undefined, dflt: number): number {
  if (raw === undefined) return dflt;
  const v = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(v) || v < 0) {
    throw new CliUsageError(`tensor-parity ${command}: --${key} ${raw} is not a number >= 0; write it like --${key} 1e-4.`);
  }
  return v;
}
