// `tensor-parity lint [paths] [--spec f] [--format text|json|sarif]`: check preprocessing code against tensorparity.json.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { SpecError } from '../core/spec/errors';
import { SPEC_FILE_NAME } from '../core/spec';
import { lintFiles, LintInputError } from '../core/lint/files';
import { formatJson, formatText, hasFindingsAtLeast } from '../core/lint/format';
import { toSarif } from '../core/lint/sarif';
import type { LintSeverity } from '../core/lint/types';
import { CliUsageError, parseCommandArgs } from './args';
import { EXIT, type CliIO, type Command } from './command';
import { findSpecUpwards, loadCliSpec } from './spec-lookup';

const TOOL_VERSION = '0.1.0';

const HELP = `Usage: tensor-parity lint [paths...] [options]

Checks preprocessing code (Python, C++, Java, JavaScript/TypeScript) against tensorparity.json:
resize size and order, interpolation, colour order, normalisation, float64, layout, byte order.
Paths are files or folders (default: the current folder); folders are searched recursively,
leaving out node_modules, .git, build outputs and hidden folders. Files over 1 MB, binary
files and files that take longer than the time limit to parse are skipped with a message.

Options:
  --spec <file>        tensorparity.json to check against (default: the nearest one at or above
                       the first path)
  --format <f>         text (default), json or sarif (SARIF 2.1.0, for code scanning)
  --output <file>      write the report to a file instead of stdout (an existing file is an error)
  --force              with --output: replace an existing file
  --include <glob>     only lint matching files (repeatable; e.g. "src/**/*.py")
  --exclude <glob>     leave out matching files or folders (repeatable; e.g. "tests")
  --fail-on <level>    exit 1 when a finding is at least: info (default), warning or error
  --time-limit <ms>    skip a file (with a message) when parsing it takes longer (default 5000)

Exit codes: 0 no findings (at or above --fail-on), 1 findings, 2 unusable input (missing path,
missing or broken spec: then no code is linted), 3 internal error.
`;

interface LintArgs {
  paths: string[];
  spec?: string;
  format: 'text' | 'json' | 'sarif';
  output?: string;
  force: boolean;
  include: string[];
  exclude: string[];
  failOn: LintSeverity;
  timeLimitMs?: number;
}

function parse(args: readonly string[]): LintArgs {
  const { values, positionals } = parseCommandArgs('lint', args, {
    spec: { type: 'string' },
    format: { type: 'string' },
    output: { type: 'string' },
    force: { type: 'boolean' },
    include: { type: 'string', multiple: true },
    exclude: { type: 'string', multiple: true },
    'fail-on': { type: 'string' },
    'time-limit': { type: 'string' },
  });
  const format = values.format ?? 'text';
  if (format !== 'text' && format !== 'json' && format !== 'sarif')
    throw new CliUsageError(`tensor-parity lint: --format must be text, json or sarif, not "${format}".`);
  const failOn = values['fail-on'] ?? 'info';
  if (failOn !== 'info' && failOn !== 'warning' && failOn !== 'error')
    throw new CliUsageError(`tensor-parity lint: --fail-on must be info, warning or error, not "${failOn}".`);
  const out: LintArgs = {
    paths: positionals,
    format,
    force: values.force === true,
    include: values.include ?? [],
    exclude: values.exclude ?? [],
    failOn,
  };
  for (const [key, value] of [
    ['spec', values.spec],
    ['output', values.output],
  ] as const) {
    if (value === '') throw new CliUsageError(`tensor-parity lint: --${key} needs a value.`);
  }
  if (values.spec !== undefined) out.spec = values.spec;
  if (values.output !== undefined) out.output = values.output;
  const limit = values['time-limit'];
  if (limit !== undefined) {
    const ms = Number(limit);
    if (limit.trim() === '' || !Number.isFinite(ms) || ms <= 0)
      throw new CliUsageError(`tensor-parity lint: --time-limit is a time in milliseconds greater than 0, e.g. --time-limit 5000, not "${limit}".`);
    out.timeLimitMs = ms;
  }
  return out;
}

