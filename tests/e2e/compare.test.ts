// Distance to another layer, driven as a person would: ScanNet scene0000's odd points dropped beside
// its even ones are measured to them, then measured again once moved a metre. The panel's figures
// must be those of the same comparison run here in Node on the same files, the points must take the
// distance field's colours, a picked point's distance in the inspector must be its own, and the
// cloud saved with its fields must carry the same distances. With a maximum distance, the points
// beyond it are counted in the panel and under the legend and take the scale's top colour; split
// into x, y, z, the offsets are colour modes of their own, grey where beyond.
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canvasImage, countChanged, dropFiles, fixtureFile, holdWorker, launchApp, lonePoints, saveScreenshot, showQuietly, waitForState, type App } from './browser';
import { parseFiles } from '../../src/core/io';
import { writePly } from '../../src/core/io/writePly';
import { computeBounds } from '../../src/core/geometry/bounds';
import { formatCount, formatReading } from '../../src/core/format';
import { cloudToCloud, summariseDistances, type CloudDistances, type ComparisonOptions } from '../../src/core/layers/cloudDistance';
import { sampleColorMap } from '../../src/core/color/colorMaps';
import { NO_CLASS_COLOR, type Rgb } from '../../src/core/color/labelTable';
import type { DecodedImage } from '../../scripts/headless/png';
import { clipMask } from '../../src/core/geometry/clip';
import { clipRegionOf } from '../../src/state/clipMask';
import { IDENTITY_TRANSFORM, sceneMatrix, type LayerTransform } from '../../src/core/layers/transform';

const EVEN = fixtureFile('e2e/scene0000_00.ply');
const ODD = fixtureFile('e2e/scene0000_00_odd.ply');
const FIELD = 'distance_to_scene0000_00';

/** The odd scan's distances to the even one, as the app should find them with the odd one moved by `transform`. */
async function expected(transform: LayerTransform, options: ComparisonOptions = {}): Promise<CloudDistances> {
  const [even, odd] = await Promise.all([EVEN, ODD].map((f) => parseFiles([{ name: f.name, bytes: f.bytes }])));
  const place = (p: Float32Array, t: LayerTransform) => ({ positions: p, matrix: sceneMatrix(t, computeBounds(p), '+z', [0, 0, 0]) });
  return cloudToCloud(place(odd.data.positions, transform), place(even.data.positions, IDENTITY_TRANSFORM), options);
}

/** Pixels within a few levels of `rgb` in the middle half of the canvas's width, between the side panels drawn over it. */
function pixelsOf(image: DecodedImage, [r, g, b]: Rgb, tolerance = 12): number {
  let n = 0;
  const { width, height } = image;
  for (let y = 0; y < height; y++) for (let x = width >> 2; x < (3 * width) >> 2; x++) {
    const i = 4 * (y * width + x);
    if (Math.abs(image.data[i] - r) <= tolerance && Math.abs(image.data[i + 1] - g) <= tolerance && Math.abs(image.data[i + 2] - b) <= tolerance) n++;
  }
  return n;
}

