// esbuild loads .css files as text (see esbuild.config.mjs); the panels adopt them as constructable style sheets.
declare module '*.css' {
  const text: string;
  export default text;
}
