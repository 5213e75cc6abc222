// The one host↔webview message protocol: typed messages per panel, an envelope with request/reply ids, and strict
// validation of everything a webview sends. Bytes travel as ArrayBuffers (structured clone), never as JSON number arrays.

export * from './guards';
export * from './channel';
export * from './result';
export * from './compare';
export * from './tensor';
export * from './axes';
export * from './models';
