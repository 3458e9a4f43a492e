// Measuring a real ScanNet room as a person does: M (or a tool button), clicks on points, Enter to
// close an area. Each value shown is checked against the same points read from the file in Node.
// Then two scans of the room as layers, one scaled in its Transform fields: measured where drawn.
// And a distance kept in the browser, back on the same file opened after a reload.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { dropFiles, fixtureFile, launchApp, lonePoints, quietPagePerSuite, saveScreenshot, showQuietly, waitForState, type App } from './browser';
import { readFileSync } from 'node:fs';
import { parseFiles } from '../../src/core/io';
import { decodePng } from '../../scripts/headless/png';
import { angleAt, distance, floorHeight, polygonArea, type Vec3 } from '../../src/core/geometry/measure';

const SCENE = fixtureFile('e2e/scene0000_00.ply');
/** the room's other points, in the same frame: a second scan of it */
const ODD = fixtureFile('e2e/scene0000_00_odd.ply');

/** Clicks the lone points `picks` and waits for the measurement they finish. */
async function measureWith(page: Page, picks: { index: number; at: [number, number] }[], close?: 'Enter'): Promise<{ text: string; points: number[]; value: number }> {
  const before = (await waitForState(page, () => true)).measure.done.length;
  for (const p of picks) await page.mouse.click(p.at[0], p.at[1]);
  if (close) await page.keyboard.press(close);
  const done = await waitForState(page, (s) => s.measure.done.length === before + 1);
  const row = page.getByTestId('measurement').nth(done.measure.done.length - 1);
  return {
    text: (await row.locator('.measure-value').textContent())!,
    points: (await row.getAttribute('data-points'))!.split(',').map(Number),
    value: Number(await row.getAttribute('data-value')),
  };
}

