// Stray points as a person finds and hides them: a real ScanNet scan with points scattered far
// around it (written here), "Find stray points" in its panel, the count and share it shows (what
// the same search gives in Node, every added point among them), the points marked in magenta, then
// "Hide them": the legend's counts and the points kept drop by that many, a hidden point cannot be
// picked, the fields PLY leaves them out, classification and segmentation run without them, and "Show them again" puts everything back.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { canvasImage, countChanged, fixtureFile, launchApp, saveScreenshot, showQuietly, viewPixels, waitForState, type App, type TestFile } from './browser';
import { formatCount } from '../../src/core/format';
import { findStrayPoints } from '../../src/core/geometry/strayPoints';
import { parseFiles } from '../../src/core/io';
import { writePly } from '../../src/core/io/writePly';
import type { PointCloud } from '../../src/core/types';
import type { AppSnapshot } from '../../src/state/store';

const ADDED = 30;

/** The ScanNet fixture (25,000 points, z up) with ADDED points scattered 1 to 3 m beyond its walls and ceiling. */
async function scanWithStrayPoints(): Promise<{ file: TestFile; positions: Float32Array }> {
  const scan = fixtureFile('e2e/scene0000_00.ply');
  const cloud = (await parseFiles([{ name: scan.name, bytes: scan.bytes }])).data as PointCloud;
  const n = cloud.positions.length / 3;
  const grow = <T extends Float32Array | Uint8Array | Uint16Array>(a: T, width: number): T => {
    const out = new (a.constructor as { new (n: number): T })((n + ADDED) * width);
    out.set(a);
    return out;
  };
  const positions = grow(cloud.positions, 3);
  for (let i = 0; i < ADDED; i++) positions.set([-4 + (i % 6) * 1.9, 9 + (i % 4), 4 + (i % 5) * 0.7], 3 * (n + i));
  const fields = Object.fromEntries(Object.entries(cloud.fields).map(([k, v]) => [k, grow(v as Uint16Array, 1)]));
  const bytes = writePly({ kind: 'points', positions, colors: grow(cloud.colors!, 3), fields });
  return { file: { name: 'scene0000_00_noisy.ply', bytes }, positions };
}

/** Pixels of the 3D view in the stray points' magenta. */
const magentaPixels = (page: Page) => viewPixels(page, (r, g, b) => r > 200 && g < 80 && b > 150);

const legendTotal = (s: AppSnapshot) => (s.legend?.kind === 'labels' ? s.legend.entries.reduce((t, e) => t + e.count, 0) : NaN);
const keptShown = (page: Page) => page.getByTestId('clip-kept').getAttribute('data-kept').then(Number);

