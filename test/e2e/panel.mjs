// Reading the inference result panel and the golden person fraction, shared by the e2e tests.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './code-server.mjs';

/** Golden data written by scripts/golden (model area). */
export const goldenManifestPath = process.env.TP_E2E_GOLDEN_MANIFEST || join(repoRoot, 'test/golden/model/manifest.json');

/**
 * The golden person-pixel fraction for `image` from test/golden/model/manifest.json
 * (entries[].image ends with the image name; entries[].personFraction = share of selfie-model outputs > threshold).
 */
export function goldenPersonFraction(image = 'astronaut.png', manifestPath = goldenManifestPath) {
  if (!existsSync(manifestPath)) {
    throw new Error(`${manifestPath} is missing: regenerate it with the model golden script in scripts/golden/.`);
  }
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
  const index = (manifest.entries ?? []).findIndex((e) => typeof e.image === 'string' && (e.image === image || e.image.endsWith(`/${image}`)));
  const value = manifest.entries?.[index]?.personFraction;
  if (typeof value !== 'number') {
    throw new Error(`${manifestPath} has no entries[].personFraction for ${image}: regenerate it with the model golden script in scripts/golden/.`);
  }
  return { value, keyPath: `entries[${index}].personFraction` };
}

/** Parses the measured class fractions from #tp-result's data attributes ({ person, background, ... }). */
export function parseClassFractions({ personFraction, classFractions }) {
  const out = {};
  if (classFractions) {
    const parsed = JSON.parse(classFractions);
    if (Array.isArray(parsed)) {
      for (const e of parsed) out[e.label ?? e.name] = Number(e.fraction ?? e.value);
    } else {
      for (const [k, v] of Object.entries(parsed)) out[k] = Number(typeof v === 'object' && v ? (v.fraction ?? v.value) : v);
    }
  }
  if (personFraction !== null && personFraction !== undefined && personFraction !== '') out.person = Number(personFraction);
  return out;
}

/** Reads legend labels, measured fractions and whether the mask canvas has painted pixels, from the result frame. */
export async function readResultPanel(frame) {
  const result = frame.locator('#tp-result');
  const personFraction = await result.getAttribute('data-person-fraction');
  const classFractions = await result.getAttribute('data-class-fractions');
  const legend = (await frame.locator('#tp-legend .tp-legend-item').allInnerTexts()).map((t) => t.trim());
  const canvas = await frame.locator('#tp-mask-canvas').evaluate((c) => {
    const ctx = c.getContext('2d');
    if (!ctx || !c.width || !c.height) return { width: c.width, height: c.height, painted: 0 };
    const data = ctx.getImageData(0, 0, c.width, c.height).data;
    let painted = 0;
    for (let i = 3; i < data.length; i += 4) if (data[i] > 0) painted++;
    return { width: c.width, height: c.height, painted };
  });
  return { legend, fractions: parseClassFractions({ personFraction, classFractions }), canvas, raw: { personFraction, classFractions } };
}

/** CSS selector for a result panel that has finished (carries measured fractions). */
export const RESULT_READY = '#tp-result[data-person-fraction], #tp-result[data-class-fractions]';