describe('measure', () => {
  let app: App;
  let page: Page;
  let positions: Float32Array;
  let lone: { index: number; at: [number, number] }[];
  const pos = (i: number): Vec3 => [positions[i * 3], positions[i * 3 + 1], positions[i * 3 + 2]];

  beforeAll(async () => {
    const parsed = await parseFiles([{ name: SCENE.name, bytes: SCENE.bytes }]);
    positions = parsed.data.positions;
    app = await launchApp('webgl');
    page = await showQuietly(app, SCENE);
    lone = await lonePoints(page);
    // spread over the view: sorted left to right
    lone.sort((a, b) => a.at[0] - b.at[0]);
  });
  afterAll(async () => {
    await app?.close();
  });

  it('measures the distance between two points of the room, in metres', async () => {
    expect(lone.length).toBeGreaterThan(10);
    await page.keyboard.press('m');
    await waitForState(page, (s) => s.measure.tool === 'distance');
    const [a, b] = [lone[0], lone[lone.length - 1]];
    const m = await measureWith(page, [a, b]);
    expect(m.points).toEqual([a.index, b.index]);
    const d = distance(pos(a.index), pos(b.index));
    expect(m.value).toBeCloseTo(d, 5);
    expect(m.text).toBe(`${d.toFixed(3)} m`);
    // and in the scene, beside the line
    await expect(page.getByTestId('measure-label').first().textContent()).resolves.toBe(`${d.toFixed(3)} m`);
  });

  it('measures a point\'s height above the floor', async () => {
    await page.getByTestId('measure-tool-height').click();
    const c = lone[Math.floor(lone.length / 2)];
    const m = await measureWith(page, [c]);
    expect(m.points).toEqual([c.index]);
    const h = pos(c.index)[2] - floorHeight(positions, '+z');
    expect(m.value).toBeCloseTo(h, 5);
    expect(m.text).toBe(`${h.toFixed(3)} m`);
  });

  it('measures a polygon\'s area, closed with Enter, and an angle', async () => {
    await page.getByTestId('measure-tool-area').click();
    const corners = [lone[1], lone[Math.floor(lone.length / 3)], lone[Math.floor((2 * lone.length) / 3)], lone[lone.length - 2]];
    const area = await measureWith(page, corners, 'Enter');
    expect(area.points).toEqual(corners.map((c) => c.index));
    const expected = polygonArea(corners.map((c) => pos(c.index)));
    expect(area.value).toBeCloseTo(expected, 5);
    expect(area.text).toBe(`${expected.toFixed(3)} m²`);

    await page.getByTestId('measure-tool-angle').click();
    const arms = [lone[2], lone[Math.floor(lone.length / 2) + 1], lone[lone.length - 3]];
    const angle = await measureWith(page, arms);
    const deg = angleAt(pos(arms[0].index), pos(arms[1].index), pos(arms[2].index));
    expect(angle.value).toBeCloseTo(deg, 5);
    expect(angle.text).toBe(`${deg.toFixed(1)}°`);
    await saveScreenshot(page, 'measured-room');
  });

  it('sets the label of a measurement taken at the same place below the first, not over it', async () => {
    await page.getByTestId('measure-tool-distance').click();
    const [a, b] = [lone[4], lone[lone.length - 5]];
    await measureWith(page, [a, b]);
    const labels = page.getByTestId('measure-label');
    const before = await labels.count();
    // the same two points the other way round: a label at the same anchor
    await measureWith(page, [b, a]);
    await page.waitForFunction((n) => document.querySelectorAll('[data-testid="measure-label"]').length === n, before + 1);
    const [first, second] = await Promise.all([labels.nth(before - 1).boundingBox(), labels.nth(before).boundingBox()]);
    expect(first && second).toBeTruthy();
    expect(Math.abs(first!.x - second!.x)).toBeLessThan(2);
    expect(second!.y).toBeGreaterThanOrEqual(first!.y + first!.height);
    await saveScreenshot(page, 'measured-same-place');
    // the two taken away again, as a person clears what they measured twice
    for (let k = 0; k < 2; k++) await page.getByTestId('measurement').last().getByRole('button').click();
    await waitForState(page, (s) => s.measure.done.length === before - 1);
  });

  it('saves the labels shown over the view into the screenshot, where the canvas alone has none', async () => {
    if ((await waitForState(page, () => true)).measure.tool !== 'distance') await page.getByTestId('measure-tool-distance').click();
    await waitForState(page, (s) => s.measure.tool === 'distance');
    await measureWith(page, [lone[2], lone[lone.length - 3]]);
    const label = page.getByTestId('measure-label').last();
    const box = (await label.boundingBox())!;
    const canvas = (await page.locator('canvas').first().boundingBox())!;
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('screenshot').click()]);
    const png = decodePng(new Uint8Array(readFileSync((await download.path())!)));
    const scale = png.width / canvas.width;
    // the label's text (#ffe9a8): light yellow, unlike the scene's colours and the yellow (#ffd24a) of its line
    let text = 0;
    for (let y = Math.ceil((box.y - canvas.y) * scale); y < (box.y - canvas.y + box.height) * scale; y++) {
      for (let x = Math.ceil((box.x - canvas.x) * scale); x < (box.x - canvas.x + box.width) * scale; x++) {
        const at = 4 * (y * png.width + x);
        const [r, g, b] = [png.data[at], png.data[at + 1], png.data[at + 2]];
        if (r > 200 && g > 180 && b > 110 && b < 200 && r - b > 50) text++;
      }
    }
    expect(text).toBeGreaterThan(10);
    await page.getByTestId('measurement').last().getByRole('button').click();
  });

  it('puts the tool down with Escape, after which a click inspects again', async () => {
    await page.keyboard.press('Escape');
    await waitForState(page, (s) => s.measure.tool === null);
    const p = lone[3];
    await page.mouse.click(p.at[0], p.at[1]);
    const s = await waitForState(page, (s) => s.pick !== null);
    expect(s.pick!.index).toBe(p.index);
    expect(s.measure.done).toHaveLength(4);
  });
});

