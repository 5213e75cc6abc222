import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, mkdir, writeFile, symlink, rm, realpath } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { loadSpecFile, resolveSpecPath, SpecError } from '../../src/core/spec';

let base = '';
let ws = '';

before(async () => {
  base = await realpath(await mkdtemp(path.join(tmpdir(), 'tp-spec-paths-')));
  ws = path.join(base, 'workspace');
  await mkdir(path.join(ws, 'models'), { recursive: true });
  await writeFile(path.join(ws, 'models', 'model.json'), '{}');
  await writeFile(path.join(base, 'secret.json'), '{}');
  await symlink(path.join(base, 'secret.json'), path.join(ws, 'models', 'escape.json'));
  await symlink(path.join(base), path.join(ws, 'outside-dir'));
  await symlink(path.join(ws, 'models', 'model.json'), path.join(ws, 'inside-link.json'));
});

after(async () => {
  await rm(base, { recursive: true, force: true });
});

function rejectsWith(p: Promise<unknown>, pattern: RegExp): Promise<void> {
  return assert.rejects(p, (e: unknown) => {
    assert.ok(e instanceof SpecError, String(e));
    assert.match(e.message, pattern);
    return true;
  });
}

test('a relative path inside the workspace resolves to its real path', async () => {
  assert.equal(await resolveSpecPath(ws, 'models/model.json'), path.join(ws, 'models', 'model.json'));
  assert.equal(await resolveSpecPath(ws, './models/../models/model.json'), path.join(ws, 'models', 'model.json'));
  assert.equal(await resolveSpecPath(ws, 'models'), path.join(ws, 'models'));
});

test('an absolute path inside the workspace is accepted; outside it is refused', async () => {
  assert.equal(await resolveSpecPath(ws, path.join(ws, 'models', 'model.json')), path.join(ws, 'models', 'model.json'));
  await rejectsWith(resolveSpecPath(ws, path.join(base, 'secret.json')), /absolute path outside the workspace folder .*copy the file into/);
});

test('".." escapes are refused even when the target exists', async () => {
  await rejectsWith(resolveSpecPath(ws, '../secret.json'), /"\.\.\/secret\.json" uses "\.\." to leave the workspace folder/);
  await rejectsWith(resolveSpecPath(ws, 'models/../../secret.json'), /uses "\.\."/);
});

test('symlinks that resolve outside the workspace are refused; inside ones are followed', async () => {
  await rejectsWith(resolveSpecPath(ws, 'models/escape.json'), /symlink .* resolves to .*secret\.json, outside the workspace folder/);
  await rejectsWith(resolveSpecPath(ws, 'outside-dir/secret.json'), /symlink/);
  assert.equal(await resolveSpecPath(ws, 'inside-link.json'), path.join(ws, 'models', 'model.json'));
});

test('a missing file and an empty path are clear errors', async () => {
  await rejectsWith(resolveSpecPath(ws, 'models/nope.json'), /"models\/nope\.json" does not exist .*relative to the workspace folder/);
  await rejectsWith(resolveSpecPath(ws, ''), /empty/);
});

test('loadSpecFile returns text and problems, and names a missing file', async () => {
  const file = path.join(ws, 'tensorparity.json');
  await writeFile(file, '\ufeff{"model":{"path":"models/model.json"},"input":{"width":0,"height":1}}');
  const loaded = await loadSpecFile(file);
  assert.equal(loaded.spec, undefined);
  assert.equal(loaded.text.slice(loaded.problems[0].offset, loaded.problems[0].offset + 1), '0');
  await assert.rejects(loadSpecFile(path.join(ws, 'missing.json')), (e: unknown) => {
    assert.ok(e instanceof SpecError);
    assert.match(e.message, /missing\.json does not exist/);
    return true;
  });
});
