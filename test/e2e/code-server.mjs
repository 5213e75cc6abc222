// Starting and stopping code-server (VS Code 1.100.3 in a browser) with Tensor Parity loaded.
// Shared by the e2e harness and by `npm start` (scripts/start.mjs). Processes are only ever stopped
// through the handle we spawned (its own process group), never by name.
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync, createWriteStream } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Repository root (the folder holding package.json). */
export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
/** code-server's node entry point inside .tools (installed by scripts/setup-code-server.sh). */
export const codeServerEntry = join(repoRoot, '.tools/code-server/node_modules/code-server/out/node/entry.js');
/** Modules that esbuild leaves outside the bundle and that must ship next to dist/ (see esbuild.config.mjs). */
export const RUNTIME_MODULES = ['sharp', '@tensorflow/tfjs-node'];
/** Folder name VS Code expects for an unpacked extension: <publisher>.<name>-<version>. */
export function extensionFolderName(root = repoRoot) {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  return `${pkg.publisher}.${pkg.name}-${pkg.version}`;
}

const children = new Set();

/** Finds a free TCP port on 127.0.0.1, trying `preferred` first when given. */
export async function findFreePort(preferred) {
  const tryPort = (port) =>
    new Promise((res) => {
      const srv = createServer();
      srv.once('error', () => res(undefined));
      srv.listen(port, '127.0.0.1', () => {
        const p = srv.address().port;
        srv.close(() => res(p));
      });
    });
  if (preferred !== undefined) {
    for (let p = preferred; p < preferred + 50; p++) {
      const got = await tryPort(p);
      if (got) return got;
    }
  }
  const any = await tryPort(0);
  if (!any) throw new Error('findFreePort: could not bind any port on 127.0.0.1');
  return any;
}

/** Lists the runtime node_modules (names) that `roots` need: each root plus its installed (optional) dependencies. */
export function runtimeModuleClosure(root = repoRoot, roots = RUNTIME_MODULES) {
  const found = new Set();
  const visit = (name) => {
    if (found.has(name)) return;
    const pj = join(root, 'node_modules', name, 'package.json');
    if (!existsSync(pj)) return; // optional and not installed on this platform
    found.add(name);
    const pkg = JSON.parse(readFileSync(pj, 'utf8'));
    for (const dep of Object.keys({ ...pkg.dependencies, ...pkg.optionalDependencies })) visit(dep);
  };
  roots.forEach(visit);
  return [...found].sort();
}

/** Copies package.json, dist/, media/, schemas/, tools/ and the runtime node_modules of `sourceRoot` into extensionsDir as an unpacked extension. */
export function installUnpackedExtension(extensionsDir, sourceRoot = repoRoot) {
  const target = join(extensionsDir, extensionFolderName(sourceRoot));
  mkdirSync(target, { recursive: true });
  if (!existsSync(join(sourceRoot, 'dist/extension.js'))) {
    throw new Error(`${join(sourceRoot, 'dist/extension.js')} is missing: run \`npm run build\` first.`);
  }
  for (const item of ['package.json', 'package.nls.json', 'README.md', 'CHANGELOG.md', 'LICENSE', 'dist', 'media', 'schemas', 'tools']) {
    const from = join(sourceRoot, item);
    if (existsSync(from)) cpSync(from, join(target, item), { recursive: true, dereference: true, filter: (p) => !p.endsWith('.vsix') });
  }
  for (const mod of runtimeModuleClosure(sourceRoot)) {
    cpSync(join(sourceRoot, 'node_modules', mod), join(target, 'node_modules', mod), { recursive: true, dereference: true });
  }
  return target;
}

/** Default user settings: fixed theme, no welcome page, tips, telemetry, chat prompts or trust modal. */
export function userSettings(theme = 'Default Dark Modern') {
  return {
    'workbench.colorTheme': theme,
    'workbench.startupEditor': 'none',
    'workbench.tips.enabled': false,
    'workbench.welcomePage.walkthroughs.openOnInstall': false,
    'workbench.enableExperiments': false,
    'workbench.secondarySideBar.defaultVisibility': 'hidden',
    'telemetry.telemetryLevel': 'off',
    'update.mode': 'none',
    'extensions.ignoreRecommendations': true,
    'extensions.autoCheckUpdates': false,
    'extensions.autoUpdate': false,
    'chat.commandCenter.enabled': false,
    'chat.disableAIFeatures': true,
    'github.copilot.enable': { '*': false },
    'security.workspace.trust.startupPrompt': 'never',
    'security.workspace.trust.untrustedFiles': 'open',
    'git.enabled': false,
    'git.openRepositoryInParentFolders': 'never',
    'window.restoreWindows': 'none',
    'files.hotExit': 'off',
  };
}

/** Writes settings.json into a code-server user-data-dir. */
export function writeUserSettings(userDataDir, settings) {
  mkdirSync(join(userDataDir, 'User'), { recursive: true });
  writeFileSync(join(userDataDir, 'User', 'settings.json'), JSON.stringify(settings, null, 2));
}