describe('measure on a scaled layer', () => {
  let app: App;
  let page: Page;
  let even: { id: string; positions: Float32Array };
  let odd: { id: string; positions: Float32Array; centre: number[] };
  const pos = (positions: Float32Array, i: number): Vec3 => [positions[i * 3], positions[i * 3 + 1], positions[i * 3 + 2]];
  /** where the odd scan's point `i` is drawn: doubled about the scan's centre, in the file's axes */
  const distanceInHand = async () => {
    if ((await waitForState(page, () => true)).measure.tool !== 'distance') await page.getByTestId('measure-tool-distance').click();
    await waitForState(page, (s) => s.measure.tool === 'distance');
  };
  const placed = (i: number): Vec3 => pos(odd.positions, i).map((v, k) => odd.centre[k] + 2 * (v - odd.centre[k])) as unknown as Vec3;

  beforeAll(async () => {
    const [e, o] = await Promise.all([SCENE, ODD].map((f) => parseFiles([{ name: f.name, bytes: f.bytes }])));
    app = await launchApp('webgl');
    page = await showQuietly(app, SCENE);
    await dropFiles(page, [ODD]);
    const s = await waitForState(page, (s) => s.layers.length === 2 && s.layer?.fileName === ODD.name && s.loading === null);
    const { min, max } = s.layer!.bounds;
    even = { id: s.layers[0].meta.id, positions: e.data.positions };
    odd = { id: s.layer!.id, positions: o.data.positions, centre: [0, 1, 2].map((k) => (min[k] + max[k]) / 2) };
    const row = page.locator(`[data-testid="layer-row"][data-layer="${odd.id}"]`);
    await row.getByTestId('layer-transform').click();
    await row.getByTestId('layer-scale').fill('2');
    await waitForState(page, (s) => s.layers[1].transform.scale === 2);
    await page.waitForFunction((id) => window.__pointlens?.project(0, id), odd.id);
  });
  afterAll(async () => {
    await app?.close();
  });

  it('measures two points of the scan scaled by 2 twice as far apart as in its file', async () => {
    const lone = (await lonePoints(page, 10, odd.id)).sort((a, b) => a.at[0] - b.at[0]);
    expect(lone.length).toBeGreaterThan(10);
    await distanceInHand();
    const [a, b] = [lone[0], lone[lone.length - 1]];
    const m = await measureWith(page, [a, b]);
    expect(m.points).toEqual([a.index, b.index]);
    const inFile = distance(pos(odd.positions, a.index), pos(odd.positions, b.index));
    expect(m.value).toBeCloseTo(2 * inFile, 4);
    expect(m.text).toBe(`${m.value.toFixed(3)} m`);
    await expect(page.getByTestId('measure-label').last().textContent()).resolves.toBe(m.text);
  });

  it('measures from a point of the other scan, not moved, to a point of the scaled one as they are drawn', async () => {
    const [fromEven, fromOdd] = await Promise.all([lonePoints(page, 10, even.id), lonePoints(page, 10, odd.id)]);
    expect(fromEven.length && fromOdd.length).toBeTruthy();
    await distanceInHand();
    const [a, b] = [fromEven[Math.floor(fromEven.length / 2)], fromOdd[0]];
    const m = await measureWith(page, [a, b]);
    const s = await waitForState(page, () => true);
    expect(s.measure.done.at(-1)!.points.map((p) => [p.layerId, p.index])).toEqual([
      [even.id, a.index],
      [odd.id, b.index],
    ]);
    const expected = distance(pos(even.positions, a.index), placed(b.index));
    expect(m.value).toBeCloseTo(expected, 4);
    // not the distance between the two points where the files have them
    expect(Math.abs(m.value - distance(pos(even.positions, a.index), pos(odd.positions, b.index)))).toBeGreaterThan(0.01);
    await saveScreenshot(page, 'measured-scaled-layer');
  });

  it('gives a picked point of the scaled scan where its file has it and where it is placed', async () => {
    // M puts whatever tool is in hand down
    if ((await waitForState(page, () => true)).measure.tool) await page.keyboard.press('m');
    await waitForState(page, (s) => s.measure.tool === null);
    const lone = await lonePoints(page, 10, odd.id);
    const p = lone[Math.floor(lone.length / 2)];
    await page.mouse.click(p.at[0], p.at[1]);
    await waitForState(page, (s) => s.pick?.layerId === odd.id && s.pick.index === p.index);
    const numbers = async (id: string) => (await page.getByTestId(id).textContent())!.split(', ').map(Number);
    (await numbers('pick-position')).forEach((v, k) => expect(v).toBeCloseTo(pos(odd.positions, p.index)[k], 3));
    (await numbers('pick-placed')).forEach((v, k) => expect(v).toBeCloseTo(placed(p.index)[k], 3));
    const labels = await page.getByTestId('inspector').locator('dt').allTextContents();
    expect(labels).toEqual(expect.arrayContaining(['In the file', 'As placed']));
    await page.getByTestId('inspector').scrollIntoViewIfNeeded();
    await saveScreenshot(page, 'inspected-scaled-layer');
  });

  it('says how many measurements went with the scaled scan when it is removed', async () => {
    const lone = (await lonePoints(page, 10, odd.id)).sort((a, b) => a.at[0] - b.at[0]);
    await distanceInHand();
    await measureWith(page, [lone[0], lone[lone.length - 1]]);
    // the scaled scan is the active layer: every measurement listed went with it
    const before = (await waitForState(page, (s) => s.layer?.id === odd.id)).measure.done.length;
    await page.locator(`[data-testid="layer-row"][data-layer="${odd.id}"]`).getByTestId('layer-remove').click();
    const s = await waitForState(page, (s) => s.layers.length === 1);
    expect(s.measure.done).toEqual([]);
    await expect(page.getByTestId('notice-message').textContent()).resolves.toBe(`${before} ${before === 1 ? 'measurement' : 'measurements'} on ${ODD.name} ${before === 1 ? 'was' : 'were'} removed with it.`);
    await saveScreenshot(page, 'measurements-removed-with-layer');
  });
});