describe('stray points', () => {
  let app: App;
  let page: Page;
  let positions: Float32Array;
  let stray: Uint8Array;

  beforeAll(async () => {
    const noisy = await scanWithStrayPoints();
    positions = noisy.positions;
    stray = findStrayPoints(positions).stray;
    app = await launchApp('webgl');
    page = await showQuietly(app, noisy.file);
  });
  afterAll(async () => {
    await app?.close();
  });

  it('finds the points scattered around a scan, shows how many, and marks them', async () => {
    const n = positions.length / 3;
    const count = stray.reduce((t, v) => t + v, 0);
    for (let i = n - ADDED; i < n; i++) expect(stray[i]).toBe(1);
    const before = await canvasImage(page);
    await page.getByTestId('stray-find').click();
    const s = await waitForState(page, (s) => s.stray?.status === 'done', 60_000);
    expect(s.stray).toMatchObject({ status: 'done', k: 16, sigma: 2, count, points: n, hidden: false });
    const found = page.getByTestId('stray-found');
    await expect(found.getAttribute('data-count')).resolves.toBe(String(count));
    await expect(found.textContent()).resolves.toBe(`${formatCount(count)} stray points (${((100 * count) / n).toFixed(2)}% of ${formatCount(n)}), marked in magenta`);
    // marked in magenta over the scan: the view changes, nothing is left out yet
    expect(countChanged(before, await canvasImage(page))).toBeGreaterThan(50);
    await expect(keptShown(page)).resolves.toBe(n);
    await saveScreenshot(page, 'stray-marked');
  });

  it('hides them: the legend and the points kept count that many fewer, the fields PLY leaves them out, and classification runs without them', async () => {
    const n = positions.length / 3;
    const count = stray.reduce((t, v) => t + v, 0);
    const labelMode = (await waitForState(page, () => true)).layer!.colorModes.find((m) => m.id.endsWith(':label'))!.id;
    await page.getByTestId('color-mode').selectOption(labelMode);
    const shown = await waitForState(page, (s) => s.settings.colorMode === labelMode && s.legend?.kind === 'labels');
    expect(legendTotal(shown)).toBe(n);
    await page.getByTestId('stray-hide').click();
    const hidden = await waitForState(page, (s) => s.stray?.status === 'done' && s.stray.hidden && legendTotal(s) === n - count);
    expect(legendTotal(hidden)).toBe(n - count);
    await page.waitForFunction((kept) => Number(document.querySelector('[data-testid="clip-kept"]')?.getAttribute('data-kept')) === kept, n - count);
    await expect(page.getByTestId('stray-hidden').isVisible()).resolves.toBe(true);
    await expect(page.getByTestId('stray-note').textContent()).resolves.toBe(`Exports leave out the ${formatCount(count)} stray points hidden (Stray points panel).`);
    await saveScreenshot(page, 'stray-hidden');

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-fields-ply').click()]);
    const exported = (await parseFiles([{ name: 'fields.ply', bytes: new Uint8Array(readFileSync((await download.path())!)) }])).data;
    expect(exported.positions.length / 3).toBe(n - count);
    // no point scattered above the scan is among those saved
    for (let i = 2; i < exported.positions.length; i += 3) expect(exported.positions[i]).toBeLessThan(4);

    // recognition runs without them, and its panel says so
    await page.getByTestId('classify-button').click();
    const classified = await waitForState(page, (s) => s.classification?.status === 'done', 120_000);
    expect(classified.classification).toMatchObject({ strayLeftOut: count });
    await expect(page.getByTestId('stray-result-note').textContent()).resolves.toBe(`Found without the ${formatCount(count)} stray points hidden.`);
  });

  it('segments the scan without them: they stay "not segmented", every other point gets a class', async () => {
    const n = positions.length / 3;
    const count = stray.reduce((t, v) => t + v, 0);
    await page.getByTestId('segment-button').click();
    const done = await waitForState(page, (s) => s.segmentation?.status === 'done', 180_000);
    expect(done.segmentation).toMatchObject({ strayLeftOut: count, points: n - count });
    await expect(page.getByTestId('segmentation').getByTestId('stray-result-note').textContent()).resolves.toBe(`Found without the ${formatCount(count)} stray points hidden.`);
    // the overlay's legend counts the points kept, each of them segmented
    const s = await waitForState(page, (s) => s.settings.colorMode.endsWith(':segmentation') && s.legend?.kind === 'labels');
    expect(legendTotal(s)).toBe(n - count);
    expect(s.legend?.kind === 'labels' && s.legend.entries.find((e) => e.name === 'not segmented')?.count).toBeFalsy();
  });

  it('lets no click pick a hidden point, and shows them all again', async () => {
    const n = positions.length / 3;
    const count = stray.reduce((t, v) => t + v, 0);
    const added = n - 1;
    const at = await page.evaluate((i) => window.__pointlens!.project(i), added);
    if (at) {
      await page.mouse.click(at[0], at[1]);
      await page.waitForTimeout(300);
      expect((await waitForState(page, () => true)).pick?.index).not.toBe(added);
    }
    await page.getByTestId('stray-show').click();
    const back = await waitForState(page, (s) => s.stray?.status === 'done' && !s.stray.hidden);
    expect(legendTotal(back)).toBe(n);
    // shown again, the points the segmentation left out are counted as such
    expect(back.legend?.kind === 'labels' && back.legend.entries.find((e) => e.name === 'not segmented')?.count).toBe(count);
    await page.waitForFunction((kept) => Number(document.querySelector('[data-testid="clip-kept"]')?.getAttribute('data-kept')) === kept, n);
    expect(count).toBeGreaterThan(0);
  });

  it('marks none of them while their layer is hidden, and marks them again once it is shown', async () => {
    if ((await waitForState(page, () => true)).stray?.status !== 'done') await page.getByTestId('stray-find').click();
    await waitForState(page, (s) => s.stray?.status === 'done', 60_000);
    if (await page.getByTestId('stray-show').count()) await page.getByTestId('stray-show').click();
    await waitForState(page, (s) => s.stray?.status === 'done' && !s.stray.hidden);
    await expect.poll(() => magentaPixels(page)).toBeGreaterThan(100);
    const visible = page.getByTestId('layer-visible').first();
    await visible.uncheck();
    await waitForState(page, (s) => !s.layers[0].visible);
    await saveScreenshot(page, 'stray-layer-hidden');
    // nothing of the hidden scan is drawn, its magenta marks neither
    await expect.poll(() => magentaPixels(page)).toBe(0);
    await visible.check();
    await expect.poll(() => magentaPixels(page)).toBeGreaterThan(100);
  });

  it('says what an empty k needs rather than quoting a 0 nobody typed, and finds them again once it is typed', async () => {
    const k = page.getByTestId('stray-k');
    await k.fill('');
    await page.getByTestId('stray-find').click();
    await waitForState(page, (s) => s.stray?.status === 'error');
    await expect(page.getByTestId('stray-error').textContent()).resolves.toBe('the neighbours to average over must be a whole number from 1 to 100');
    await k.fill('16');
    await page.getByTestId('stray-find').click();
    await waitForState(page, (s) => s.stray?.status === 'done', 60_000);
    await expect(page.getByTestId('stray-why').textContent()).resolves.toMatch(/^A point is stray where its mean distance to its 16 nearest neighbours is past \d/);
  });
});
