// TensorFlow Java graph builders (issue #11 part 3): the legacy label_image GraphBuilder (b.decodeJpeg → b.cast →
// b.expandDims → b.resizeBilinear → b.sub → b.div) and the tensorflow-java ops API (tf.image.decodeJpeg, …,
// tf.math.div): resize size, colour, normalisation checked against the spec on the lines a user reads.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { lintText, specWith } from './lint-test-helpers';

function at(findings: { code: string; range: { start: { line: number } } }[]): string[] {
  return findings.map((f) => `${f.range.start.line + 1} ${f.code}`);
}

const LABEL_IMAGE = [
  'import org.tensorflow.Graph;',
  'import org.tensorflow.Output;',
  'import org.tensorflow.Session;',
  'import org.tensorflow.Tensor;',
  'public class LabelImage {',
  '  private static Tensor<Float> normalize(byte[] imageBytes) {',
  '    try (Graph g = new Graph()) {',
  '      GraphBuilder b = new GraphBuilder(g);',
  '      final int H = 224;',
  '      final int W = 224;',
  '      final float mean = 117f;',
  '      final float scale = 1f;',
  '      final Output<String> input = b.constant("input", imageBytes);',
  '      final Output<Float> output =',
  '          b.div(',
  '              b.sub(',
  '                  b.resizeBilinear(',
  '                      b.expandDims(b.cast(b.decodeJpeg(input, 3), Float.class), b.constant("make_batch", 0)),',
  '                      b.constant("size", new int[] {H, W})),',
  '                  b.constant("mean", mean)),',
  '              b.constant("scale", scale));',
  '      try (Session s = new Session(g)) {',
  '        return s.runner().fetch(output.op().name()).run().get(0).expect(Float.class);',
  '      }',
  '    }',
  '  }',
  '  static class GraphBuilder {',
  '    GraphBuilder(Graph g) { this.g = g; }',
  '    Output<Float> div(Output<Float> x, Output<Float> y) { return binaryOp("Div", x, y); }',
  '    <T> Output<T> sub(Output<T> x, Output<T> y) { return binaryOp("Sub", x, y); }',
  '    @SuppressWarnings("unchecked")',
  '    private <T> Output<T> binaryOp(String type, Output<T> in1, Output<T> in2) {',
  '      return (Output<T>) g.opBuilder(type, type).addInput(in1).addInput(in2).build().output(0);',
  '    }',
  '    private Graph g;',
  '  }',
  '}',
].join('\n');

// Inception5h as label_image describes it: 224 × 224, (p − 117) / 1, TF bilinear.
const MATCH = { input: { width: 224, height: 224, scale: 1, mean: [117, 117, 117], std: [1, 1, 1], resize: { library: 'tf', method: 'bilinear' } } };
const OTHER = { input: { ...MATCH.input, width: 299, height: 299, scale: 1 / 255, mean: [0.5, 0.5, 0.5], std: [0.5, 0.5, 0.5] } };

test('java: a label_image GraphBuilder pipeline that matches the spec gives no finding', async () => {
  assert.deepEqual(at(await lintText('java', LABEL_IMAGE, specWith(MATCH))), []);
});

test('java: label_image with another size and normalisation: TP201 on the size constant, TP301 on the first arithmetic step', async () => {
  const f = await lintText('java', LABEL_IMAGE, specWith(OTHER));
  assert.deepEqual(at(f).sort(), ['16 TP301', '19 TP201']);
  assert.match(f.find((x) => x.code === 'TP201')!.message, /b\.resizeBilinear resizes to width 224 × height 224 \(it takes \(height, width\)\).*299 × 299/);
  assert.match(f.find((x) => x.code === 'TP301')!.message, /p − 117/);
});

