// Distance to another layer, driven as a person would: ScanNet scene0000's odd points dropped beside
// its even ones are measured to them, then measured again once moved a metre. The panel's figures
// must be those of the same comparison run here in Node on the same files, the points must take the
// distance field's colours, a picked point's distance in the inspector must be its own, and the
// cloud saved with its fields must carry the same distances.
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canvasImage, countChanged, dropFiles, fixtureFile, launchApp, lonePoints, saveScreenshot, showQuietly, waitForState, type App } from './browser';
import { parseFiles } from '../../src/core/io';
import { computeBounds } from '../../src/core/geometry/bounds';
import { formatCount, formatReading } from '../../src/core/format';
import { cloudToCloud, summariseDistances, type CloudDistances } from '../../src/core/layers/cloudDistance';
import { clipMask } from '../../src/core/geometry/clip';
import { clipRegionOf } from '../../src/state/clipMask';
import { IDENTITY_TRANSFORM, sceneMatrix, type LayerTransform } from '../../src/core/layers/transform';

const EVEN = fixtureFile('e2e/scene0000_00.ply');
const ODD = fixtureFile('e2e/scene0000_00_odd.ply');
const FIELD = 'distance_to_scene0000_00';

/** The odd scan's distances to the even one, as the app should find them with the odd one moved by `transform`. */
async function expected(transform: LayerTransform): Promise<CloudDistances> {
  const [even, odd] = await Promise.all([EVEN, ODD].map((f) => parseFiles([{ name: f.name, bytes: f.bytes }])));
  const place = (p: Float32Array, t: LayerTransform) => ({ positions: p, matrix: sceneMatrix(t, computeBounds(p), '+z', [0, 0, 0]) });
  return cloudToCloud(place(odd.data.positions, transform), place(even.data.positions, IDENTITY_TRANSFORM));
}

