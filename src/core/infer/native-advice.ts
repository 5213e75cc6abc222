// How a user turns on the native TensorFlow backend (@tensorflow/tfjs-node), and why it is not in use.

import { existsSync } from 'node:fs';
import * as path from 'node:path';

/** The exact shell command that installs the native backend, and the folder to run it in. */
export interface NativeSetupCommand {
  command: string;
  cwd: string;
  /** Why this command and not the other one. */
  why: string;
}

/**
 * The command that enables the native backend for the extension installed in `extensionDir`: in a source checkout
 * (it has scripts/setup-tfjs-node.sh) `npm run setup:tfjs-node`, which builds the binding against the TensorFlow wheel
 * where Google storage is unreachable; in an installed extension `npm install @tensorflow/tfjs-node` in its folder.
 */
export function nativeSetupCommand(extensionDir: string, exists: (p: string) => boolean = existsSync): NativeSetupCommand {
  if (exists(path.join(extensionDir, 'scripts', 'setup-tfjs-node.sh')) && exists(path.join(extensionDir, 'package.json'))) {
    return {
      command: 'npm run setup:tfjs-node',
      cwd: extensionDir,
      why: 'This is a source checkout of Tensor Parity: the setup script installs @tensorflow/tfjs-node and builds it against the TensorFlow wheel from PyPI.',
    };
  }
  return {
    command: 'npm install --no-save @tensorflow/tfjs-node@4.22.0',
    cwd: extensionDir,
    why: "Installs the native backend (it downloads libtensorflow, about 100 MB) into the extension's folder; reload the window afterwards.",
  };
}

/** Whether @tensorflow/tfjs-node can be found from `extensionDir` (without loading it). */
export function tfjsNodeInstalled(extensionDir: string, exists: (p: string) => boolean = existsSync): boolean {
  return exists(path.join(extensionDir, 'node_modules', '@tensorflow', 'tfjs-node', 'package.json'));
}

/** Why the native backend is not running, in one or two sentences, given what is known so far. */
export function whyNotNative(opts: { backend?: string | undefined; detail?: string | undefined; preference: string; installed: boolean }): string {
  if (opts.backend === 'tensorflow') return 'The native backend (@tensorflow/tfjs-node) is in use.';
  if (opts.preference === 'wasm' || opts.preference === 'cpu') {
    return `The setting tensorParity.backend is "${opts.preference}", so the native backend is not tried. Set it to "auto" or "tensorflow" to use it.`;
  }
  const reason = opts.detail?.split('; ').find((r) => r.includes('tfjs-node'));
  if (reason) return `The native backend could not start: ${reason.replace(/ \(optional: .*\)$/, '')}.`;
  if (!opts.backend) {
    return opts.installed
      ? 'TensorFlow.js loads on the first inference; @tensorflow/tfjs-node is installed and will be tried first.'
      : 'TensorFlow.js loads on the first inference; @tensorflow/tfjs-node is not installed, so the wasm backend will run the models.';
  }
  return opts.installed ? '@tensorflow/tfjs-node is installed but was not used; see the Tensor Parity log.' : '@tensorflow/tfjs-node is not installed.';
}
