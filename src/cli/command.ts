// What every `tensor-parity` subcommand provides, and the streams it writes to.

/** Where a command writes, and the folder relative paths start from. Injectable for tests. */
export interface CliIO {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  cwd: string;
}

/** Exit codes shared by all commands. */
export const EXIT = {
  ok: 0,
  /** Reserved for `diff`: the tensors differ beyond the spec's tolerance. */
  outsideTolerance: 1,
  /** An input could not be used (missing file, bad spec, wrong shape...); the message names the file and the fix. */
  unusableInput: 2,
  /** A bug in Tensor Parity itself. */
  internal: 3,
} as const;

/** One subcommand: `tensor-parity <name> ...`. */
export interface Command {
  name: string;
  /** One line for the command list. */
  summary: string;
  /** Full --help text. */
  help: string;
  /** Runs with the arguments after the command name; resolves to the exit code. */
  run(args: string[], io: CliIO): Promise<number>;
}