/** The two scans shown, the odd one active, whatever the tests before left. */
async function bothScans(page: Page): Promise<void> {
  const names = (await waitForState(page, () => true)).layers.map((l) => l.meta.fileName);
  if (!names.includes(EVEN.name)) await dropFiles(page, [EVEN]);
  if (!names.includes(ODD.name)) await dropFiles(page, [ODD]);
  const s = await waitForState(page, (s) => s.layers.length === 2 && s.loading === null);
  const odd = s.layers.find((l) => l.meta.fileName === ODD.name)!.meta.id;
  if (s.layer?.id !== odd) await page.locator(`[data-testid="layer-row"][data-layer="${odd}"]`).getByTestId('layer-activate').click();
  await waitForState(page, (s) => s.layer?.fileName === ODD.name && s.loading === null);
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
    await expect(page.getByTestId('compare-done').textContent()).resolves.toContain(`${formatCount(kept.count)} points kept measured`);
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

  it('stops at a maximum distance, counting the points beyond in the panel and the legend, and splits the offsets into x, y, z colour modes', async () => {
    await bothScans(page);
    const shown = await waitForState(page, () => true);
    const transform = shown.layers.find((l) => l.meta.fileName === ODD.name)!.transform;
    // a limit a tenth of the points lie beyond
    const all = await expected(transform);
    const sorted = Array.from(all.distances).sort((a, b) => a - b);
    const limit = Number(sorted[Math.floor(0.9 * sorted.length)].toPrecision(2));
    const want = await expected(transform, { maxDistance: limit, splitAxes: true });
    expect(want.summary.beyond).toBeGreaterThan(1_000);
    await page.getByTestId('compare-max-distance').fill(String(limit));
    await page.getByTestId('compare-split').check();
    await page.getByTestId('compare-run').click();
    const s = await waitForState(page, (s) => s.comparison?.status === 'done' && s.comparison.maxDistance === limit && s.settings.colorMode === `field:${FIELD}`);
    if (s.comparison?.status !== 'done') throw new Error('no comparison');
    expect(s.comparison.summary).toMatchObject({ beyond: want.summary.beyond, count: want.summary.count });
    expect(s.comparison.summary.max).toBeCloseTo(want.summary.max, 6);
    expect(s.comparison.summary.max).toBeLessThan(limit);
    const beyond = `${formatCount(want.summary.beyond)} points beyond ${limit} m`;
    await expect(page.getByTestId('compare-beyond').textContent()).resolves.toContain(beyond);
    await expect(page.getByTestId('compare-beyond').textContent()).resolves.toContain(`The figures are of the ${formatCount(want.summary.count)} within it.`);
    await expect(page.getByTestId('compare-median').textContent()).resolves.toBe(`${formatReading(want.summary.median)} m`);
    // the scale ends at the limit, where the points beyond are kept, and the legend says so
    expect(s.legend).toMatchObject({ kind: 'scale', title: FIELD });
    if (s.legend?.kind === 'scale') expect(s.legend.full.max).toBe(Math.fround(limit));
    await expect(page.getByTestId('legend-beyond').textContent()).resolves.toContain(`${beyond}, not measured past it: kept as ${limit} m, the colour at that end of the scale.`);
    const top = [0, 0, 0];
    sampleColorMap(s.settings.colorMap, 1, top);
    const topRgb = top.map((v) => Math.round(v * 255)) as Rgb;
    // the reference hidden, lest its own colours be counted
    const even = s.layers.find((l) => l.meta.fileName === EVEN.name)!.meta.id;
    const evenVisible = page.locator(`[data-testid="layer-row"][data-layer="${even}"]`).getByTestId('layer-visible');
    await evenVisible.uncheck();
    await waitForState(page, (s) => s.layers.find((l) => l.meta.id === even)?.visible === false);
    const limited = await canvasImage(page);
    await page.getByTestId('legend-beyond').scrollIntoViewIfNeeded();
    await saveScreenshot(page, 'compare-max-distance');
    expect(pixelsOf(limited, topRgb)).toBeGreaterThan(2_000);
    // a picked point past the limit says so, where its value alone would read as the limit
    const far = (await lonePoints(page)).find((p) => want.distances[p.index] >= Math.fround(limit));
    if (!far) throw new Error('no point beyond the limit stands alone on screen');
    await page.mouse.click(far.at[0], far.at[1]);
    await waitForState(page, (s) => s.pick?.index === far.index);
    await expect(page.getByTestId(`pick-field-${FIELD}`).textContent()).resolves.toBe(`${formatReading(want.distances[far.index])} or more (beyond the maximum distance)`);
    // the offsets along x, y and z are colour modes of their own; the points beyond have none, and are grey
    const modes = await page.getByTestId('color-mode').locator('option').evaluateAll((options) => options.map((o) => (o as HTMLOptionElement).value));
    expect(modes).toEqual(expect.arrayContaining(['x', 'y', 'z'].map((a) => `field:${FIELD}_${a}`)));
    await page.getByTestId('color-mode').selectOption(`field:${FIELD}_z`);
    await waitForState(page, (s) => s.settings.colorMode === `field:${FIELD}_z`);
    await expect(page.getByTestId('legend-beyond').textContent()).resolves.toBe(`${beyond} have no nearest point to be offset from: drawn grey.`);
    const split = await canvasImage(page);
    await page.getByTestId('legend-beyond').scrollIntoViewIfNeeded();
    await saveScreenshot(page, 'compare-split-z');
    expect(pixelsOf(split, NO_CLASS_COLOR)).toBeGreaterThan(5 * pixelsOf(limited, NO_CLASS_COLOR) + 200);
    await evenVisible.check();
    const picked = await waitForState(page, () => true);
    const z = picked.legend?.kind === 'scale' ? picked.legend.full : null;
    const wantZ = Array.from(want.offsets![2]).filter(Number.isFinite);
    expect(z?.min).toBeCloseTo(Math.min(...wantZ), 6);
    expect(z?.max).toBeCloseTo(Math.max(...wantZ), 6);
    // "PLY with fields" keeps the distances, the limit for the points beyond, and the offsets, NaN for those
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-fields-ply').click()]);
    const saved = (await parseFiles([{ name: 'saved.ply', bytes: new Uint8Array(readFileSync((await download.path())!)) }])).data.fields;
    expect(Array.from(saved[FIELD])).toEqual(Array.from(want.distances));
    ['x', 'y', 'z'].forEach((a, k) => expect(Array.from(saved[`${FIELD}_${a}`])).toEqual(Array.from(want.offsets![k])));
  });

  it('gives back the distances measured before when a second run is cancelled, as the layer still shows them', async () => {
    const alone = await showQuietly(app, EVEN);
    await dropFiles(alone, [ODD]);
    await waitForState(alone, (s) => s.layers.length === 2 && s.layer?.fileName === ODD.name && s.loading === null);
    await alone.getByTestId('compare-run').click();
    const first = await waitForState(alone, (s) => s.comparison?.status === 'done');
    const shown = await alone.getByTestId('compare-done').textContent();
    // the second run stays at its start until cancelled
    const release = await holdWorker(alone, 'compare');
    await alone.getByTestId('compare-run').click();
    await waitForState(alone, (s) => s.comparison?.status === 'running');
    await alone.getByTestId('compare').getByRole('button', { name: 'Cancel' }).click();
    release();
    const s = await waitForState(alone, (s) => s.comparison?.status !== 'running');
    expect(s.comparison).toEqual(first.comparison);
    expect(s.settings.colorMode).toBe(`field:${FIELD}`);
    await expect(alone.getByTestId('compare-done').textContent()).resolves.toBe(shown);
    await alone.close();
  });

  it('stops, in words, when the layer it measures to is removed while it runs, and keeps no distances', async () => {
    const alone = await showQuietly(app, EVEN);
    await dropFiles(alone, [ODD]);
    const two = await waitForState(alone, (s) => s.layers.length === 2 && s.layer?.fileName === ODD.name && s.loading === null);
    // the run starts, and stays at its start until the reference is gone
    const release = await holdWorker(alone, 'compare');
    await alone.getByTestId('compare-run').click();
    await waitForState(alone, (s) => s.comparison?.status === 'running');
    await alone.locator(`[data-testid="layer-row"][data-layer="${two.layers[0].meta.id}"]`).getByTestId('layer-remove').click();
    release();
    const s = await waitForState(alone, (s) => s.layers.length === 1 && s.comparison?.status !== 'running');
    expect(s.comparison).toMatchObject({ status: 'error', message: 'it was removed meanwhile: no distances were kept.' });
    expect(s.layer!.attributes).not.toContain(FIELD);
    await expect(alone.getByTestId('compare-error').textContent()).resolves.toBe('Measuring to scene0000_00.ply: it was removed meanwhile: no distances were kept.');
    await alone.close();
  });

  it('shows in the inspector the distance of a point picked before measuring', async () => {
    const alone = await showQuietly(app, EVEN);
    await dropFiles(alone, [ODD]);
    await waitForState(alone, (s) => s.layers.length === 2 && s.layer?.fileName === ODD.name && s.loading === null);
    const [lone] = await lonePoints(alone);
    await alone.mouse.click(lone.at[0], lone.at[1]);
    await waitForState(alone, (s) => s.pick?.index === lone.index && s.pick.layerId === s.layer?.id);
    await alone.getByTestId('compare-run').click();
    await waitForState(alone, (s) => s.comparison?.status === 'done');
    const want = await expected(IDENTITY_TRANSFORM);
    await expect(alone.getByTestId(`pick-field-${FIELD}`).textContent()).resolves.toBe(formatReading(want.distances[lone.index]));
    await alone.close();
  });

  it('says when either layer has been moved since it measured, until it measures again', async () => {
    const alone = await showQuietly(app, EVEN);
    await dropFiles(alone, [ODD]);
    const two = await waitForState(alone, (s) => s.layers.length === 2 && s.layer?.fileName === ODD.name && s.loading === null);
    await alone.getByTestId('compare-run').click();
    const first = await waitForState(alone, (s) => s.comparison?.status === 'done');
    const mean = first.comparison?.status === 'done' ? first.comparison.summary.mean : NaN;
    await expect(alone.getByTestId('compare-moved').count()).resolves.toBe(0);
    // the reference moved in its Transform fields: the distances are of where it was
    const reference = alone.locator(`[data-testid="layer-row"][data-layer="${two.layers[0].meta.id}"]`);
    await reference.getByTestId('layer-transform').click();
    await reference.getByTestId('layer-translate-z').fill('0.5');
    await waitForState(alone, (s) => s.layers[0].transform.translate[2] === 0.5);
    await expect(alone.getByTestId('compare-moved').textContent()).resolves.toBe('This layer or scene0000_00.ply has been moved since: the distances are of where they were then. Measure again.');
    await alone.getByTestId('compare-moved').scrollIntoViewIfNeeded();
    await saveScreenshot(alone, 'compare-moved-since');
    // put back, the note goes; moved again and measured again, it goes too
    await reference.getByTestId('layer-translate-z').fill('0');
    await waitForState(alone, (s) => s.layers[0].transform.translate[2] === 0);
    await expect(alone.getByTestId('compare-moved').count()).resolves.toBe(0);
    await reference.getByTestId('layer-translate-z').fill('0.5');
    await expect(alone.getByTestId('compare-moved').isVisible()).resolves.toBe(true);
    await alone.getByTestId('compare-run').click();
    await waitForState(alone, (s) => s.comparison?.status === 'done' && s.comparison.summary.mean !== mean);
    await expect(alone.getByTestId('compare-moved').count()).resolves.toBe(0);
    await alone.close();
  });

  it('takes a maximum distance typed with a decimal comma, and refuses one in doubt in words', async () => {
    const alone = await showQuietly(app, EVEN);
    await dropFiles(alone, [ODD]);
    await waitForState(alone, (s) => s.layers.length === 2 && s.layer?.fileName === ODD.name && s.loading === null);
    const limit = alone.getByTestId('compare-max-distance');
    await limit.click();
    await alone.keyboard.type('0,05');
    await alone.getByTestId('compare-run').click();
    const s = await waitForState(alone, (s) => s.comparison?.status === 'done');
    expect(s.comparison?.status === 'done' && s.comparison.maxDistance).toBe(0.05);
    await expect(alone.getByTestId('compare-beyond').textContent()).resolves.toContain('beyond 0.05 m');
    // a thousands separator or a decimal comma: nothing is measured until it is typed plainly
    await limit.fill('1,000');
    await expect(alone.getByTestId('compare-max-distance-problem').textContent()).resolves.toBe(
      '"1,000" is no number pointlens can be sure of: type one such as 0.05 (a point or a comma as its decimal mark), or leave it empty for none.',
    );
    await expect(alone.getByTestId('compare-run').isDisabled()).resolves.toBe(true);
    await alone.getByTestId('compare-max-distance-problem').scrollIntoViewIfNeeded();
    await saveScreenshot(alone, 'compare-max-distance-in-doubt');
    await limit.fill('');
    await expect(alone.getByTestId('compare-run').isDisabled()).resolves.toBe(false);
    await alone.close();
  });

  it('counts a layer of one point as one point', async () => {
    const alone = await showQuietly(app, EVEN);
    // far from the room: beyond any limit under 100 m; in the file's own units, as an uncoloured point list's
    await dropFiles(alone, [{ name: 'one.xyz', bytes: new TextEncoder().encode('100 200 300\n') }]);
    await waitForState(alone, (s) => s.layers.length === 2 && s.layer?.fileName === 'one.xyz' && s.loading === null);
    await alone.getByTestId('compare-max-distance').fill('0.5');
    await alone.getByTestId('compare-run').click();
    await waitForState(alone, (s) => s.comparison?.status === 'done');
    await expect(alone.getByTestId('compare-done').textContent()).resolves.toMatch(/^0 points measured to the nearest of 25,000 points of scene0000_00\.ply/);
    await expect(alone.getByTestId('compare-beyond').textContent()).resolves.toMatch(/^1 point beyond 0\.5: /);
    await expect(alone.getByTestId('legend-beyond').textContent()).resolves.toBe('1 point beyond 0.5, not measured past it: kept as 0.5, the colour at that end of the scale.');
    await alone.getByTestId('compare-max-distance').fill('');
    await alone.getByTestId('compare-run').click();
    await waitForState(alone, (s) => s.comparison?.status === 'done' && s.comparison.maxDistance === undefined);
    await expect(alone.getByTestId('compare-done').textContent()).resolves.toMatch(/^1 point measured to the nearest of 25,000 points of scene0000_00\.ply/);
    await alone.close();
  });

  it('keeps long file names and the fields named after them within the panel and the legend', async () => {
    const alone = await showQuietly(app, { ...EVEN, name: 'survey_block_A_north_wing_2024-03-18_final_registered_v3_cleaned.ply' });
    await dropFiles(alone, [ODD]);
    await waitForState(alone, (s) => s.layers.length === 2 && s.layer?.fileName === ODD.name && s.loading === null);
    await alone.getByTestId('compare-max-distance').fill('0.05');
    await alone.getByTestId('compare-split').check();
    await alone.getByTestId('compare-run').click();
    await waitForState(alone, (s) => s.comparison?.status === 'done');
    // the right edge of every line of text, against the right edge of the panel it is in
    const past = await alone.evaluate(() =>
      ['compare', 'legend'].flatMap((id) => {
        const box = document.querySelector(`[data-testid="${id}"]`)!.closest('.panel')!.getBoundingClientRect();
        const walker = document.createTreeWalker(document.querySelector(`[data-testid="${id}"]`)!, NodeFilter.SHOW_TEXT);
        const out: string[] = [];
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
          const range = document.createRange();
          range.selectNodeContents(node);
          if (Array.from(range.getClientRects()).some((r) => r.right > box.right + 1)) out.push(node.textContent!.slice(0, 40));
        }
        return out;
      }),
    );
    expect(past).toEqual([]);
    await alone.getByTestId('compare-done').scrollIntoViewIfNeeded();
    await saveScreenshot(alone, 'compare-long-names');
    await alone.close();
  });

  it('says that no point lies beyond a maximum distance none reaches, rather than counting none of them as kept at it', async () => {
    const alone = await showQuietly(app, EVEN);
    await dropFiles(alone, [{ ...EVEN, name: 'copy.ply' }]);
    await waitForState(alone, (s) => s.layers.length === 2 && s.layer?.fileName === 'copy.ply' && s.loading === null);
    await alone.getByTestId('compare-max-distance').fill('0.01');
    await alone.getByTestId('compare-run').click();
    await waitForState(alone, (s) => s.comparison?.status === 'done');
    await expect(alone.getByTestId('compare-beyond').textContent()).resolves.toBe('No point lies beyond 0.01 m: every one was measured.');
    await expect(alone.getByTestId('compare-max').textContent()).resolves.toBe('0 m');
    await alone.close();
  });

  it('signs the distances to a plane with normals: the points in front positive and those behind negative, as in Node', async () => {
    // a 2 m square every 5 cm with normals +z, and five points off it; both saved standing on +z
    const grid: number[] = [];
    for (let x = -1; x <= 1.0001; x += 0.05) for (let y = -1; y <= 1.0001; y += 0.05) grid.push(x, y, 0);
    const plane = { kind: 'points' as const, positions: Float32Array.from(grid), normals: Float32Array.from(grid, (_, i) => (i % 3 === 2 ? 1 : 0)), fields: {} };
    const off = { kind: 'points' as const, positions: Float32Array.from([0.1, 0.2, 0.1, -0.3, 0.4, 0.2, 0.5, -0.5, 0.05, 0, 0, -0.1, -0.6, 0.3, -0.3]), fields: {} };
    const alone = await showQuietly(app, { name: 'plane.ply', bytes: writePly(plane, {}, { up: '+z' }) });
    await dropFiles(alone, [{ name: 'off.ply', bytes: writePly(off, {}, { up: '+z' }) }]);
    await waitForState(alone, (s) => s.layers.length === 2 && s.layer?.fileName === 'off.ply' && s.loading === null);
    await alone.getByTestId('compare-signed-option').check();
    await alone.getByTestId('compare-run').click();
    await waitForState(alone, (s) => s.comparison?.status === 'done' && s.settings.colorMode === 'field:distance_to_plane');
    const place = (p: Float32Array) => ({ positions: p, matrix: sceneMatrix(IDENTITY_TRANSFORM, computeBounds(p), '+z', [0, 0, 0]) });
    const want = cloudToCloud(place(off.positions), { ...place(plane.positions), normals: plane.normals }, { signed: true });
    expect(Array.from(want.distances, (d) => Number(d.toFixed(4)))).toEqual([0.1, 0.2, 0.05, -0.1, -0.3]);
    await expect(alone.getByTestId('compare-mean').textContent()).resolves.toMatch(new RegExp(`^${formatReading(want.summary.mean)}`));
    await expect(alone.getByTestId('compare-front').textContent()).resolves.toBe('60% (3)');
    await expect(alone.getByTestId('compare-behind').textContent()).resolves.toBe('40% (2)');
    // the legend's scale centred on 0, from the farthest behind to as far in front
    const range = alone.getByTestId('scale-range');
    await expect(range.getAttribute('data-min')).resolves.toBe(String(Math.min(...want.distances)));
    await expect(range.getAttribute('data-max')).resolves.toBe(String(-Math.min(...want.distances)));
    await saveScreenshot(alone, 'compare-signed');
    await alone.close();
  });
});
