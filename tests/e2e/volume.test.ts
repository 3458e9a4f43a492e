// Volume as a person reads it: a test-written stockpile (a 4 × 2 ft block 1.5 ft high on 10 × 10 ft
// of ground, a LAS file in feet far from (0, 0, 0)) shown, a cell of 0,5 typed into the Volume
// panel, "Compute volume": the panel's fill, cut, net, area and cells are those Node's core gives
// the same file, in cubic feet, and "Export height grid (.asc)" saves that grid in the file's coordinates.
// Against another layer: the ground before the pile was made (a 2 × 2 ft mound where the pile's
// ground is flat) dropped beside it, chosen as the base: the block is fill, the mound cut, each
// point's height above the ground a field drawn blue to red, and the result is still there when the
// pile is made active again, said to be stale as the ground was sectioned below the mound's top
// meanwhile. The panel says the base takes only the ground's points the section leaves, computed
// again the mound is no longer cut (its cells only the pile covers), and "Export difference grid"
// saves the pile less the ground, NODATA over the mound.
// Contours: a test-written cone of 1.5 ft gridded; every 1000 ft the panel says no level falls in its
// heights, naming an interval that does; a run every 0,5 ft cancelled says none were drawn; "Draw
// contours" every 0,5 ft then draws orange rings over it, and "Export contours (GeoJSON)" saves the
// lines Node's core gives, at the same levels.
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { dropFiles, holdWorker, quietPagePerSuite, saveScreenshot, viewPixels, waitForState, type TestFile } from './browser';
import { contourLines } from '../../src/core/geometry/contours';
import { heightOfOrigin } from '../../src/core/io/shift';
import { baseHeight, gridVolume } from '../../src/core/geometry/gridVolume';
import { heightGrid } from '../../src/core/geometry/heightGrid';
import { parseFiles } from '../../src/core/io';
import { geoKeyRecord, las12 } from '../core/io/helpers';
import { heapCloud } from '../core/geometry/heapCloud';

const positions = heapCloud(10, 10, (x, y) => (x >= 3 && x < 7 && y >= 4 && y < 6 ? 1.5 : 0));
const n = positions.length / 3;
/** A test-written LAS file in feet at (2000000, 500000, 300) with the points `at`. */
const lasFeet = (name: string, at: Float32Array): TestFile => ({
  name,
  bytes: las12({ kind: 'points', positions: at, colors: new Uint8Array(at.length).fill(160), fields: { instance: new Uint16Array(at.length / 3), label: new Uint8Array(at.length / 3) } }, [2000000, 500000, 300], [
    geoKeyRecord([[1024, 1], [3076, 9002]]),
  ]),
});
const PILE = lasFeet('pile.las', positions);
/** The ground before: flat, but for a mound 0.5 ft high over x and y from 0 to 2 ft that the pile's ground has not (2 ft³ of cut). */
const GROUND = lasFeet('ground.las', heapCloud(10, 10, (x, y) => (x < 2 && y < 2 ? 0.5 : 0)));

