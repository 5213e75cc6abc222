// The generated sources of the linter benchmarks (bench/lint.mjs, bench/lint-profile.mjs): realistic preprocessing
// functions (OpenCV, PIL, tf.image in Python; OpenCV and TensorFlow C++), repeated with varying sizes up to `lines`.

const SIZES = [224, 256, 320, 192];
const INTERP = ['INTER_LINEAR', 'INTER_AREA', 'INTER_CUBIC', 'INTER_NEAREST'];

export function pythonSource(lines) {
  const out = [
    'import cv2',
    'import numpy as np',
    'from PIL import Image',
    'import tensorflow as tf',
    '',
    'SIZE = 224',
    'MEAN = np.array([0.485, 0.456, 0.406], dtype=np.float32)',
    'STD = np.array([0.229, 0.224, 0.225], dtype=np.float32)',
    '',
  ];
  for (let i = 0; out.length < lines; i++) {
    const s = SIZES[i % SIZES.length];
    const variants = [
      [
        `def load_cv_${i}(path, model):`,
        `    """Load image ${i} with OpenCV and run the model."""`,
        '    img = cv2.imread(path)',
        i % 3 ? '    img = cv2.cvtColor(img, cv2.COLOR_BGR2RGB)' : '    # colour conversion left out on purpose',
        `    img = cv2.resize(img, (${s}, SIZE), interpolation=cv2.${INTERP[i % 4]})`,
        '    x = img.astype(np.float32) / 255.0',
        '    x = (x - MEAN) / STD',
        '    x = np.expand_dims(x, axis=0)',
        `    print("cv2.resize(img, (1, 2))", x.shape)`,
        '    return model.predict(x)',
        '',
      ],
      [
        `def load_pil_${i}(path, model):`,
        `    im = Image.open(path)${i % 2 ? '.convert("RGB")' : ''}`,
        `    im = im.resize((${s}, ${s}), Image.BILINEAR)`,
        '    arr = np.asarray(im) / 255.0',
        '    arr = arr.astype(np.float32)',
        '    arr = (arr - MEAN) / STD',
        '    # model.predict(arr / 127.5)',
        '    return model.predict(arr[None])',
        '',
      ],
      [
        `def load_tf_${i}(path, model):`,
        '    data = tf.io.read_file(path)',
        '    img = tf.image.decode_jpeg(data, channels=3)',
        `    img = tf.image.resize(img, [${s}, SIZE], method="bilinear", antialias=${i % 2 ? 'True' : 'False'})`,
        '    img = tf.cast(img, tf.float32) / 255.0',
        '    img = tf.expand_dims(img, 0)',
        '    return model(img)',
        '',
      ],
    ];
    out.push(...variants[i % variants.length]);
  }
  return out.slice(0, lines).join('\n') + '\n';
}

export function cppSource(lines) {
  const out = [
    '#include <opencv2/opencv.hpp>',
    '#include <tensorflow/core/public/session.h>',
    '',
    'constexpr int kWidth = 224;',
    'const int kHeight = 224;',
    '',
  ];
  for (let i = 0; out.length < lines; i++) {
    const s = SIZES[i % SIZES.length];
    const variants = [
      [
        `tensorflow::Tensor Preprocess${i}(const std::string& path) {`,
        '  cv::Mat img = cv::imread(path);',
        i % 3 ? '  cv::cvtColor(img, img, cv::COLOR_BGR2RGB);' : '  // no colour conversion',
        `  cv::resize(img, img, cv::Size(${s}, kHeight), 0, 0, cv::${INTERP[i % 4]});`,
        `  tensorflow::Tensor tensor(tensorflow::DT_FLOAT, {1, kHeight, ${s}, 3});`,
        '  auto data = tensor.flat<float>().data();',
        `  for (int i = 0; i < img.total()${i % 2 ? ' * img.channels()' : ''}; ++i) {`,
        '    data[i] = static_cast<float>(img.data[i]) / 255.0f;',
        '  }',
        '  return tensor;',
        '}',
        '',
      ],
      [
        `cv::Mat Blob${i}(const cv::Mat& frame, cv::dnn::Net& net) {`,
        '  cv::Mat rgb;',
        '  cv::cvtColor(frame, rgb, cv::COLOR_BGR2RGB);',
        '  cv::Mat f;',
        '  rgb.convertTo(f, CV_32FC3, 1.0 / 255);',
        `  cv::Mat blob = cv::dnn::blobFromImage(frame, 1.0 / 255, cv::Size(${s}, ${s}), cv::Scalar(), true, false);`,
        '  net.setInput(blob);',
        '  return net.forward();',
        '}',
        '',
      ],
    ];
    out.push(...variants[i % variants.length]);
  }
  return upToLastFunction(out, lines);
}

/**
 * The first `lines` lines, less a function the limit cuts in two: a file an editor opens normally parses without a
 * syntax error (an unclosed function at the end made the whole JavaScript tree one ERROR node).
 */
function upToLastFunction(out, lines) {
  const kept = out.slice(0, lines);
  return kept.slice(0, kept.lastIndexOf('}') + 1).join('\n') + '\n';
}

