// Patterns from the tenth held-out round of real files (test/corpus/lint/cases.json, round "heldout-10": Deep Java
// Library Translators, a Coral Edge TPU script) that the linter missed before. Each fixture is our own minimal
// reproduction, with a matching spec (no finding) and a different one (one finding per deviation, on the line a person
// would fix).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { applyEdits, keys as at, lintText, specWith } from './lint-test-helpers';

const MINUS_ONE_ONE = { scale: 1 / 127.5, mean: [1, 1, 1] };
const IMAGENET = { mean: [0.485, 0.456, 0.406], std: [0.229, 0.224, 0.225] };

const DJL_TRANSLATOR = [
  'import ai.djl.modality.cv.Image;',
  'import ai.djl.modality.cv.util.NDImageUtils;',
  'import ai.djl.ndarray.NDArray;',
  'import ai.djl.ndarray.NDList;',
  'import ai.djl.ndarray.types.DataType;',
  'import ai.djl.translate.TranslatorContext;',
  '',
  'public class EmotionTranslator {',
  '    public NDList processInput(TranslatorContext ctx, Image input) {',
  '        NDArray array = input.toNDArray(ctx.getNDManager(), Image.Flag.COLOR);',
  '        array = NDImageUtils.resize(array, 224, 224);',
  '        array = array.transpose(2, 0, 1).expandDims(0);',
  '        array = array.toType(DataType.FLOAT32, false).div(255.0f);',
  '        return new NDList(array);',
  '    }',
  '}',
].join('\n');