describe('volume', () => {
  let page: Page;
  quietPagePerSuite(PILE, (shown) => (page = shown));

  it("reports the stockpile's fill, cut, net and area over the floor as Node's core does, in cubic feet, and saves its grid", async () => {
    const read = (await parseFiles([{ name: PILE.name, bytes: PILE.bytes }])).data.positions;
    const up = (await waitForState(page, (s) => s.layers.length === 1)).settings.upAxis;
    expect(up).toBe('+z');
    const grid = heightGrid(read, { up, cell: 0.5, height: 'mean' });
    const v = gridVolume(grid, baseHeight(read, up, { kind: 'floor' }));

    await expect(page.getByTestId('volume-taken').textContent()).resolves.toBe(`Takes all ${n.toLocaleString('en-US')} points of pile.las.`);
    await page.getByTestId('volume-cell').fill('0,5');
    await page.getByTestId('volume-run').click();
    await waitForState(page, (s) => s.volume?.status === 'done');
    const result = page.getByTestId('volume-result');
    for (const [name, value] of Object.entries({ fill: v.fill, cut: v.cut, net: v.net, area: v.area, cells: v.cells, empty: v.empty })) {
      await expect(result.getAttribute(`data-${name}`), name).resolves.toBe(String(value));
    }
    expect(v.fill).toBeCloseTo(12, 6);
    await expect(page.getByTestId('volume-fill').textContent()).resolves.toBe('12.000 ft³');
    await expect(page.getByTestId('volume-area').textContent()).resolves.toBe('100.0 ft²');
    await expect(page.getByTestId('volume-why').textContent()).resolves.toMatch(/^Over the floor at 300\.0 ft, on 20 × 20 cells of 0\.500 ft, each the mean height of its points: 400 cells hold points, 0 are empty/);
    await result.scrollIntoViewIfNeeded();
    await saveScreenshot(page, 'volume-panel');

    // the grid saved is the one reported on, in the file's coordinates: the block's top 1.5 ft over the ground at 300 ft
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('volume-export').click()]);
    expect(download.suggestedFilename()).toBe('pile.grid.asc');
    const lines = readFileSync((await download.path())!, 'utf8').split('\n');
    expect(lines.slice(0, 6)).toEqual(['ncols 20', 'nrows 20', 'xllcorner 2000000', 'yllcorner 500000', 'cellsize 0.5', 'NODATA_value -9999']);
    expect(lines[6 + 19 - 8].split(' ').slice(5, 15)).toEqual(['300', ...Array(8).fill('301.5'), '300']);
  });

  it('says along -z that heights are measured along up, a point at z = 300 at -300, and reads the block as cut below a base typed at -300', async () => {
    await page.getByTestId('up-axis').selectOption('-z');
    await waitForState(page, (s) => s.settings.upAxis === '-z');
    await expect(page.getByTestId('volume-heights-along').textContent()).resolves.toBe('Heights are measured along up (−z): a point at z = 300 is at −300.');
    await page.getByTestId('volume-base').selectOption('height');
    await page.getByTestId('volume-base-height').fill('-300');
    await page.getByTestId('volume-run').click();
    await waitForState(page, (s) => s.volume?.status === 'done' && s.volume.baseChoice === 'height');
    const result = page.getByTestId('volume-result');
    // the ground at z = 300 lies on the base, the block's top at z = 301.5 is 1.5 ft below it
    await expect(result.getAttribute('data-fill').then(Number)).resolves.toBeCloseTo(0, 6);
    await expect(result.getAttribute('data-cut').then(Number)).resolves.toBeCloseTo(12, 6);
    await page.getByTestId('volume-heights-along').scrollIntoViewIfNeeded();
    await saveScreenshot(page, 'volume-heights-along-down');

    await page.getByTestId('up-axis').selectOption('+z');
    await waitForState(page, (s) => s.settings.upAxis === '+z');
    await expect(page.getByTestId('volume-heights-along').count()).resolves.toBe(0);
  });
});

