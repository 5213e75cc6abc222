// `npm start`: a real VS Code (code-server, in your browser) with Tensor Parity loaded unpacked and demo/ open.
// Installs what is missing (system packages when root, code-server once), builds, serves on 127.0.0.1:8080 or the
// next free port, and stays in the foreground until Ctrl+C, which stops code-server.
// Options: --trust  keep Workspace Trust on (the demo folder then opens in Restricted Mode)
//          --port N first port to try (default 8080)
import { spawnSync } from 'node:child_process';
import { existsSync, lstatSync, mkdirSync, rmSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { extensionFolderName, findFreePort, repoRoot, startCodeServer, stopProcessGroup, userSettings, writeUserSettings } from '../test/e2e/code-server.mjs';

const args = process.argv.slice(2);
const keepTrust = args.includes('--trust');
const portArg = args.indexOf('--port');
const preferredPort = portArg >= 0 ? Number(args[portArg + 1]) : 8080;

function run(title, cmd, cmdArgs, { optional = false } = {}) {
  console.log(`tensor-parity: ${title}`);
  const r = spawnSync(cmd, cmdArgs, { cwd: repoRoot, stdio: ['ignore', 'inherit', 'inherit'] });
  if (r.status === 0) return true;
  if (optional) {
    console.warn(`tensor-parity: ${title} did not finish (exit ${r.status}); continuing.`);
    return false;
  }
  console.error(`tensor-parity: ${title} failed (exit ${r.status}${r.error ? `, ${r.error.message}` : ''}).`);
  process.exit(1);
}

run('checking system packages (chromium, libkrb5-dev, ripgrep)', 'bash', [join(repoRoot, 'scripts/setup-apt.sh')], { optional: true });
run('checking code-server 4.100.3 in .tools/', 'bash', [join(repoRoot, 'scripts/setup-code-server.sh')]);
run('building the extension (npm run build)', 'npm', ['run', '--silent', 'build']);

// A persistent profile under .tools/ (git-ignored), so settings survive restarts.
const profile = join(repoRoot, '.tools/start-profile');
const sandbox = {
  dir: profile,
  userDataDir: join(profile, 'user-data'),
  extensionsDir: join(profile, 'extensions'),
  configFile: join(profile, 'code-server.yaml'),
  workspace: join(repoRoot, 'demo'),
};
mkdirSync(sandbox.extensionsDir, { recursive: true });
writeFileSync(sandbox.configFile, 'auth: none\n');
if (!existsSync(join(sandbox.userDataDir, 'User/settings.json'))) writeUserSettings(sandbox.userDataDir, userSettings('Default Dark Modern'));
// The extension folder is a link to the repository itself (webviews refuse resources that resolve outside the
// extension folder, so per-file links do not work): after `npm run watch` rebuilds, "Developer: Reload Window"
// picks up the new build.
const extLink = join(sandbox.extensionsDir, extensionFolderName());
if (lstatSync(extLink, { throwIfNoEntry: false })) {
  if (lstatSync(extLink).isSymbolicLink())
    unlinkSync(extLink); // never follow the link into the repository
  else rmSync(extLink, { recursive: true, force: true });
}
symlinkSync(repoRoot, extLink, 'dir');

const port = await findFreePort(preferredPort);
const server = await startCodeServer(sandbox, { port, trust: !keepTrust, stdio: 'inherit' });
const url = `${server.url}?folder=${encodeURIComponent(sandbox.workspace).replace(/%2F/g, '/')}`;
const line = '='.repeat(Math.max(40, url.length + 4));
console.log(
  `\n${line}\n  Tensor Parity is running in VS Code (code-server):\n\n  ${url}\n\n  Open it in your browser. Right-click an image in demo/images → "Tensor Parity: Run Inference".\n  Press Ctrl+C to stop.\n${line}\n`,
);

let stopping = false;
const stop = async (code) => {
  if (stopping) return;
  stopping = true;
  console.log('\ntensor-parity: stopping code-server…');
  await stopProcessGroup(server.proc);
  process.exit(code);
};
process.on('SIGINT', () => stop(0));
process.on('SIGTERM', () => stop(0));
process.on('SIGHUP', () => stop(0));
server.proc.on('exit', (code) => {
  if (stopping) return;
  console.error(`tensor-parity: code-server exited (code ${code}).`);
  stop(code ?? 1);
});
