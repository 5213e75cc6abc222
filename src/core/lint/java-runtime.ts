// Whether a Java file uses a model runtime itself: the file's imports say so (Java names them all at the top).

import type { Analyzer } from './flow';

const RUNTIME =
  /^(org\.tensorflow|ai\.onnxruntime|ai\.djl|org\.pytorch|org\.opencv\.dnn|com\.google\.android\.gms\.tflite|com\.qualcomm\.qti\.snpe|com\.tencent\.ncnn)/;

/** True when the Java file imports a model runtime (TensorFlow, TFLite, ONNX Runtime, PyTorch Android, OpenCV dnn…). */
export function usesModelRuntime(an: Analyzer): boolean {
  for (const full of an.info.imports.values()) if (RUNTIME.test(full)) return true;
  return an.info.wildcards.some((w) => RUNTIME.test(w));
}
