// The linter on Java2D resizes (Graphics2D.drawImage with an interpolation hint, Image.getScaledInstance).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { lintText, specWith } from './lint-test-helpers';

const DRAW = (hint: string, w = 224, h = 224): string =>
  [
    'import java.awt.Graphics2D;',
    'import java.awt.RenderingHints;',
    'import java.awt.image.BufferedImage;',
    'import javax.imageio.ImageIO;',
    'class Prep {',
    '  static BufferedImage resize(BufferedImage src) {',
    `    BufferedImage out = new BufferedImage(${w}, ${h}, BufferedImage.TYPE_INT_RGB);`,
    '    Graphics2D g = out.createGraphics();',
    hint ? `    g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_${hint});` : '',
    `    g.drawImage(src, 0, 0, ${w}, ${h}, null);`,
    '    g.dispose();',
    '    return out;',
    '  }',
    '}',
  ].join('\n');

const msgs = (fs: { code: string; message: string }[]): string[] => fs.map((f) => `${f.code} ${f.message}`);

test("drawImage with the spec's Java2D method and size: no finding", async () => {
  assert.deepEqual(
    await lintText('java', DRAW('BILINEAR'), specWith({ input: { width: 224, height: 224, resize: { library: 'java2d', method: 'bilinear' } } })),
    [],
  );
  assert.deepEqual(await lintText('java', DRAW(''), specWith({ input: { width: 224, height: 224, resize: { library: 'java2d', method: 'nearest' } } })), []);
});

test('drawImage against a cv2 spec names Java2D and the hint', async () => {
  const f = msgs(await lintText('java', DRAW('BICUBIC'), specWith({ input: { width: 224, height: 224, resize: { library: 'cv2', method: 'linear' } } })));
  assert.equal(f.length, 1, f.join('\n'));
  assert.match(f[0], /Graphics2D\.drawImage uses VALUE_INTERPOLATION_BICUBIC/);
  const lib = msgs(await lintText('java', DRAW('BILINEAR'), specWith({ input: { width: 224, height: 224, resize: { library: 'cv2', method: 'linear' } } })));
  assert.equal(lib.length, 1, lib.join('\n'));
  assert.match(lib[0], /Java2D's VALUE_INTERPOLATION_BILINEAR, but the spec's input\.resize\.library is "cv2"/);
});

test('drawImage without a hint is nearest neighbour; a java2d bilinear spec says so', async () => {
  const f = msgs(await lintText('java', DRAW(''), specWith({ input: { width: 224, height: 224, resize: { library: 'java2d', method: 'bilinear' } } })));
  assert.equal(f.length, 1, f.join('\n'));
  assert.match(f[0], /no interpolation hint \(nearest neighbour\).*input\.resize\.method is "bilinear"/);
});

test('drawImage to the wrong size is reported with the spec size', async () => {
  const f = msgs(
    await lintText('java', DRAW('BILINEAR', 256, 256), specWith({ input: { width: 224, height: 224, resize: { library: 'java2d', method: 'bilinear' } } })),
  );
  assert.ok(
    f.some((m) => /Graphics2D\.drawImage resizes to width 256 × height 256.*Use \(224, 224\)/.test(m)),
    f.join('\n'),
  );
});

test('getScaledInstance SCALE_SMOOTH is Java2D area averaging', async () => {
  const src = [
    'import java.awt.Image;',
    'import java.awt.image.BufferedImage;',
    'class Prep {',
    '  static Image resize(BufferedImage src) {',
    '    return src.getScaledInstance(224, 224, Image.SCALE_SMOOTH);',
    '  }',
    '}',
  ].join('\n');
  assert.deepEqual(await lintText('java', src, specWith({ input: { width: 224, height: 224, resize: { library: 'java2d', method: 'area' } } })), []);
  const f = msgs(await lintText('java', src, specWith({ input: { width: 224, height: 224, resize: { library: 'java2d', method: 'bilinear' } } })));
  assert.equal(f.length, 1, f.join('\n'));
  assert.match(f[0], /Image\.getScaledInstance uses Image\.SCALE_SMOOTH.*"bilinear"/);
});
