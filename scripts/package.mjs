// Builds one .vsix per platform (vsce package --target), each with only that platform's sharp binaries, and prints
// each file's size. Usage: node scripts/package.mjs [linux-x64 darwin-arm64 darwin-x64 win32-x64]  (default: all four)
// Env: TP_REPOSITORY_URL=https://github.com/owner/repo makes README links absolute through vsce; without it, relative
// README links to files in the package (the screenshot) stay and the others become text (scripts/readme-links.mjs).
// Platform packages missing from node_modules (npm installs only this machine's) are fetched with `npm pack` into
// ~/.cache/tensor-parity/npm-packs and unpacked into the staging folder; node_modules itself is never changed.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { readmeForPackage } from './readme-links.mjs';

const root = new URL('..', import.meta.url).pathname;
const TARGETS = ['linux-x64', 'darwin-arm64', 'darwin-x64', 'win32-x64'];
const targets = process.argv.slice(2).length ? process.argv.slice(2) : TARGETS;
const bad = targets.filter((t) => !TARGETS.includes(t));
if (bad.length) {
  console.error(`package: unknown target ${bad.join(', ')}; use ${TARGETS.join(', ')}.`);
  process.exit(2);
}

const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const sharpPkg = JSON.parse(readFileSync(join(root, 'node_modules/sharp/package.json'), 'utf8'));
/** The tree-sitter files the linter loads (src/core/lint/parser.ts loadRuntime): the runtime (JS + wasm) and six grammars. */
export const TREE_SITTER_FILES = [
  'tree-sitter.js',
  'tree-sitter.wasm',
  ...['python', 'cpp', 'java', 'javascript', 'typescript', 'tsx'].map((l) => `tree-sitter-${l}.wasm`),
];

function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { stdio: ['ignore', 'inherit', 'inherit'], ...opts });
  if (r.status !== 0) {
    console.error(`package: ${cmd} ${args.join(' ')} failed (exit ${r.status}).`);
    process.exit(1);
  }
  return r;
}

/** node_modules/<name> for this target: the local copy, else the registry tarball of sharp's pinned version. */
function modulePath(name, version) {
  const local = join(root, 'node_modules', name);
  if (existsSync(join(local, 'package.json')) && JSON.parse(readFileSync(join(local, 'package.json'), 'utf8')).version === version) return local;
  const cache = join(homedir(), '.cache/tensor-parity/npm-packs');
  const dir = join(cache, `${name.replace('/', '+')}-${version}`);
  if (!existsSync(join(dir, 'package', 'package.json'))) {
    mkdirSync(dir, { recursive: true });
    const r = spawnSync('npm', ['pack', `${name}@${version}`, '--silent', '--pack-destination', dir], { encoding: 'utf8' });
    if (r.status !== 0) {
      console.error(`package: npm pack ${name}@${version} failed: ${r.stderr}`);
      process.exit(1);
    }
    run('tar', ['-xzf', join(dir, r.stdout.trim().split('\n').pop()), '-C', dir]);
  }
  return join(dir, 'package');
}

/** The @img packages sharp loads on a target (win32 has libvips inside its binary package). */
function sharpPlatformPackages(target) {
  const names = [`@img/sharp-${target}`];
  if (!target.startsWith('win32')) names.push(`@img/sharp-libvips-${target}`);
  return names.map((n) => [n, sharpPkg.optionalDependencies[n]]);
}

run(process.execPath, [join(root, 'esbuild.config.mjs'), '--production'], { cwd: root });
const out = join(root, 'dist-package');
rmSync(out, { recursive: true, force: true });
const sizes = [];
for (const target of targets) {
  const stage = join(out, 'stage', target);
  mkdirSync(stage, { recursive: true });
  for (const f of ['package.nls.json', 'l10n', 'LICENSE', 'CHANGELOG.md', 'media', 'schemas', 'tools'])
    cpSync(join(root, f), join(stage, f), { recursive: true });
  cpSync(join(root, 'dist'), join(stage, 'dist'), {
    recursive: true,
    filter: (src) =>
      !src.endsWith('.map') && !src.endsWith('.vsix') && !(src.includes('/dist/tree-sitter/') && !TREE_SITTER_FILES.some((f) => src.endsWith(`/${f}`))),
  });
  const mods = [['sharp', sharpPkg.version], ...Object.entries(sharpPkg.dependencies), ...sharpPlatformPackages(target)];
  for (const [name, range] of mods) {
    const version = range.replace(/^[\^~]/, '');
    const src = name.startsWith('@img/sharp-') ? modulePath(name, version) : join(root, 'node_modules', name);
    cpSync(src, join(stage, 'node_modules', name), {
      recursive: true,
      // sharp's C++ sources, install scripts, type declarations and the ESM copy the extension never loads stay out.
      filter: (p) => !/\/sharp\/(src|install|lib)(\/|$)/.test(p) && !/\.d\.[cm]?ts$/.test(p) && !/\/sharp\/dist\/[^/]+\.mjs$/.test(p),
    });
  }
  const staged = { ...pkg, dependencies: { sharp: sharpPkg.version } };
  for (const k of ['devDependencies', 'optionalDependencies', 'scripts', 'bin']) delete staged[k];
  if (process.env.TP_REPOSITORY_URL) staged.repository = { type: 'git', url: process.env.TP_REPOSITORY_URL };
  writeFileSync(join(stage, 'package.json'), `${JSON.stringify(staged, null, 2)}\n`);
  // Written last, so that links to files shipped in the stage (the screenshot in media/) are kept.
  writeFileSync(
    join(stage, 'README.md'),
    readmeForPackage(readFileSync(join(root, 'README.md'), 'utf8'), {
      repositoryUrl: process.env.TP_REPOSITORY_URL,
      shipped: (file) => file !== '' && !/^(\/|\.\.)/.test(file) && existsSync(join(stage, file)),
    }),
  );
  writeFileSync(join(stage, '.vscodeignore'), '**/*.map\n');
  const file = join(root, 'dist', `tensor-parity-${target}.vsix`);
  const args = ['package', '--target', target, '--dependencies', '--skip-license', '-o', file];
  if (process.env.TP_REPOSITORY_URL)
    args.push('--baseContentUrl', `${process.env.TP_REPOSITORY_URL}/blob/HEAD`, '--baseImagesUrl', `${process.env.TP_REPOSITORY_URL}/raw/HEAD`);
  else args.push('--no-rewrite-relative-links');
  run(join(root, 'node_modules/.bin/vsce'), args, { cwd: stage });
  sizes.push([target, file, statSync(file).size]);
}
rmSync(join(out, 'stage'), { recursive: true, force: true });
// The install-and-run e2e test (test/e2e/vsix.e2e.mjs) installs the linux-x64 package under this name.
if (targets.includes('linux-x64')) cpSync(join(root, 'dist/tensor-parity-linux-x64.vsix'), join(root, 'dist/tensor-parity.vsix'));
console.log('\n.vsix sizes:');
for (const [target, file, size] of sizes) console.log(`  ${target.padEnd(13)} ${(size / 1024 / 1024).toFixed(1).padStart(6)} MB  ${file.slice(root.length)}`);
