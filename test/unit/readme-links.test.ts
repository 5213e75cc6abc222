// The README in a .vsix (scripts/readme-links.mjs): without a repository URL, links to packaged files (the screenshot)
// stay and nothing else relative is left to break; with one, the text is left for vsce to make absolute. The README in
// the repository keeps its screenshot for GitHub.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';

const ROOT = path.resolve(__dirname, '../../..');
const README = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
const SHIPPED = ['media/screenshot.png', 'CHANGELOG.md', 'LICENSE'];

/** Runs readmeForPackage (an ES module) in a child node process. */
function packaged(text: string, repositoryUrl?: string): string {
  const code = `import { readmeForPackage } from ${JSON.stringify(path.join(ROOT, 'scripts/readme-links.mjs'))};
    const { text, repositoryUrl, shipped } = JSON.parse(process.argv[1]);
    process.stdout.write(readmeForPackage(text, { repositoryUrl, shipped: (f) => shipped.includes(f) }));`;
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', code, JSON.stringify({ text, repositoryUrl, shipped: SHIPPED })], {
    encoding: 'utf8',
  });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout;
}

test('the repository README shows the screenshot with a relative link that resolves on GitHub', () => {
  const m = /^!\[[^\]]+\]\(([^)]+)\)/m.exec(README);
  assert.ok(m, 'README.md has no image line');
  assert.equal(m[1], 'media/screenshot.png');
  assert.ok(fs.existsSync(path.join(ROOT, m[1])));
});

test('without a repository URL the packaged README keeps the shipped screenshot and turns other relative links into text', () => {
  const out = packaged(README);
  assert.match(out, /^!\[[^\]]+\]\(media\/screenshot\.png\)$/m);
  const relative = [...out.matchAll(/\[[^\]\n]*\]\(([^)\s]+)\)/g)].map((x) => x[1] as string).filter((h) => !/^(https?:|#|mailto:)/.test(h));
  assert.deepEqual(
    relative.filter((h) => !SHIPPED.includes(h.split('#')[0] as string)),
    [],
  );
  assert.match(out, /`docs\/decode-parity\.md` \(in the source repository\)/);
});

test('an image of a file the package does not ship is dropped, not left broken; other text is unchanged', () => {
  const out = packaged('Intro\n![chart](docs/chart.png)\nSee [the log](CHANGELOG.md#010) and [x](https://example.com/a.png).\n');
  assert.equal(out, 'Intro\nSee [the log](CHANGELOG.md#010) and [x](https://example.com/a.png).\n');
});

test('with a repository URL the README is passed to vsce unchanged (vsce makes the links absolute)', () => {
  assert.equal(packaged(README, 'https://github.com/owner/tensor-parity'), README);
});
