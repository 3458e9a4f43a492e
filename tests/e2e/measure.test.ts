// Measuring a real ScanNet room as a person does: M (or a tool button), clicks on points, Enter to
// close an area. Each value shown is checked against the same points read from the file in Node.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { fixtureFile, launchApp, lonePoints, saveScreenshot, showQuietly, waitForState, type App } from './browser';
import { readFileSync } from 'node:fs';
import { parseFiles } from '../../src/core/io';
import { decodePng } from '../../scripts/headless/png';
import { angleAt, distance, floorHeight, polygonArea, type Vec3 } from '../../src/core/geometry/measure';

const SCENE = fixtureFile('e2e/scene0000_00.ply');

describe('measure', () => {
  let app: App;
  let page: Page;
  let positions: Float32Array;
  let lone: { index: number; at: [number, number] }[];
  const pos = (i: number): Vec3 => [positions[i * 3], positions[i * 3 + 1], positions[i * 3 + 2]];

  /** Clicks the lone points `picks` and waits for the measurement they finish. */
  async function measureWith(picks: { index: number; at: [number, number] }[], close?: 'Enter'): Promise<{ text: string; points: number[]; value: number }> {
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
    const m = await measureWith([a, b]);
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
    const m = await measureWith([c]);
    expect(m.points).toEqual([c.index]);
    const h = pos(c.index)[2] - floorHeight(positions, '+z');
    expect(m.value).toBeCloseTo(h, 5);
    expect(m.text).toBe(`${h.toFixed(3)} m`);
  });

  it('measures a polygon\'s area, closed with Enter, and an angle', async () => {
    await page.getByTestId('measure-tool-area').click();
    const corners = [lone[1], lone[Math.floor(lone.length / 3)], lone[Math.floor((2 * lone.length) / 3)], lone[lone.length - 2]];
    const area = await measureWith(corners, 'Enter');
    expect(area.points).toEqual(corners.map((c) => c.index));
    const expected = polygonArea(corners.map((c) => pos(c.index)));
    expect(area.value).toBeCloseTo(expected, 5);
    expect(area.text).toBe(`${expected.toFixed(3)} m²`);

    await page.getByTestId('measure-tool-angle').click();
    const arms = [lone[2], lone[Math.floor(lone.length / 2) + 1], lone[lone.length - 3]];
    const angle = await measureWith(arms);
    const deg = angleAt(pos(arms[0].index), pos(arms[1].index), pos(arms[2].index));
    expect(angle.value).toBeCloseTo(deg, 5);
    expect(angle.text).toBe(`${deg.toFixed(1)}°`);
    await saveScreenshot(page, 'measured-room');
  });

  it('sets the label of a measurement taken at the same place below the first, not over it', async () => {
    await page.getByTestId('measure-tool-distance').click();
    const [a, b] = [lone[4], lone[lone.length - 5]];
    await measureWith([a, b]);
    const labels = page.getByTestId('measure-label');
    const before = await labels.count();
    // the same two points the other way round: a label at the same anchor
    await measureWith([b, a]);
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
    await measureWith([lone[2], lone[lone.length - 3]]);
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
