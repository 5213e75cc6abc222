// The TensorFlow.js entry that esbuild bundles into dist/tfjs-bundle.js. The extension and CLI bundles load it on
// first use (their imports of '@tensorflow/tfjs' and '@tensorflow/tfjs-backend-wasm' are rewritten to this file).
export * from '@tensorflow/tfjs';
export { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
