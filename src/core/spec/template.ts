// A valid starter tensorparity.json for the "create spec" command.

/** A valid starter spec (plain JSON, no comments) that the user edits to match their model. */
export function specTemplate(): string {
  const template = {
    model: { path: 'model/model.json', format: 'tfjs-graph' },
    input: {
      width: 224,
      height: 224,
      colorOrder: 'RGB',
      resize: { library: 'tf', method: 'bilinear', fit: 'stretch', antialias: false },
      scale: 1 / 255,
      mean: [0, 0, 0],
      std: [1, 1, 1],
      dtype: 'float32',
      layout: 'NHWC',
      applyExif: true,
    },
    output: { kind: 'classification', activation: 'softmax', labels: [], topK: 5 },
    tolerance: { atol: 1e-4, rtol: 1e-3, mode: 'allclose' },
    limits: { maxPixels: 100000000 },
  };
  return JSON.stringify(template, null, 2) + '\n';
}
