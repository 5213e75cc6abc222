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
  return out.slice(0, lines).join('\n') + '\n';
}
