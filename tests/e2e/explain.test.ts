// "See inside the model" end to end: a classified sample's critical points and upper-bound shape
// are drawn over it in their own colours when their toggles in the Recognition panel are on, and
// the panel's counts are the ones the app computed.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXPLAIN_COLORS } from '../../src/core/color/explainColors';
import { browserPerSuite, canvasImage, countChanged, dropFiles, saveScreenshot, waitForState } from './browser';
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
  const app = browserPerSuite('webgl');

  it('highlights the critical points and draws the upper-bound shape of a classified cloud', async () => {
    const page = await app().open({ backend: 'wasm' });
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

  it('changes the prediction when a probe slider turns the object on its side, with the curve over the range', async () => {
    const page = await app().open({ backend: 'wasm' });
    await dropFiles(page, [AIRPLANE]);
    await waitForState(page, (s) => s.layer?.fileName === AIRPLANE.name && s.explain != null, 90_000);
    await page.getByTestId('panel-robustness').locator('.panel-title').click();
    await page.getByTestId('probe-kind').selectOption('turn-x');
    let state = await waitForState(page, (s) => s.explain?.probe?.curve?.status === 'done', 90_000);
    const curve = state.explain!.probe!.curve as { points: { value: number; label: string; probability: number }[] };
    expect(curve.points).toHaveLength(13);
    expect(state.explain!.probe!.followed).toBe('airplane');
    expect(curve.points.find((p) => p.value === 0)!.label).toBe('airplane');
    await expect(page.getByTestId('probe-curve').getAttribute('data-points')).resolves.toBe('13');
    // a person drags the slider: the page sets its value and fires the input event React listens to
    await page.getByTestId('probe-slider').evaluate((el: HTMLInputElement) => {
      Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!.call(el, '90');
      el.dispatchEvent(new Event('input', { bubbles: true }));
    });
    state = await waitForState(page, (s) => s.explain?.probe?.at?.value === 90, 90_000);
    const at = state.explain!.probe!.at!;
    expect(at.label).not.toBe('airplane');
    expect(at.followedProbability).toBeLessThan(0.5);
    await expect(page.getByTestId('probe-prediction').getAttribute('data-label')).resolves.toBe(at.label);
    await saveScreenshot(page, 'explain-probe-airplane-turn-x');
  });
});
