// The `tensor-parity` command line: dispatches to the subcommands in registry.ts.
import { EXIT, type CliIO } from './command';
import { COMMANDS } from './registry';

/** Top-level usage text, listing every registered command. */
export function mainHelp(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  const lines = COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`);
  return [
    'Usage: tensor-parity <command> [options]',
    '',
    'Commands:',
    ...lines,
    '',
    "Run `tensor-parity <command> --help` for a command's options.",
    'Exit codes: 0 ok, 1 tensors differ beyond tolerance (diff), 2 unusable input, 3 internal error.',
    '',
  ].join('\n');
}

/** Runs the CLI with argv (without node and script) and returns the exit code; never calls process.exit. */
export async function main(argv: readonly string[], io?: Partial<CliIO>): Promise<number> {
  const out: CliIO = {
    stdout: io?.stdout ?? ((s) => process.stdout.write(s)),
    stderr: io?.stderr ?? ((s) => process.stderr.write(s)),
    cwd: io?.cwd ?? process.cwd(),
  };
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    out[name === undefined ? 'stderr' : 'stdout'](mainHelp());
    return name === undefined ? EXIT.unusableInput : EXIT.ok;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) {
    out.stderr(`tensor-parity: unknown command "${name}". Commands: ${COMMANDS.map((c) => c.name).join(', ')}. See tensor-parity --help.\n`);
    return EXIT.unusableInput;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    out.stdout(command.help);
    return EXIT.ok;
  }
  try {
    return await command.run(rest, out);
  } catch (err) {
    out.stderr(`tensor-parity ${name}: internal error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    return EXIT.internal;
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      process.stderr.write(`${String(err)}\n`);
      process.exitCode = EXIT.internal;
    },
  );
}
