// C++ classes configured through their constructor (held-out rounds 11 and 12): members set by an in-class
// constructor's initializer list from parameters, bound to what the one construction passes, also when that is the
// caller's own constants (`ImageProcessor ip(net, scale, cv::Size(w, h))` in main) and when another call of the class
// reads the members (`Forward(mNet, image, mScale, mSize)`); and blobFromImage's INTER_LINEAR when its size is not
// known (read from the model's file name).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { keys, lintText, specWith } from './lint-test-helpers';

const SPEC = specWith({ input: { width: 300, height: 300, colorOrder: 'BGR', scale: 1, mean: [127.5, 127.5, 127.5], std: [1, 1, 1], layout: 'NCHW' } });

function program(
  construct: string,
  mainLocals: string[] = [],
  run = 'cv::Mat blob = cv::dnn::blobFromImage(image, mScale, mSize, cv::Scalar(104, 117, 123));\n        mNet.setInput(blob);',
): string {
  return [
    '#include <opencv2/dnn.hpp>',
    'class ImageProcessor {',
    'public:',
    '    ImageProcessor(cv::dnn::Net& net, double scale, const cv::Size& size)',
    '    : mNet(net), mScale(scale), mSize(size) {}',
    '    void Run(const cv::Mat& image) {',
    `        ${run}`,
    '    }',
    'private:',
    '    cv::dnn::Net& mNet;',
    '    double mScale;',
    '    cv::Size mSize;',
    '};',
    'int main(int argc, char** argv) {',
    '    cv::dnn::Net net = cv::dnn::readNet("m.onnx");',
    ...mainLocals.map((l) => `    ${l}`),
    `    ${construct}`,
    '    return 0;',
    '}',
  ].join('\n');
}

async function codes(text: string): Promise<string[]> {
  return keys(await lintText('cpp', text, SPEC));
}

test('members an in-class constructor takes from its parameters hold what the one construction passes', async () => {
  assert.deepEqual(await codes(program('ImageProcessor ip(net, 1.0, cv::Size(224, 224));')), ['7 TP201', '7 TP301']);
  // The caller's own constants, as set in main (a ROS parameter's default is such an assignment too).
  const locals = ['double scale = 1.0;', 'int inputWidth;', 'inputWidth = 224;', 'int inputHeight = 224;'];
  assert.deepEqual(await codes(program('ImageProcessor ip(net, scale, cv::Size(inputWidth, inputHeight));', locals)), ['7 TP201', '7 TP301']);
  // The spec's own size: nothing to say about it.
  assert.deepEqual(await codes(program('ImageProcessor ip(net, 1.0, cv::Size(300, 300));')), ['7 TP301']);
});

test('two constructions with different sizes, or a size the caller cannot know, leave the member unknown', async () => {
  const two = 'ImageProcessor a(net, 1.0, cv::Size(224, 224));\n    ImageProcessor b(net, 1.0, cv::Size(320, 320));';
  assert.deepEqual(await codes(program(two)), ['7 TP301']);
  assert.deepEqual(await codes(program('ImageProcessor ip(net, 1.0, cv::Size(atoi(argv[1]), atoi(argv[2])));')), ['7 TP301']);
});

test("a helper called with the members sees the constructor's values (constructors are bound first)", async () => {
  const text = [
    '#include <opencv2/dnn.hpp>',
    'cv::Mat Forward(cv::dnn::Net& net, const cv::Mat& image, double scale, const cv::Size& size, const cv::Scalar& mean) {',
    '    cv::Mat blob = cv::dnn::blobFromImage(image, scale, size, mean, false, false);',
    '    net.setInput(blob);',
    '    return net.forward();',
    '}',
    program('ImageProcessor ip(net, 1.0, cv::Size(224, 224));', [], 'cv::Mat prob = Forward(mNet, image, mScale, mSize, cv::Scalar(104, 117, 123));').replace(
      '#include <opencv2/dnn.hpp>\n',
      '',
    ),
  ].join('\n');
  assert.deepEqual(await codes(text), ['3 TP201', '3 TP301']);
});

test('blobFromImage resizes with INTER_LINEAR even when its size is read at run time; a size of 0 does not resize', async () => {
  const nearest = specWith({ input: { resize: { library: 'cv2', method: 'nearest' } } });
  const blob = (size: string): string =>
    [
      '#include <opencv2/dnn.hpp>',
      'void run(cv::dnn::Net& net, const cv::Mat& img, int w, int h) {',
      `    cv::Mat blob = cv::dnn::blobFromImage(img, 1 / 255.0, ${size});`,
      '    net.setInput(blob);',
      '}',
    ].join('\n');
  const found = keys(await lintText('cpp', blob('cv::Size(w, h)'), nearest));
  assert.ok(found.includes('3 TP203'), found.join(', '));
  const none = keys(await lintText('cpp', blob('cv::Size(0, 0)'), nearest));
  assert.ok(!none.includes('3 TP203'), none.join(', '));
  const linear = keys(await lintText('cpp', blob('cv::Size(w, h)'), specWith({ input: { resize: { library: 'cv2', method: 'linear' } } })));
  assert.ok(!linear.includes('3 TP203'), linear.join(', '));
});