describe('volume between two layers', () => {
  let page: Page;
  quietPagePerSuite(PILE, (shown) => (page = shown));

  it('gives the block as fill and the mound as cut against the ground dropped beside the pile, draws the heights above it, keeps the result with the pile, and once the ground is sectioned takes only what its section keeps', async () => {
    await dropFiles(page, [GROUND]);
    const s = await waitForState(page, (s) => s.layers.length === 2 && s.loading === null);
    const id = (name: string) => s.layers.find((l) => l.meta.fileName === name)!.meta.id;
    const activate = async (name: string) => {
      await page.locator(`[data-testid="layer-row"][data-layer="${id(name)}"]`).getByTestId('layer-activate').click();
      await waitForState(page, (st) => st.layer?.fileName === name && st.loading === null);
    };
    await activate('pile.las');

    await page.getByTestId('volume-cell').fill('0,5');
    await page.getByTestId('volume-base').selectOption('layer');
    await page.getByTestId('volume-base-layer').selectOption(id('ground.las'));
    await page.getByTestId('volume-height-above').check();
    await page.getByTestId('volume-run').click();
    const done = await waitForState(page, (st) => st.volume?.status === 'done' && st.settings.colorMode === 'field:height_above_ground');
    // the heights above the ground, signed, through the blue-white-red map centred on 0: the mound's -0.5 to the block's 1.5
    expect(done.legend).toMatchObject({ kind: 'scale', title: 'height_above_ground', colorMap: 'diverging', min: -1.5, max: 1.5 });
    const result = page.getByTestId('volume-result');
    for (const [name, value] of Object.entries({ fill: 12, cut: 2, net: 10, area: 100, matched: 400, 'only-active': 0, 'only-base': 0 })) {
      await expect(result.getAttribute(`data-${name}`).then(Number), name).resolves.toBeCloseTo(value, 6);
    }
    await expect(page.getByTestId('volume-fill').textContent()).resolves.toBe('12.000 ft³');
    await expect(page.getByTestId('volume-cut').textContent()).resolves.toBe('2.000 ft³');
    await expect(page.getByTestId('volume-why').textContent()).resolves.toMatch(/^Against ground\.las \(40,401 points, placed as it is drawn\), both on 20 × 20 cells of 0\.500 ft.*: 400 cells both cover, 0 only this layer covers and 0 only the base/);
    await result.scrollIntoViewIfNeeded();
    await saveScreenshot(page, 'volume-between-layers');

    // the ground made active has no volume of its own; sectioned above 60% of its height, the mound's 40 × 40 samples go
    await activate('ground.las');
    await expect(page.getByTestId('volume-result').count()).resolves.toBe(0);
    await page.getByTestId('clip-section').check();
    const kept = 201 * 201 - 40 * 40;
    await page.waitForFunction((k) => Number(document.querySelector('[data-testid="clip-kept"]')?.getAttribute('data-kept')) === k, kept);
    // the pile made active again has its own back, said to be of other points: its base's section changed since
    await activate('pile.las');
    await expect(page.getByTestId('volume-fill').textContent()).resolves.toBe('12.000 ft³');
    await expect(page.getByTestId('volume-stale').count()).resolves.toBe(1);
    await expect(page.getByTestId('volume-base-taken').textContent()).resolves.toBe(`The base takes the ${kept.toLocaleString('en-US')} points of ground.las left by its clip, of 40,401.`);
    await page.getByTestId('volume-run').click();
    await waitForState(page, (st) => st.volume?.status === 'done' && st.volume.between?.baseLeftBy === 'its clip');
    for (const [name, value] of Object.entries({ fill: 12, cut: 0, matched: 400 - 16, 'only-active': 16, 'only-base': 0 })) {
      await expect(result.getAttribute(`data-${name}`).then(Number), name).resolves.toBeCloseTo(value, 6);
    }
    await expect(page.getByTestId('volume-stale').count()).resolves.toBe(0);
    await expect(page.getByTestId('volume-why').textContent()).resolves.toMatch(/^Against ground\.las \(38,801 of its 40,401 points, those its clip left, placed as it is drawn\)/);
    await result.scrollIntoViewIfNeeded();
    await saveScreenshot(page, 'volume-base-clipped');

    // the pile less the ground, rows northmost first: the block's 1.5 ft, and no cell over the mound
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('volume-export-difference').click()]);
    expect(download.suggestedFilename()).toBe('pile.minus_ground.asc');
    const lines = readFileSync((await download.path())!, 'utf8').split('\n');
    expect(lines.slice(0, 6)).toEqual(['ncols 20', 'nrows 20', 'xllcorner 2000000', 'yllcorner 500000', 'cellsize 0.5', 'NODATA_value -9999']);
    expect(lines[6 + 19 - 8].split(' ').slice(5, 15)).toEqual(['0', ...Array(8).fill('1.5'), '0']);
    expect(lines[6 + 19].split(' ').slice(0, 5)).toEqual([...Array(4).fill('-9999'), '0']);
  });
});