describe('distance to another layer', () => {
  let app: App;
  let page: Page;

  beforeAll(async () => {
    app = await launchApp('webgl');
    page = await showQuietly(app, EVEN);
  });
  afterAll(async () => {
    await app?.close();
  });

  it('asks for a second layer while there is one', async () => {
    await expect(page.getByTestId('compare-none').textContent()).resolves.toMatch(/Open a second file beside this one/);
  });

  it("measures the odd scan to the even one: the panel's figures, the colours and a picked point's distance", async () => {
    await dropFiles(page, [ODD]);
    await waitForState(page, (s) => s.layers.length === 2 && s.layer?.fileName === ODD.name && s.loading === null);
    await page.waitForFunction(() => window.__pointlens?.project(0));
    const before = await canvasImage(page);
    await expect(page.getByTestId('compare-reference').inputValue()).resolves.toBe((await waitForState(page, () => true)).layers[0].meta.id);
    await page.getByTestId('compare-run').click();
    const s = await waitForState(page, (s) => s.comparison?.status === 'done' && s.settings.colorMode === `field:${FIELD}`);
    const want = await expected(IDENTITY_TRANSFORM);
    if (s.comparison?.status !== 'done') throw new Error('no comparison');
    expect(s.comparison.summary.count).toBe(25_000);
    for (const key of ['mean', 'median', 'p95', 'max'] as const) expect(s.comparison.summary[key]).toBeCloseTo(want.summary[key], 6);
    await expect(page.getByTestId('compare-mean').textContent()).resolves.toBe(`${formatReading(want.summary.mean)} m`);
    await expect(page.getByTestId('compare-max').textContent()).resolves.toBe(`${formatReading(want.summary.max)} m`);
    await expect(page.getByTestId('compare-done').textContent()).resolves.toContain('25,000 points measured to the nearest of 25,000 points of scene0000_00.ply');
    expect(s.legend).toMatchObject({ kind: 'scale', title: FIELD });
    if (s.legend?.kind === 'scale') expect(s.legend.full.max).toBeCloseTo(want.summary.max, 6);
    // every point takes the distance's colours in place of its file colours
    await page.waitForTimeout(300);
    expect(countChanged(before, await canvasImage(page))).toBeGreaterThan(5_000);
    const [lone] = await lonePoints(page);
    await page.mouse.click(lone.at[0], lone.at[1]);
    const picked = await waitForState(page, (s) => s.pick?.index === lone.index && s.pick.layerId === s.layer?.id);
    expect(picked.pick!.fields[FIELD]).toBeCloseTo(want.distances[lone.index], 6);
    await expect(page.getByTestId(`pick-field-${FIELD}`).textContent()).resolves.toBe(formatReading(want.distances[lone.index]));
    await saveScreenshot(page, 'compare-odd-to-even');
  });

  it('saves the distances with the cloud, unrecognised, and they read back as the same field', async () => {
    const want = await expected(IDENTITY_TRANSFORM);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-fields-ply').click()]);
    expect(download.suggestedFilename()).toBe('scene0000_00_odd.fields.ply');
    const saved = await parseFiles([{ name: 'saved.ply', bytes: new Uint8Array(readFileSync((await download.path())!)) }]);
    expect(Array.from(saved.data.fields[FIELD])).toEqual(Array.from(want.distances));
    // the file's own fields go with it
    expect(Object.keys(saved.data.fields)).toEqual(expect.arrayContaining(['label', 'instance', FIELD]));
  });

  it('measures again with the layer moved a metre: the layers as they are drawn', async () => {
    const moved = { ...IDENTITY_TRANSFORM, translate: [1, 0, 0] as [number, number, number] };
    const odd = (await waitForState(page, () => true)).layer!.id;
    const row = page.locator(`[data-testid="layer-row"][data-layer="${odd}"]`);
    await row.getByTestId('layer-transform').click();
    await row.getByTestId('layer-translate-x').fill('1');
    await waitForState(page, (s) => s.layers[1].transform.translate[0] === 1);
    await page.getByTestId('compare-run').click();
    const want = await expected(moved);
    const s = await waitForState(page, (s) => s.comparison?.status === 'done' && Math.abs(s.comparison.summary.mean - want.summary.mean) < 1e-6);
    if (s.comparison?.status !== 'done') throw new Error('no comparison');
    expect(s.comparison.summary.mean).toBeGreaterThan(0.1);
    expect(s.comparison.summary.max).toBeCloseTo(want.summary.max, 6);
    await saveScreenshot(page, 'compare-moved');
  });

  it('summarises over the points a section keeps, and keeps its result once the reference is removed', async () => {
    // the two scans shown, the odd one active (as the tests above leave them, or afresh)
    if ((await waitForState(page, () => true)).layers.length < 2) await dropFiles(page, [ODD]);
    await waitForState(page, (s) => s.layers.length === 2 && s.layer?.fileName === ODD.name && s.loading === null);
    await page.getByTestId('compare-run').click();
    await waitForState(page, (s) => s.comparison?.status === 'done');
    await page.mouse.click(640, 780);
    await page.keyboard.press('s');
    const cut = await waitForState(page, (s) => s.clip.section !== null);
    const odd = (await parseFiles([{ name: ODD.name, bytes: ODD.bytes }])).data.positions;
    const mask = clipMask(odd, clipRegionOf({ clip: cut.clip, settings: cut.settings, layerData: null }));
    const distances = (cut.layers[1].transform.translate[0] === 1 ? await expected({ ...IDENTITY_TRANSFORM, translate: [1, 0, 0] }) : await expected(IDENTITY_TRANSFORM)).distances;
    const kept = summariseDistances(distances.filter((_, i) => mask[i] === 1));
    expect(kept.count).toBeLessThan(25_000);
    await expect(page.getByTestId('compare-done').textContent()).resolves.toContain(`${formatCount(kept.count)} points the clip keeps measured`);
    await expect(page.getByTestId('compare-mean').textContent()).resolves.toBe(`${formatReading(kept.mean)} m`);
    await page.keyboard.press('s');
    await waitForState(page, (s) => s.clip.section === null);
    // the reference taken away: what was measured stays, with what it takes to measure again
    const even = cut.layers[0].meta.id;
    await page.locator(`[data-testid="layer-row"][data-layer="${even}"]`).getByTestId('layer-remove').click();
    await waitForState(page, (s) => s.layers.length === 1);
    await expect(page.getByTestId('compare-done').isVisible()).resolves.toBe(true);
    await expect(page.getByTestId('compare').textContent()).resolves.toContain('Open another file beside this one to measure again.');
  });
});