test('java: a DJL Translator (Image.toNDArray, NDImageUtils.resize, transpose, toType, div, new NDList) is checked like any pipeline', async () => {
  assert.deepEqual(at(await lintText('java', DJL_TRANSLATOR, specWith({ input: { layout: 'NCHW' } }))), []);
  const findings = await lintText(
    'java',
    DJL_TRANSLATOR,
    specWith({ input: { layout: 'NHWC', colorOrder: 'BGR', resize: { library: 'cv2', method: 'cubic' }, ...MINUS_ONE_ONE } }),
  );
  // One finding per deviation: the image is RGB where toNDArray reads it, bilinear where resize is called, channels
  // first at the transpose, and ÷ 255 at the div.
  assert.deepEqual(at(findings), ['10 TP101', '11 TP203', '12 TP401', '13 TP301']);
  assert.match(findings.find((f) => f.code === 'TP101')!.message, /Image\.toNDArray gives RGB pixels/);
  const method = findings.find((f) => f.code === 'TP203')!;
  assert.match(method.message, /Image\.Interpolation\.BILINEAR \(NDImageUtils\.resize's default/);
  // The quick fix names the interpolation as a fourth argument.
  assert.match(applyEdits(DJL_TRANSLATOR, method.fix!.edits), /NDImageUtils\.resize\(array, 224, 224, Image\.Interpolation\.BICUBIC\)/);
  assert.match(findings.find((f) => f.code === 'TP301')!.message, /div\(255\.0f\)/);
});

test('java: a DJL resize to another size is reported with its (width, height) order and a fix', async () => {
  const findings = await lintText('java', DJL_TRANSLATOR, specWith({ input: { layout: 'NCHW', width: 256, height: 192 } }));
  assert.deepEqual(at(findings), ['11 TP201']);
  assert.match(findings[0]!.message, /NDImageUtils\.resize resizes to width 224 × height 224/);
  assert.match(applyEdits(DJL_TRANSLATOR, findings[0]!.fix!.edits), /NDImageUtils\.resize\(array, 256, 192\)/);
});

const DJL_CLIP = [
  'import ai.djl.modality.cv.Image;',
  'import ai.djl.modality.cv.util.NDImageUtils;',
  'import ai.djl.ndarray.NDArray;',
  'import ai.djl.ndarray.NDList;',
  'import ai.djl.translate.TranslatorContext;',
  '',
  'public class ClipTranslator {',
  '    private static final float[] MEAN = {0.485f, 0.456f, 0.406f};',
  '    private static final float[] STD = {0.229f, 0.224f, 0.225f};',
  '',
  '    public NDList processInput(TranslatorContext ctx, Image input) {',
  '        NDArray array = input.toNDArray(ctx.getNDManager());',
  '        array =',
  '                NDImageUtils.resize(',
  '                        array, 256, 256, Image.Interpolation.BICUBIC);',
  '        array = NDImageUtils.centerCrop(array, 224, 224);',
  '        array = NDImageUtils.toTensor(array);',
  '        array = NDImageUtils.normalize(array, MEAN, STD);',
  '        return new NDList(array);',
  '    }',
  '}',
].join('\n');

test('java: NDImageUtils.centerCrop gives the size, toTensor ÷ 255 and channels first, normalize the mean and std', async () => {
  const matching = { layout: 'NCHW', resize: { library: 'cv2', method: 'cubic', fit: 'crop' }, ...IMAGENET };
  assert.deepEqual(at(await lintText('java', DJL_CLIP, specWith({ input: matching }))), []);
  const findings = await lintText(
    'java',
    DJL_CLIP,
    specWith({
      input: { ...matching, width: 192, height: 192, resize: { library: 'cv2', method: 'linear', fit: 'crop' }, mean: [0.5, 0.5, 0.5], std: [0.5, 0.5, 0.5] },
    }),
  );
  // The interpolation on a call spread over three lines is reported on the call's first line (where the size would
  // be); the 256 resize before the 224 crop is no size finding (the crop gives the size).
  assert.deepEqual(at(findings), ['14 TP203', '16 TP201', '18 TP301']);
  assert.match(findings.find((f) => f.code === 'TP201')!.message, /NDImageUtils\.centerCrop resizes to width 224 × height 224/);
  assert.match(findings.find((f) => f.code === 'TP301')!.message, /NDImageUtils\.normalize \(x − \[0\.485, 0\.456, 0\.406\]\) \/ \[0\.229, 0\.224, 0\.225\]/);
});

test('java: toNDArray and new NDList outside a DJL file, and a DJL NDList of model outputs, are no model input', async () => {
  const other = [
    'import org.example.Image;',
    'import org.example.NDList;',
    '',
    'public class Other {',
    '    public NDList convert(Image input) {',
    '        int[] data = input.toNDArray(null);',
    '        return new NDList(data);',
    '    }',
    '}',
  ].join('\n');
  assert.deepEqual(at(await lintText('java', other, specWith({ input: { layout: 'NCHW', colorOrder: 'BGR', scale: 1 } }))), []);
  const output = [
    'import ai.djl.ndarray.NDArray;',
    'import ai.djl.ndarray.NDList;',
    'import ai.djl.translate.TranslatorContext;',
    '',
    'public class Out {',
    '    public NDList processOutput(TranslatorContext ctx, NDList list) {',
    '        NDArray output = list.get(0).clip(0, 1).mul(255.0);',
    '        return new NDList(output.transpose(1, 2, 0));',
    '    }',
    '}',
  ].join('\n');
  assert.deepEqual(at(await lintText('java', output, specWith({ input: { layout: 'NCHW', colorOrder: 'BGR', ...MINUS_ONE_ONE } }))), []);
});

test('java: a grayscale toNDArray (Image.Flag.GRAYSCALE) is not taken for RGB', async () => {
  const gray = DJL_TRANSLATOR.replace('Image.Flag.COLOR', 'Image.Flag.GRAYSCALE');
  const findings = await lintText('java', gray, specWith({ input: { layout: 'NCHW', colorOrder: 'BGR' } }));
  assert.ok(!findings.some((f) => f.code === 'TP101' && /gives RGB/.test(f.message)), JSON.stringify(at(findings)));
});

const CORAL = [
  'from pycoral.utils import edgetpu',
  'from pycoral.adapters import common',
  'from PIL import Image',
  "interpreter = edgetpu.make_interpreter('model_edgetpu.tflite')",
  'size = common.input_size(interpreter)',
  "image = Image.open('bird.jpg').convert('RGB').resize(size, Image.LANCZOS)",
  'common.set_input(interpreter, image)',
  'interpreter.invoke()',
].join('\n');

const CORAL_SPEC = { resize: { library: 'pil', method: 'lanczos' }, scale: 1, dtype: 'uint8' };

test('python: pycoral common.set_input(interpreter, image) feeds the model', async () => {
  assert.deepEqual(at(await lintText('python', CORAL, specWith({ input: CORAL_SPEC }))), []);
  const findings = await lintText(
    'python',
    CORAL,
    specWith({ input: { ...CORAL_SPEC, colorOrder: 'BGR', resize: { library: 'pil', method: 'bilinear' }, dtype: 'float32' } }),
  );
  assert.deepEqual(at(findings), ['6 TP101', '6 TP203', '7 TP504']);
  assert.match(findings.find((f) => f.code === 'TP504')!.message, /reach common\.set_input\(\) as uint8, but the spec's input\.dtype is float32/);
});

test('python: pycoral run_inference(interpreter, data) feeds the model; a module of ours named common does not', async () => {
  const run = [
    'import numpy as np',
    'from PIL import Image',
    'from pycoral.utils.edgetpu import make_interpreter, run_inference',
    "interpreter = make_interpreter('model_edgetpu.tflite')",
    "image = Image.open('bird.jpg').convert('RGB').resize((224, 224), Image.LANCZOS)",
    'run_inference(interpreter, np.asarray(image).flatten())',
  ].join('\n');
  assert.deepEqual(at(await lintText('python', run, specWith({ input: CORAL_SPEC }))), []);
  const findings = await lintText('python', run, specWith({ input: { ...CORAL_SPEC, colorOrder: 'BGR' } }));
  assert.deepEqual(at(findings), ['5 TP101']);
  assert.match(findings[0]!.message, /reaches edgetpu\.run_inference\(\) still in RGB/);
  const ours = CORAL.replace('from pycoral.adapters import common', 'import common');
  assert.deepEqual(at(await lintText('python', ours, specWith({ input: { ...CORAL_SPEC, colorOrder: 'BGR', dtype: 'float32' } }))), []);
});

const DJL_BUILDER = [
  'import ai.djl.modality.Classifications;',
  'import ai.djl.modality.cv.Image;',
  'import ai.djl.modality.cv.transform.CenterCrop;',
  'import ai.djl.modality.cv.transform.Normalize;',
  'import ai.djl.modality.cv.transform.Resize;',
  'import ai.djl.modality.cv.transform.ToTensor;',
  'import ai.djl.modality.cv.translator.ImageClassificationTranslator;',
  'import ai.djl.translate.Translator;',
  '',
  'public class Classify {',
  '    public static Translator<Image, Classifications> translator() {',
  '        return ImageClassificationTranslator.builder()',
  '                .addTransform(new Resize(256))',
  '                .addTransform(new CenterCrop(224, 224))',
  '                .addTransform(new ToTensor())',
  '                .addTransform(new Normalize(',
  '                        new float[] {0.485f, 0.456f, 0.406f},',
  '                        new float[] {0.229f, 0.224f, 0.225f}))',
  '                .optApplySoftmax(true)',
  '                .build();',
  '    }',
  '}',
].join('\n');

test('java: a DJL Translator builder (addTransform Resize, CenterCrop, ToTensor, Normalize) is the model input', async () => {
  const matching = { layout: 'NCHW', resize: { library: 'cv2', method: 'linear', fit: 'crop' }, ...IMAGENET };
  assert.deepEqual(at(await lintText('java', DJL_BUILDER, specWith({ input: matching }))), []);
  const findings = await lintText(
    'java',
    DJL_BUILDER,
    specWith({
      input: {
        layout: 'NHWC',
        colorOrder: 'BGR',
        width: 192,
        height: 192,
        resize: { library: 'cv2', method: 'cubic', fit: 'crop' },
        mean: [0.5, 0.5, 0.5],
        std: [0.5, 0.5, 0.5],
      },
    }),
  );
  // The image is RGB where the builder starts; Resize(256) is no size finding (the crop after it gives the size).
  assert.deepEqual(at(findings), ['12 TP101', '13 TP203', '14 TP201', '15 TP401', '16 TP301']);
  assert.match(findings.find((f) => f.code === 'TP101')!.message, /^Image\.toNDArray \(in the Translator\) gives RGB pixels/);
  assert.match(findings.find((f) => f.code === 'TP201')!.message, /CenterCrop resizes to width 224 × height 224/);
  assert.match(findings.find((f) => f.code === 'TP301')!.message, /ToTensor \(p \/ 255\), then Normalize \(x − \[0\.485, 0\.456, 0\.406\]\)/);
});

const DJL_PIPELINE = [
  'import ai.djl.modality.cv.Image;',
  'import ai.djl.modality.cv.transform.CenterCrop;',
  'import ai.djl.modality.cv.transform.Resize;',
  'import ai.djl.modality.cv.transform.ToTensor;',
  'import ai.djl.ndarray.NDArray;',
  'import ai.djl.ndarray.NDList;',
  'import ai.djl.translate.Pipeline;',
  'import ai.djl.translate.TranslatorContext;',
  '',
  'public class Serving {',
  '    public NDList processInput(TranslatorContext ctx, Image image) {',
  '        NDArray array = image.toNDArray(ctx.getNDManager(), Image.Flag.GRAYSCALE);',
  '        Pipeline pipeline = new Pipeline();',
  '        pipeline.add(new CenterCrop());',
  '        pipeline.add(new Resize(28, 28));',
  '        pipeline.add(new ToTensor());',
  '        return pipeline.transform(new NDList(array));',
  '    }',
  '}',
].join('\n');

test('java: new NDList(array) handed to pipeline.transform goes through the Pipeline first; its result feeds the model', async () => {
  const gray = { colorOrder: 'GRAY', width: 28, height: 28, resize: { library: 'cv2', method: 'linear', fit: 'crop' }, mean: [0], std: [1], layout: 'NCHW' };
  assert.deepEqual(at(await lintText('java', DJL_PIPELINE, specWith({ input: gray }))), []);
  const findings = await lintText('java', DJL_PIPELINE, specWith({ input: { ...gray, width: 32, height: 32, scale: 1 / 127.5, mean: [1] } }));
  assert.deepEqual(at(findings), ['15 TP201', '16 TP301']);
  // CenterCrop() with no size takes the centre square: with a square Resize after it, that is fit "crop", not "stretch".
  const stretch = await lintText('java', DJL_PIPELINE, specWith({ input: { ...gray, resize: { library: 'cv2', method: 'linear', fit: 'stretch' } } }));
  assert.deepEqual(at(stretch), ['14 TP206']);
  assert.match(stretch[0]!.message, /CenterCrop\(\) before it/);
  assert.match(findings[0]!.message, /Resize resizes to width 28 × height 28/);
  assert.match(applyEdits(DJL_PIPELINE, findings[0]!.fix!.edits), /new Resize\(32, 32\)/);
});

test('java: a builder with setPipeline, optFlag(GRAYSCALE) and a named size constant; training pipelines (Random…) are not checked', async () => {
  const doodle = [
    'import ai.djl.modality.cv.Image;',
    'import ai.djl.modality.cv.transform.Resize;',
    'import ai.djl.modality.cv.transform.ToTensor;',
    'import ai.djl.modality.cv.translator.ImageClassificationTranslator;',
    'import ai.djl.translate.Pipeline;',
    '',
    'public class Doodle {',
    '    private static final int SIZE = 64;',
    '',
    '    public Object make() {',
    '        Pipeline pipeline = new Pipeline().add(new Resize(SIZE, SIZE, Image.Interpolation.NEAREST));',
    '        pipeline.add(new ToTensor());',
    '        return ImageClassificationTranslator.builder()',
    '                .optFlag(Image.Flag.GRAYSCALE)',
    '                .setPipeline(pipeline)',
    '                .build();',
    '    }',
    '}',
  ].join('\n');
  const gray = { colorOrder: 'GRAY', width: 64, height: 64, resize: { library: 'cv2', method: 'nearest' }, mean: [0], std: [1], layout: 'NCHW' };
  assert.deepEqual(at(await lintText('java', doodle, specWith({ input: gray }))), []);
  const findings = await lintText('java', doodle, specWith({ input: { ...gray, width: 28, height: 28, resize: { library: 'cv2', method: 'linear' } } }));
  assert.deepEqual(at(findings), ['11 TP201', '11 TP203']);
  const training = DJL_BUILDER.replace('new CenterCrop(224, 224)', 'new RandomResizedCrop(224, 224)');
  assert.deepEqual(at(await lintText('java', training, specWith({ input: { layout: 'NHWC', colorOrder: 'BGR', ...MINUS_ONE_ONE } }))), []);
});

const RPI_CLASSIFY = [
  'import numpy as np',
  'from PIL import Image',
  'from tflite_runtime.interpreter import Interpreter',
  '',
  'def set_input_tensor(interpreter, image):',
  "  tensor_index = interpreter.get_input_details()[0]['index']",
  '  input_tensor = interpreter.tensor(tensor_index)()[0]',
  '  input_tensor[:, :] = image',
  '',
  'def classify_image(interpreter, image):',
  '  set_input_tensor(interpreter, image)',
  '  interpreter.invoke()',
  '',
  'def main():',
  "  interpreter = Interpreter('model.tflite')",
  '  interpreter.allocate_tensors()',
  "  _, height, width, _ = interpreter.get_input_details()[0]['shape']",
  "  image = Image.open('a.jpg').convert('RGB').resize((width, height), Image.LANCZOS)",
  '  classify_image(interpreter, image)',
].join('\n');

test('python: an image copied into interpreter.tensor(index)()[0] (the TFLite Raspberry Pi examples) is the model input', async () => {
  const quant = { resize: { library: 'pil', method: 'lanczos' }, scale: 1, dtype: 'uint8' };
  assert.deepEqual(at(await lintText('python', RPI_CLASSIFY, specWith({ input: quant }))), []);
  const findings = await lintText('python', RPI_CLASSIFY, specWith({ input: { ...quant, colorOrder: 'BGR', dtype: 'float32' } }));
  // The colour where the image is read; the element type where the bytes are copied into the tensor.
  assert.deepEqual(at(findings), ['18 TP101', '8 TP504']);
  assert.match(findings.find((f) => f.code === 'TP101')!.message, /reaches the interpreter's input tensor still in RGB/);
  // The same write into an array of our own is no model input.
  const own = RPI_CLASSIFY.replace('interpreter.tensor(tensor_index)()[0]', 'np.zeros((224, 224, 3), np.uint8)');
  assert.deepEqual(at(await lintText('python', own, specWith({ input: { ...quant, colorOrder: 'BGR', dtype: 'float32' } }))), []);
});

const GRADIO = [
  'import gradio as gr',
  'import numpy as np',
  'import cv2',
  'import onnxruntime as ort',
  '',
  'session = ort.InferenceSession("model.onnx")',
  '',
  'def predict(image):',
  '    img = cv2.resize(image, (224, 224))',
  '    img = img.astype(np.float32) / 255.0',
  '    img = np.transpose(img, (2, 0, 1))[None]',
  '    return session.run(None, {session.get_inputs()[0].name: img})[0]',
  '',
  'demo = gr.Interface(fn=predict, inputs=gr.Image(), outputs=gr.Label())',
  'demo.launch()',
].join('\n');

test('python: gr.Interface(fn=predict, inputs=gr.Image()) calls predict with RGB uint8 pixels', async () => {
  assert.deepEqual(at(await lintText('python', GRADIO, specWith({ input: { layout: 'NCHW' } }))), []);
  const findings = await lintText('python', GRADIO, specWith({ input: { layout: 'NCHW', colorOrder: 'BGR' } }));
  // The colour is judged where Gradio hands the image over (the input component).
  assert.deepEqual(at(findings), ['14 TP101']);
  assert.match(findings[0]!.message, /^gr\.Image\(\) \(Gradio's input\) gives RGB pixels/);
  // A file path (type="filepath") is opened by the function itself: no image is given.
  const path = GRADIO.replace('gr.Image()', 'gr.Image(type="filepath")');
  assert.deepEqual(at(await lintText('python', path, specWith({ input: { layout: 'NCHW', colorOrder: 'BGR' } }))), []);
  // A grayscale component (image_mode="L") is not taken for RGB.
  const gray = GRADIO.replace('gr.Image()', 'gr.Image(image_mode="L")');
  assert.ok(!(await lintText('python', gray, specWith({ input: { layout: 'NCHW', colorOrder: 'BGR' } }))).some((f) => /gives RGB/.test(f.message)));
});

test('java: NDArray.flip(2) on a DJL image swaps RGB and BGR', async () => {
  const flipped = DJL_TRANSLATOR.replace('Image.Flag.COLOR);', 'Image.Flag.COLOR).flip(2);');
  assert.deepEqual(at(await lintText('java', flipped, specWith({ input: { layout: 'NCHW', colorOrder: 'BGR' } }))), []);
  const findings = await lintText('java', flipped, specWith({ input: { layout: 'NCHW' } }));
  assert.deepEqual(at(findings), ['10 TP101']);
});