/** Makes a fresh temp folder with user-data, extensions, config and (optionally) a copy of demo/ as workspace. */
export function makeSandbox(prefix = 'tp-e2e-', { copyDemo = true, theme } = {}) {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), prefix)));
  const sandbox = {
    dir,
    userDataDir: join(dir, 'user-data'),
    extensionsDir: join(dir, 'extensions'),
    configFile: join(dir, 'code-server.yaml'),
    workspace: join(dir, 'workspace'),
  };
  mkdirSync(sandbox.extensionsDir, { recursive: true });
  writeFileSync(sandbox.configFile, 'auth: none\n'); // other options are passed on the command line
  writeUserSettings(sandbox.userDataDir, userSettings(theme));
  if (copyDemo) cpSync(join(repoRoot, 'demo'), sandbox.workspace, { recursive: true, filter: (p) => !p.includes('.tensorparity') });
  return sandbox;
}

function baseArgs(sandbox) {
  return ['--user-data-dir', sandbox.userDataDir, '--extensions-dir', sandbox.extensionsDir, '--config', sandbox.configFile];
}

function childEnv(sandbox) {
  // Keep code-server's own config/data files inside the sandbox.
  return { ...process.env, XDG_CONFIG_HOME: join(sandbox.dir, 'xdg-config'), XDG_DATA_HOME: join(sandbox.dir, 'xdg-data'), PASSWORD: '' };
}

/** Installs a .vsix into the sandbox's extensions dir with `code-server --install-extension` (throws with its output on failure). */
export function installVsix(sandbox, vsixPath) {
  requireCodeServer();
  const r = spawnSync(process.execPath, [codeServerEntry, ...baseArgs(sandbox), '--force', '--install-extension', vsixPath], {
    env: childEnv(sandbox),
    encoding: 'utf8',
    timeout: 600_000,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const out = `${r.stdout ?? ''}${r.stderr ?? ''}`;
  if (r.status !== 0 || !/successfully installed/i.test(out)) {
    throw new Error(`code-server --install-extension ${vsixPath} failed (exit ${r.status}${r.error ? `, ${r.error.message}` : ''}):\n${out}`);
  }
  return out;
}

function requireCodeServer() {
  if (!existsSync(codeServerEntry)) {
    throw new Error(`code-server is not installed at ${codeServerEntry}: run \`bash scripts/setup-code-server.sh\`.`);
  }
}

/**
 * Starts code-server for the sandbox on 127.0.0.1:port and resolves once /healthz answers.
 * Returns { proc, port, url, logFile, stop() }.
 */
export async function startCodeServer(
  sandbox,
  { port, trust = true, logFile, stdio = 'log', readyTimeoutMs = Number(process.env.TP_E2E_WAIT_MS ?? 180_000) } = {},
) {
  requireCodeServer();
  port ??= await findFreePort();
  const args = [
    codeServerEntry,
    '--auth',
    'none',
    '--bind-addr',
    `127.0.0.1:${port}`,
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-getting-started-override',
    ...(trust ? ['--disable-workspace-trust'] : []),
    ...baseArgs(sandbox),
    '--ignore-last-opened',
    sandbox.workspace,
  ];
  logFile ??= join(sandbox.dir, 'code-server.log');
  mkdirSync(dirname(logFile), { recursive: true });
  const proc = spawn(process.execPath, args, {
    env: childEnv(sandbox),
    detached: true,
    stdio: stdio === 'inherit' ? ['ignore', 'inherit', 'inherit'] : ['ignore', 'pipe', 'pipe'],
  });
  children.add(proc);
  let exited = false;
  proc.once('exit', () => {
    exited = true;
    children.delete(proc);
  });
  if (stdio !== 'inherit') {
    const log = createWriteStream(logFile);
    proc.stdout.pipe(log);
    proc.stderr.pipe(log);
  }
  const url = `http://127.0.0.1:${port}/`;
  const stop = () => stopProcessGroup(proc);
  const deadline = Date.now() + readyTimeoutMs;
  while (Date.now() < deadline) {
    if (exited) throw new Error(`code-server exited early with code ${proc.exitCode}; see ${logFile}`);
    try {
      const res = await fetch(`${url}healthz`, { signal: AbortSignal.timeout(2000) });
      if (res.ok) return { proc, port, url, logFile, stop };
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  await stop();
  throw new Error(`code-server did not answer ${url}healthz within ${readyTimeoutMs / 1000}s; see ${logFile}`);
}

/** Stops a process we spawned with detached:true: SIGTERM to its process group, then SIGKILL after 5 s. */
export async function stopProcessGroup(proc, graceMs = 5000) {
  if (!proc || proc.exitCode !== null || proc.signalCode !== null) {
    killGroup(proc, 'SIGKILL');
    return;
  }
  const exited = new Promise((r) => proc.once('exit', r));
  killGroup(proc, 'SIGTERM');
  const timer = new Promise((r) => setTimeout(r, graceMs, 'timeout'));
  if ((await Promise.race([exited, timer])) === 'timeout') killGroup(proc, 'SIGKILL');
  killGroup(proc, 'SIGKILL'); // helpers (extension host, pty host) that ignored SIGTERM
}

function killGroup(proc, signal) {
  if (!proc?.pid) return;
  try {
    process.kill(-proc.pid, signal);
  } catch {
    /* group already gone */
  }
}

/** Synchronously kills every code-server this process started (for exit handlers and watchdogs). */
export function killAllStartedSync() {
  for (const proc of children) killGroup(proc, 'SIGKILL');
  children.clear();
}

/** Removes a sandbox folder (best effort). */
export function removeSandbox(sandbox) {
  try {
    rmSync(sandbox.dir, { recursive: true, force: true, maxRetries: 3 });
  } catch {
    /* best effort */
  }
}
