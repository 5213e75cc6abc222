// Regenerates media/icon.png (128×128) from media/icon.svg: `node media/make-icon.mjs`.
import sharp from 'sharp';
const dir = new URL('.', import.meta.url).pathname;
await sharp(`${dir}icon.svg`, { density: 144 }).resize(128, 128).png({ compressionLevel: 9 }).toFile(`${dir}icon.png`);