/** Android Java: a classifier class whose methods scale a Bitmap and fill a ByteBuffer for TFLite. */
export function javaSource(lines) {
  const out = [
    'package org.example;',
    '',
    'import android.graphics.Bitmap;',
    'import java.nio.ByteBuffer;',
    'import java.nio.ByteOrder;',
    'import org.tensorflow.lite.Interpreter;',
    '',
    'public class Classifier {',
    '  private static final int INPUT_SIZE = 224;',
    '  private static final float IMAGE_MEAN = 127.5f;',
    '  private static final float IMAGE_STD = 127.5f;',
    '  private final Interpreter tflite;',
    '  private final int[] intValues = new int[INPUT_SIZE * INPUT_SIZE];',
    '',
    '  Classifier(Interpreter tflite) {',
    '    this.tflite = tflite;',
    '  }',
    '',
  ];
  for (let i = 0; out.length < lines - 1; i++) {
    const s = SIZES[i % SIZES.length];
    const variants = [
      [
        `  float[][] classify${i}(Bitmap bitmap) {`,
        `    Bitmap scaled = Bitmap.createScaledBitmap(bitmap, ${s}, INPUT_SIZE, ${i % 2 ? 'true' : 'false'});`,
        '    scaled.getPixels(intValues, 0, scaled.getWidth(), 0, 0, scaled.getWidth(), scaled.getHeight());',
        '    ByteBuffer imgData = ByteBuffer.allocateDirect(4 * INPUT_SIZE * INPUT_SIZE * 3);',
        '    imgData.order(ByteOrder.nativeOrder());',
        '    for (int i = 0; i < intValues.length; ++i) {',
        '      final int val = intValues[i];',
        '      imgData.putFloat((((val >> 16) & 0xFF) - IMAGE_MEAN) / IMAGE_STD);',
        '      imgData.putFloat((((val >> 8) & 0xFF) - IMAGE_MEAN) / IMAGE_STD);',
        `      imgData.putFloat(((val & 0xFF) - IMAGE_MEAN) / ${i % 3 ? 'IMAGE_STD' : '255.0f'});`,
        '    }',
        '    float[][] out = new float[1][1001];',
        '    tflite.run(imgData, out);',
        '    return out;',
        '  }',
        '',
      ],
      [
        `  float[][] classifyBgr${i}(Bitmap bitmap) {`,
        `    Bitmap scaled = Bitmap.createScaledBitmap(bitmap, ${s}, ${s}, true);`,
        '    scaled.getPixels(intValues, 0, scaled.getWidth(), 0, 0, scaled.getWidth(), scaled.getHeight());',
        '    float[][][][] input = new float[1][INPUT_SIZE][INPUT_SIZE][3];',
        '    for (int y = 0; y < INPUT_SIZE; ++y) {',
        '      for (int x = 0; x < INPUT_SIZE; ++x) {',
        '        int p = intValues[y * INPUT_SIZE + x];',
        '        input[0][y][x][0] = (p & 0xFF) / 255.0f;',
        '        input[0][y][x][1] = ((p >> 8) & 0xFF) / 255.0f;',
        '        input[0][y][x][2] = ((p >> 16) & 0xFF) / 255.0f;',
        '      }',
        '    }',
        '    float[][] out = new float[1][1001];',
        '    tflite.run(input, out);',
        '    return out;',
        '  }',
        '',
      ],
    ];
    out.push(...variants[i % variants.length]);
  }
  // Whole methods only (blank lines make up the count), so the class closes.
  const body = out.slice(0, lines - 1);
  while (body.length > 0 && body[body.length - 1] !== '') body.pop();
  while (body.length < lines - 1) body.push('');
  return body.join('\n') + '\n}\n';
}

/** TensorFlow.js: functions that take a browser image to a model input. */
export function jsSource(lines) {
  const out = [
    "const tf = require('@tensorflow/tfjs-node');",
    '',
    'const H = 224;',
    'const W = 224;',
    'const MEAN = [0.485, 0.456, 0.406];',
    'const STD = [0.229, 0.224, 0.225];',
    '',
  ];
  for (let i = 0; out.length < lines; i++) {
    const s = SIZES[i % SIZES.length];
    const variants = [
      [
        `function predict${i}(img, model) {`,
        '  return tf.tidy(() => {',
        '    const t = tf.browser.fromPixels(img);',
        `    const r = tf.image.resizeBilinear(t, [H, ${s}], false, ${i % 2 ? 'true' : 'false'});`,
        '    const x = r.toFloat().div(255).sub(MEAN).div(STD);',
        '    return model.predict(x.expandDims(0));',
        '  });',
        '}',
        '',
      ],
      [
        `async function classify${i}(img, model) {`,
        '  const t = tf.browser.fromPixels(img);',
        `  const r = tf.image.resize${i % 2 ? 'NearestNeighbor' : 'Bilinear'}(t, [${s}, ${s}]);`,
        `  const x = r.toFloat().div(${i % 3 ? '127.5' : '255'}).sub(1);`,
        '  const out = model.predict(x.expandDims(0));',
        '  return await out.data();',
        '}',
        '',
      ],
    ];
    out.push(...variants[i % variants.length]);
  }
  return upToLastFunction(out, lines);
}