describe('measurements kept in the browser', () => {
  let page: Page;
  quietPagePerSuite(SCENE, (shown) => (page = shown));

  it('brings a distance back with the same value on the same file opened again after a reload', async () => {
    const lone = (await lonePoints(page)).sort((a, b) => a.at[0] - b.at[0]);
    await page.getByTestId('measure-tool-distance').click();
    const taken = await measureWith(page, [lone[0], lone[lone.length - 1]]);
    await page.keyboard.press('Escape');

    await page.reload();
    await waitForState(page, (s) => s.loading === null);
    await dropFiles(page, [SCENE]);
    const s = await waitForState(page, (s) => s.layer?.fileName === SCENE.name && s.loading === null && s.measure.done.length > 0);
    expect(s.measure.done).toHaveLength(1);
    expect(s.measure.done[0].points.every((p) => p.layerId === s.layer!.id)).toBe(true);
    const row = page.getByTestId('measurement');
    await expect(row.count()).resolves.toBe(1);
    await expect(row.getAttribute('data-points')).resolves.toBe(taken.points.join(','));
    expect(Number(await row.getAttribute('data-value'))).toBeCloseTo(taken.value, 5);
    await expect(row.locator('.measure-value').textContent()).resolves.toBe(taken.text);
    await expect(page.getByTestId('measure-label').first().textContent()).resolves.toBe(taken.text);
    await page.getByTestId('measure-csv').scrollIntoViewIfNeeded();
    await expect(page.getByTestId('measure-csv').isVisible()).resolves.toBe(true);
    await saveScreenshot(page, 'measurement-kept');
  });
});
