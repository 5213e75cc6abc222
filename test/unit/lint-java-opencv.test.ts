// Java OpenCV as an image source (issue #14) and TFLite Support's TensorImage colour order (issue #11): Mats from
// Imgcodecs.imread / VideoCapture.read are BGR; the colour finding's quick fix inserts Imgproc.cvtColor after the
// check that the load worked, adds the import, and the fixed file lints clean and still parses.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadRuntime, type Runtime } from '../../src/core/lint/parser';
import { applyEdits, checkFixture, lintText, specWith, WASM_DIR } from './lint-test-helpers';

for (const name of ['OpenCvJava.java', 'OpenCvStatic.java', 'OpenCvCamera.java', 'TensorImageColor.java']) {
  test(`java fixture ${name}: exactly the marked findings`, async () => {
    await checkFixture(`java/${name}`);
  });
}

let runtime: Promise<Runtime> | undefined;

async function parses(text: string): Promise<boolean> {
  const g = await (runtime ??= loadRuntime(WASM_DIR));
  const lang = g.languages.get('java');
  assert.ok(lang);
  g.parser.setLanguage(lang);
  const tree = g.parser.parse(text);
  assert.ok(tree);
  const ok = !tree.rootNode.hasError;
  tree.delete();
  return ok;
}

const SPEC = { input: { width: 224, height: 224, colorOrder: 'RGB', layout: 'NHWC', dtype: 'float32' } };

const GUARDED = `package demo;

import java.nio.FloatBuffer;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Size;
import org.opencv.imgcodecs.Imgcodecs;
import org.tensorflow.Session;
import org.tensorflow.Tensor;

public class Classify {
  float[] run(Session session, String path) {
    Mat img = Imgcodecs.imread(path);
    if (img.empty()) {
      throw new IllegalArgumentException("Cannot read image: " + path + " {");
    }
    org.opencv.imgproc.Imgproc.resize(img, img, new Size(224, 224));
    img.convertTo(img, CvType.CV_32F, 1.0 / 255);
    float[] data = new float[224 * 224 * 3];
    img.get(0, 0, data);
    session.runner().feed("input", Tensor.create(new long[] {1, 224, 224, 3}, FloatBuffer.wrap(data))).run();
    return data;
  }
}
`;

async function fixOnce(code: string): Promise<{ fixed: string; message: string }> {
  const spec = specWith(SPEC);
  const before = await lintText('java', code, spec);
  const f = before.find((x) => x.code === 'TP101');
  assert.ok(f?.fix, `expected a TP101 fix, got ${before.map((x) => `${x.code} ${x.message}`).join('; ')}`);
  const fixed = applyEdits(code, f.fix.edits);
  const after = await lintText('java', fixed, spec);
  assert.deepEqual(
    after.map((x) => x.code),
    before.filter((x) => x !== f).map((x) => x.code),
    `after the fix:\n${fixed}`,
  );
  assert.ok(await parses(fixed), `the fixed code no longer parses:\n${fixed}`);
  return { fixed, message: f.message };
}

test('java: a BGR Mat fed to the model is TP101 on the imread; the fix goes after `if (img.empty()) { throw ... }` and adds the import', async () => {
  const { fixed, message } = await fixOnce(GUARDED);
  assert.match(message, /Imgcodecs\.imread gives BGR pixels .* Convert with Imgproc\.cvtColor\(mat, mat, Imgproc\.COLOR_BGR2RGB\)/);
  assert.match(
    fixed,
    /      throw new IllegalArgumentException\("Cannot read image: " \+ path \+ " \{"\);\n    \}\n    Imgproc\.cvtColor\(img, img, Imgproc\.COLOR_BGR2RGB\);\n    org\.opencv\.imgproc\.Imgproc\.resize/,
  );
  assert.match(fixed, /import org\.tensorflow\.Tensor;\nimport org\.opencv\.imgproc\.Imgproc;\n/);
});