/** The folder holding the tree-sitter wasm files: dist/tree-sitter next to the bundled CLI, else the npm package. */
export function defaultWasmDir(): string {
  const bundled = path.join(__dirname, 'tree-sitter');
  if (fs.existsSync(path.join(bundled, 'tree-sitter.wasm'))) return bundled;
  try {
    return path.dirname(require.resolve('@vscode/tree-sitter-wasm'));
  } catch {
    return bundled;
  }
}

function specFor(a: LintArgs, cwd: string): string {
  if (a.spec) return path.resolve(cwd, a.spec);
  const first = path.resolve(cwd, a.paths[0] ?? '.');
  const start = fs.existsSync(first) && fs.statSync(first).isDirectory() ? first : path.dirname(first);
  const found = findSpecUpwards(start);
  if (!found) {
    throw new SpecError(
      `No ${SPEC_FILE_NAME} found in ${start} or any folder above it, so there is nothing to check the code against. Create one (the "Tensor Parity: Create Spec File" command writes a template) or pass --spec <file>.`,
    );
  }
  return found;
}

/** The `lint` subcommand. */
export const lintCommand: Command = {
  name: 'lint',
  summary: 'check preprocessing code (Python, C++, Java, JS/TS) against tensorparity.json',
  help: HELP,
  async run(args: string[], io: CliIO): Promise<number> {
    let a: LintArgs;
    try {
      a = parse(args);
    } catch (e) {
      if (e instanceof CliUsageError) {
        io.stderr(`${e.message}\n`);
        return EXIT.unusableInput;
      }
      throw e;
    }
    let specFile: string;
    let spec;
    try {
      specFile = specFor(a, io.cwd);
      const loaded = await loadCliSpec(specFile);
      spec = loaded.spec;
      for (const w of loaded.warnings) io.stderr(`${w}\n`);
    } catch (e) {
      if (e instanceof SpecError) {
        io.stderr(`tensor-parity lint: the spec cannot be used, so no code was checked.\n${e.message}\n`);
        return EXIT.unusableInput;
      }
      throw e;
    }
    let results;
    try {
      results = await lintFiles(a.paths, spec, {
        wasmDir: defaultWasmDir(),
        include: a.include,
        exclude: a.exclude,
        cwd: io.cwd,
        timeBudgetMs: a.timeLimitMs,
      });
    } catch (e) {
      if (e instanceof LintInputError) {
        io.stderr(`tensor-parity lint: ${e.message}\n`);
        return EXIT.unusableInput;
      }
      throw e;
    }
    const report =
      a.format === 'json'
        ? formatJson(results, specFile)
        : a.format === 'sarif'
          ? `${JSON.stringify(toSarif(results, { baseDir: io.cwd, toolVersion: TOOL_VERSION, specFile }), null, 2)}\n`
          : formatText(results);
    if (a.output) {
      const target = path.resolve(io.cwd, a.output);
      try {
        fs.writeFileSync(target, report, { flag: a.force ? 'w' : 'wx' });
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        io.stderr(
          code === 'EEXIST'
            ? `tensor-parity lint: ${target} already exists and was left as it is. Pass --force to replace it, or choose another --output file.\n`
            : `tensor-parity lint: cannot write ${target} (${code ?? String(e)}). Check the folder exists and is writable.\n`,
        );
        return EXIT.unusableInput;
      }
      if (a.format !== 'text') io.stderr(`Wrote ${target}.\n`);
      else io.stdout(report.split('\n').slice(-2).join('\n'));
    } else io.stdout(report);
    if (results.length === 0)
      io.stderr(`tensor-parity lint: no Python, C++, Java, JavaScript or TypeScript files found in ${a.paths.length ? a.paths.join(', ') : io.cwd}.\n`);
    return hasFindingsAtLeast(results, a.failOn) ? 1 : EXIT.ok;
  },
};