describe('volume contours', () => {
  let page: Page;
  /** A cone 1.5 ft high and 3 ft round on 4 × 4 ft of ground, at 300 ft. */
  const MOUND = lasFeet('mound.las', heapCloud(4, 4, (x, y) => Math.max(0, 1.5 - Math.hypot(x - 2, y - 2))));
  quietPagePerSuite(MOUND, (shown) => (page = shown));

  it("draws the mound's contour lines over it every half foot, and saves those Node's core gives as GeoJSON at their elevations", async () => {
    const read = await parseFiles([{ name: MOUND.name, bytes: MOUND.bytes }]);
    const expected = contourLines(heightGrid(read.data.positions, { up: '+z', cell: 0.25, height: 'mean' }), { interval: 0.5, lift: heightOfOrigin(read.origin, '+z') });
    const orange = (r: number, g: number, b: number) => r > 200 && g > 80 && g < 170 && b < 80;
    await page.getByTestId('volume-cell').fill('0,25');
    await page.getByTestId('volume-run').click();
    await waitForState(page, (s) => s.volume?.status === 'done');
    expect(await viewPixels(page, orange)).toBe(0);
    // an interval past the mound's heights draws nothing, and says so
    await page.getByTestId('volume-contour-interval').fill('1000');
    await page.getByTestId('volume-contours-run').click();
    await waitForState(page, (s) => s.volume?.status === 'done' && s.volume.contours?.status === 'error');
    await expect(page.getByTestId('volume-contour-error').textContent()).resolves.toMatch(
      /^An interval of 1000 ft puts no contour level between the heights from 300 to 301\.\d+ ft: take one no larger than the 1\.\d+ ft they span, such as 0\.1 ft\.$/,
    );
    // a run held at its start is cancelled: none drawn, said
    const release = await holdWorker(page, 'volume');
    await page.getByTestId('volume-contour-interval').fill('0,5');
    await page.getByTestId('volume-contours-run').click();
    await page.getByTestId('volume-contours-cancel').click();
    release();
    await waitForState(page, (s) => s.volume?.status === 'done' && s.volume.contours?.status === 'cancelled');
    await expect(page.getByTestId('volume-contour-cancelled').textContent()).resolves.toMatch(/^Contours cancelled: none drawn\./);
    await page.getByTestId('volume-contour-cancelled').scrollIntoViewIfNeeded();
    await saveScreenshot(page, 'volume-contours-cancelled');
    expect(await viewPixels(page, orange)).toBe(0);
    await page.getByTestId('volume-contours-run').click();
    await waitForState(page, (s) => s.volume?.status === 'done' && s.volume.contours?.status === 'done');
    const said = page.getByTestId('volume-contour-lines');
    await expect(said.getAttribute('data-lines')).resolves.toBe(String(expected.lines.length));
    await expect(said.getAttribute('data-levels')).resolves.toBe(String(expected.levels.length));
    expect(await viewPixels(page, orange)).toBeGreaterThan(100);
    await said.scrollIntoViewIfNeeded();
    await saveScreenshot(page, 'volume-contours');

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('volume-contours-export').click()]);
    expect(download.suggestedFilename()).toBe('mound.contours.geojson');
    const json = JSON.parse(readFileSync((await download.path())!, 'utf8'));
    expect(json.type).toBe('FeatureCollection');
    const levels = [...new Set(json.features.map((f: { properties: { level: number } }) => f.properties.level))];
    expect(levels).toEqual([...new Set(expected.lines.map((l) => l.level))]);
    expect(levels).toEqual([300.5, 301]);
    // the rings lie about the cone's axis at (2000002, 500002), 1.5 - (level - 300) from it
    for (const f of json.features)
      for (const [x, y, z] of f.geometry.coordinates) {
        expect(Math.abs(Math.hypot(x - 2000002, y - 500002) - (301.5 - f.properties.level))).toBeLessThan(0.25);
        expect(z).toBe(f.properties.level);
      }
  });
});