test('java: with Imgproc imported the fix adds no import; a wildcard import counts', async () => {
  const withImport = GUARDED.replace('import org.opencv.imgcodecs.Imgcodecs;', 'import org.opencv.imgcodecs.Imgcodecs;\nimport org.opencv.imgproc.*;');
  const { fixed } = await fixOnce(withImport);
  assert.equal(fixed.match(/^import org\.opencv\.imgproc/gm)?.length, 1);
});

test('java: a file without imports gets the fully qualified Imgproc', async () => {
  const bare = GUARDED.replace(/^import .*\n/gm, '')
    .replace('Imgcodecs.imread', 'org.opencv.imgcodecs.Imgcodecs.imread')
    .replace(/\bSize\(/, 'org.opencv.core.Size(');
  const { fixed } = await fixOnce(bare);
  assert.match(
    fixed,
    /\n    org\.opencv\.imgproc\.Imgproc\.cvtColor\(img, img, org\.opencv\.imgproc\.Imgproc\.COLOR_BGR2RGB\);\n    org\.opencv\.imgproc\.Imgproc\.resize/,
  );
});

test('java: a BGR spec takes the OpenCV Mat as it is, and a converted Mat is reported on its conversion', async () => {
  assert.deepEqual(await lintText('java', GUARDED, specWith({ input: { ...SPEC.input, colorOrder: 'BGR' } })), []);
  const converted = GUARDED.replace(
    '    org.opencv.imgproc.Imgproc.resize',
    '    org.opencv.imgproc.Imgproc.cvtColor(img, img, org.opencv.imgproc.Imgproc.COLOR_BGR2RGB);\n    org.opencv.imgproc.Imgproc.resize',
  );
  assert.deepEqual(await lintText('java', converted, specWith(SPEC)), []);
  const f = await lintText('java', converted, specWith({ input: { ...SPEC.input, colorOrder: 'BGR' } }));
  assert.deepEqual(
    f.map((x) => `${x.range.start.line + 1} ${x.code}`),
    ['17 TP101'],
  );
});

test('java: the Bitmap from a BGR Mat read as ARGB pixels gets the same fix before matToBitmap', async () => {
  const code = `import android.graphics.Bitmap;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.opencv.android.Utils;
import org.opencv.core.Mat;
import org.opencv.imgcodecs.Imgcodecs;
import org.tensorflow.lite.Interpreter;

class FromMat {
  void run(Interpreter tflite, String path, float[][] out) {
    Mat mat = Imgcodecs.imread(path);
    Bitmap bmp = Bitmap.createBitmap(mat.cols(), mat.rows(), Bitmap.Config.ARGB_8888);
    Utils.matToBitmap(mat, bmp);
    int[] pixels = new int[224 * 224];
    bmp.getPixels(pixels, 0, 224, 0, 0, 224, 224);
    ByteBuffer input = ByteBuffer.allocateDirect(4 * 224 * 224 * 3).order(ByteOrder.nativeOrder());
    for (int p : pixels) {
      input.putFloat(((p >> 16) & 0xFF) / 255.0f);
      input.putFloat(((p >> 8) & 0xFF) / 255.0f);
      input.putFloat((p & 0xFF) / 255.0f);
    }
    tflite.run(input, out);
  }
}
`;
  const { fixed, message } = await fixOnce(code);
  assert.match(message, /the channels written are B, G, R/);
  assert.match(fixed, /    Mat mat = Imgcodecs\.imread\(path\);\n    Imgproc\.cvtColor\(mat, mat, Imgproc\.COLOR_BGR2RGB\);\n    Bitmap bmp/);
});

test('java TensorImage: an RGB Bitmap under a BGR spec is reported on the load; under a GRAY spec a load without TransformToGrayscaleOp is', async () => {
  const code = `import android.graphics.Bitmap;
import android.graphics.BitmapFactory;
import org.tensorflow.lite.support.image.TensorImage;
class T {
  void run(org.tensorflow.lite.Interpreter tflite, String path, float[][] out) {
    Bitmap bmp = BitmapFactory.decodeFile(path);
    TensorImage image = TensorImage.fromBitmap(bmp);
    tflite.run(image.getBuffer(), out);
  }
}
`;
  const bgr = await lintText('java', code, specWith({ input: { ...SPEC.input, colorOrder: 'BGR' } }));
  assert.deepEqual(
    bgr.map((x) => `${x.range.start.line + 1} ${x.code}`),
    ['7 TP101'],
  );
  assert.match(bgr[0].message, /TensorImage\.fromBitmap\(\) reads the Bitmap as RGB/);
  const gray = await lintText('java', code, specWith({ input: { ...SPEC.input, colorOrder: 'GRAY' } }));
  assert.deepEqual(
    gray.filter((x) => x.code === 'TP101').map((x) => x.range.start.line + 1),
    [7],
  );
  assert.match(gray.find((x) => x.code === 'TP101')!.message, /Add a TransformToGrayscaleOp/);
  assert.deepEqual(await lintText('java', code, specWith(SPEC)), []);
});

test('java: COLOR_RGBA2RGB on an image parameter says it is RGB, so a later swapRB=true is reported under an RGB spec', async () => {
  const code = `import org.opencv.core.Mat;
import org.opencv.core.Scalar;
import org.opencv.core.Size;
import org.opencv.dnn.Dnn;
import org.opencv.dnn.Net;
import org.opencv.imgproc.Imgproc;
public class FromCamera {
  public void run(Mat image, Net net) {
    Imgproc.cvtColor(image, image, Imgproc.COLOR_RGBA2RGB);
    Mat f = new Mat();
    image.convertTo(f, org.opencv.core.CvType.CV_32FC3, 1.0 / 255);
    net.setInput(Dnn.blobFromImage(f, 1.0, new Size(224, 224), new Scalar(0, 0, 0), true, false));
  }
}
`;
  const spec = { input: { ...SPEC.input, layout: 'NCHW' } };
  const f = await lintText('java', code, specWith(spec));
  assert.deepEqual(
    f.map((x) => `${x.range.start.line + 1} ${x.code}`),
    ['12 TP101'],
  );
  assert.match(f[0].message, /This conversion gives BGR pixels/);
  assert.deepEqual(await lintText('java', code.replace('true, false', 'false, false'), specWith(spec)), []);
});

test('java: a Mat loaded in a static initializer block gets the fix inside the block', async () => {
  const code = `import org.opencv.core.Mat;
import org.opencv.dnn.Dnn;
import org.opencv.dnn.Net;
import org.opencv.imgcodecs.Imgcodecs;
import org.opencv.imgproc.Imgproc;
public class Startup {
  static Net net = Dnn.readNetFromONNX("model.onnx");
  static {
    Mat image = Imgcodecs.imread("cat.jpg");
    net.setInput(Dnn.blobFromImage(image, 1.0 / 255, new org.opencv.core.Size(224, 224)));
  }
}
`;
  const spec = specWith({ input: { ...SPEC.input, layout: 'NCHW', resize: { library: 'cv2', method: 'linear' } } });
  const f = await lintText('java', code, spec);
  const color = f.find((x) => x.code === 'TP101');
  assert.ok(color?.fix, f.map((x) => x.message).join('; '));
  const fixed = applyEdits(code, color.fix.edits);
  assert.match(fixed, /    Mat image = Imgcodecs\.imread\("cat\.jpg"\);\n    Imgproc\.cvtColor\(image, image, Imgproc\.COLOR_BGR2RGB\);\n    net\.setInput/);
  assert.ok(await parses(fixed));
  assert.deepEqual(
    (await lintText('java', fixed, spec)).map((x) => x.code),
    f.filter((x) => x !== color).map((x) => x.code),
  );
});
