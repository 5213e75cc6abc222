// The subcommands `tensor-parity` knows. To add one, write src/cli/<name>.ts exporting a Command and list it here.
import type { Command } from './command';
import { runCommand } from './run';
import { diffCommand } from './diff';
import { diagnoseCommand } from './diagnose';
import { lintCommand } from './lint';
import { compareModelsCommand } from './compare-models';

/** All subcommands, in the order `tensor-parity --help` lists them. */
export const COMMANDS: readonly Command[] = [runCommand, diffCommand, diagnoseCommand, compareModelsCommand, lintCommand];