test('java: DecodeJpeg gives RGB: a BGR spec is reported on the decode', async () => {
  const f = await lintText('java', LABEL_IMAGE, specWith({ input: { ...MATCH.input, colorOrder: 'BGR' } }));
  assert.deepEqual(at(f), ['18 TP101']);
  assert.match(f[0].message, /b\.decodeJpeg gives RGB pixels .* the spec's input\.colorOrder is BGR/);
});

test('java: a GraphBuilder-like class in a file without TensorFlow is left alone', async () => {
  const src = LABEL_IMAGE.replace(/import org\.tensorflow\.\w+;/g, '').replace(/GraphBuilder/g, 'Maths');
  assert.deepEqual(at(await lintText('java', src, specWith(OTHER))), []);
});

const OPS_API = [
  'import org.tensorflow.Graph;',
  'import org.tensorflow.Operand;',
  'import org.tensorflow.op.Ops;',
  'import org.tensorflow.op.image.DecodeJpeg;',
  'import org.tensorflow.types.TFloat32;',
  'public class Preprocess {',
  '  static TFloat32 normalize(byte[] imageBytes) {',
  '    try (Graph g = new Graph()) {',
  '      Ops tf = Ops.create(g);',
  '      final Operand<TFloat32> decoded =',
  '          tf.dtypes.cast(tf.image.decodeJpeg(tf.constant(imageBytes), DecodeJpeg.channels(3L)), TFloat32.class);',
  '      final Operand<TFloat32> resized =',
  '          tf.image.resizeBilinear(tf.expandDims(decoded, tf.constant(0)), tf.constant(new int[] {224, 224}));',
  '      final Operand<TFloat32> normalized = tf.math.div(tf.math.sub(resized, tf.constant(117f)), tf.constant(1f));',
  '      return normalized.asTensor();',
  '    }',
  '  }',
  '  static void gray(Ops tf, org.tensorflow.Session session) {',
  '    var file = tf.io.readFile(tf.constant("./four.jpeg"));',
  '    var jpeg = tf.image.decodeJpeg(file.contents(), DecodeJpeg.channels(1L));',
  '    var floats = tf.dtypes.cast(jpeg, TFloat32.class);',
  '    var normal = tf.math.div(floats, tf.constant(255.0f));',
  '    var image = session.runner().fetch(normal).run().get(0);',
  '  }',
  '}',
].join('\n');

test('java: the tensorflow-java ops API (tf.image, tf.math, tf.dtypes) is followed like the GraphBuilder', async () => {
  const gray = (fs: { code: string; range: { start: { line: number } } }[]): string[] => at(fs).filter((x) => Number(x.split(' ')[0]) >= 18);
  const match = await lintText('java', OPS_API, specWith(MATCH));
  assert.deepEqual(
    at(match).filter((x) => !gray(match).includes(x)),
    [],
  );
  const other = await lintText('java', OPS_API, specWith(OTHER));
  assert.deepEqual(
    at(other)
      .filter((x) => !gray(other).includes(x))
      .sort(),
    ['13 TP201', '14 TP301'],
  );
  const bgr = await lintText('java', OPS_API, specWith({ input: { ...MATCH.input, colorOrder: 'BGR' } }));
  assert.deepEqual(
    at(bgr).filter((x) => x.endsWith('TP101')),
    ['11 TP101'],
    'the RGB decode is reported; the one-channel decode is not RGB',
  );
});

test('java: a one-channel decode (DecodeJpeg.channels(1L)) scaled by 1/255 matches a [0, 1] spec', async () => {
  const f = await lintText('java', OPS_API, specWith({ input: { ...MATCH.input, scale: 1 / 255, mean: [0], std: [1], colorOrder: 'GRAY' } }));
  assert.deepEqual(
    at(f).filter((x) => Number(x.split(' ')[0]) >= 18),
    [],
  );
});

test('java: tf.constant(H, W) gives the resize size, and normalized.tensor() completes the input', async () => {
  const src = OPS_API.replace('tf.constant(new int[] {224, 224})', 'tf.constant(224, 224)').replace('normalized.asTensor()', 'normalized.tensor()');
  const other = await lintText('java', src, specWith(OTHER));
  assert.deepEqual(
    at(other)
      .filter((x) => Number(x.split(' ')[0]) < 18)
      .sort(),
    ['13 TP201', '14 TP301'],
  );
});

test('java: the graph is channels-last and bilinear: an NCHW spec is TP401 where it is fetched, a nearest spec TP203 on the resize', async () => {
  const nchw = await lintText('java', LABEL_IMAGE, specWith({ input: { ...MATCH.input, layout: 'NCHW' } }));
  assert.deepEqual(at(nchw), ['23 TP401']);
  const nearest = await lintText('java', LABEL_IMAGE, specWith({ input: { ...MATCH.input, resize: { library: 'tf', method: 'nearest' } } }));
  assert.deepEqual(at(nearest), ['17 TP203']);
  assert.match(nearest[0].message, /b\.resizeBilinear uses bilinear/);
});
