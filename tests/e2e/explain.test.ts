// "See inside the model" end to end: a classified sample's critical points and upper-bound shape
// are drawn over it in their own colours when their toggles in the Recognition panel are on, and
// the panel's counts are the ones the app computed.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXPLAIN_COLORS } from '../../src/core/color/explainColors';
import { canvasImage, countChanged, dropFiles, launchApp, saveScreenshot, waitForState, type App } from './browser';
import type { DecodedImage } from '../../scripts/headless/png';

const ROOT = resolve(import.meta.dirname, '../..');
const AIRPLANE = { name: 'airplane_0627.txt', bytes: new Uint8Array(readFileSync(resolve(ROOT, 'samples/modelnet40/airplane_0627.txt'))) };

/** Pixels within `tolerance` of `rgb` in every channel. */
function countColor(image: DecodedImage, rgb: readonly number[], tolerance = 40): number {
  let n = 0;
  for (let i = 0; i < image.data.length; i += 4) {
    if (Math.abs(image.data[i] - rgb[0]) <= tolerance && Math.abs(image.data[i + 1] - rgb[1]) <= tolerance && Math.abs(image.data[i + 2] - rgb[2]) <= tolerance) n++;
  }
  return n;
}

describe('explain view (WASM, WebGL renderer)', () => {
  let app: App;
  beforeAll(async () => {
    app = await launchApp('webgl');
  });
  afterAll(async () => {
    await app?.close();
  });

  it('highlights the critical points and draws the upper-bound shape of a classified cloud', async () => {
    const page = await app.open({ backend: 'wasm' });
    await dropFiles(page, [AIRPLANE]);
    let state = await waitForState(page, (s) => s.layer?.fileName === AIRPLANE.name && s.classification?.status === 'done' && s.explain?.critical != null, 90_000);
    const critical = state.explain!.critical!;
    expect(critical.sampled).toBe(1024);
    expect(critical.count).toBeGreaterThan(10);
    expect(critical.count).toBeLessThan(critical.sampled);
    await expect(page.getByTestId('explain-critical-count').getAttribute('data-count')).resolves.toBe(String(critical.count));
    const before = await canvasImage(page);
    const magentaBefore = countColor(before, EXPLAIN_COLORS.critical);
    const cyanBefore = countColor(before, EXPLAIN_COLORS.upperBound);

    await page.getByTestId('explain-critical').check();
    await waitForState(page, (s) => s.explain?.showCritical === true);
    const withCritical = await canvasImage(page);
    const magenta = countColor(withCritical, EXPLAIN_COLORS.critical) - magentaBefore;
    // hundreds of points of at least 5 px each, some hidden behind others
    expect(magenta).toBeGreaterThan(critical.count * 4);
    await saveScreenshot(page, 'explain-critical-airplane');

    await page.getByTestId('explain-upper-bound').check();
    state = await waitForState(page, (s) => s.explain?.upperBound.status === 'shown', 90_000);
    const ub = state.explain!.upperBound as { points: number; grid: number };
    expect(ub.points).toBeGreaterThan(0);
    expect(ub.points).toBeLessThan(ub.grid);
    await expect(page.getByTestId('explain-upper-bound-count').getAttribute('data-count')).resolves.toBe(String(ub.points));
    const withUpperBound = await canvasImage(page);
    expect(countColor(withUpperBound, EXPLAIN_COLORS.upperBound) - cyanBefore).toBeGreaterThan(ub.points);
    await saveScreenshot(page, 'explain-upper-bound-airplane');

    // both off: the highlight goes
    await page.getByTestId('explain-critical').uncheck();
    await page.getByTestId('explain-upper-bound').uncheck();
    await waitForState(page, (s) => s.explain?.showCritical === false && s.explain.upperBound.status === 'hidden');
    const off = await canvasImage(page);
    expect(countColor(off, EXPLAIN_COLORS.critical)).toBeLessThanOrEqual(magentaBefore + 50);

    // saliency: the sampled points repainted by score, with the class it was scored for
    await page.getByTestId('explain-saliency').check();
    state = await waitForState(page, (s) => s.explain?.saliency.status === 'shown', 90_000);
    const sal = state.explain!.saliency as { label: string; bound: number; neighbours: number };
    expect(sal.label).toBe('airplane');
    expect(sal.bound).toBeGreaterThan(0);
    await expect(page.getByTestId('explain-saliency-facts').getAttribute('data-bound')).resolves.toBe(String(sal.bound));
    const salient = await canvasImage(page);
    expect(countChanged(off, salient)).toBeGreaterThan(1024 * 4);
    await saveScreenshot(page, 'explain-saliency-airplane');
  });
});
