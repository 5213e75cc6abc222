// Inputs that choke a parser: deep unclosed nesting, code in the wrong language, random bytes.

/** Thousands of nested, never closed `.astype(` calls. */
export const NESTED_ASTYPE = `import numpy as np\nx = img${'.astype('.repeat(5000)}\n`;
/** About 150 KB of C++ declarations, to be parsed as TypeScript. */
export const CPP_AS_TS =
  'static const std::vector<float> kMean{0.485f, 0.456f, 0.406f};\ntemplate <typename T> inline T* at(cv::Mat& m, int r) { return m.ptr<T>(r); }\n'.repeat(
    1100,
  );

/** Reproducible pseudo-random text (a fixed-seed LCG), code points 0..max. */
export function randomText(seed: number, length: number, max: number): string {
  let s = seed >>> 0;
  let out = '';
  for (let i = 0; i < length; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    const c = (s >>> 8) % (max + 1);
    out += String.fromCharCode(c >= 0xd800 && c <= 0xdfff ? 0x20 : c);
  }
  return out;
}
