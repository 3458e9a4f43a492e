// A height profile across a real ScanNet room, drawn as a person does: P, two clicks on points of
// the scan, Enter. The panel's count is checked against the same cut made in Node from the file,
// the plot against its pixels, and the exported CSV against the line's length and the room's heights.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { readFileSync } from 'node:fs';
import { appState, canvasImage, countChanged, fixtureFile, launchApp, lonePoints, saveScreenshot, showQuietly, viewPixels, waitForState, OUT, type App } from './browser';
import type { DecodedImage } from '../../scripts/headless/png';
import { parseFiles } from '../../src/core/io';
import { floorHeight } from '../../src/core/geometry/measure';
import { heightProfile, type Profile } from '../../src/core/geometry/profile';
import { join } from 'node:path';

const SCENE = fixtureFile('e2e/scene0000_00.ply');

/** Pixels of a plot that are neither its grey background, gridlines nor numbers: the scan's colours. */
function colouredPixels(plot: Locator): Promise<number> {
  return plot.evaluate((c: HTMLCanvasElement) => {
    const { data } = c.getContext('2d')!.getImageData(0, 0, c.width, c.height);
    let n = 0;
    for (let i = 0; i < data.length; i += 4) if (Math.max(data[i], data[i + 1], data[i + 2]) - Math.min(data[i], data[i + 1], data[i + 2]) > 25) n++;
    return n;
  });
}

/** Pixels of the 3D view in the corridor's blue (#4ac2ff), its line's and its box's edges. */
const corridorPixels = (page: Page) => viewPixels(page, (r, g, b) => Math.abs(r - 74) < 20 && Math.abs(g - 194) < 20 && b > 230);

/** The square of `image` `r` pixels either side of (`x`, `y`). */
function around(image: DecodedImage, [x, y]: [number, number], r: number): DecodedImage {
  const [x0, y0, size] = [Math.round(x) - r, Math.round(y) - r, 2 * r + 1];
  const data = new Uint8Array(size * size * 4);
  for (let j = 0; j < size; j++) data.set(image.data.subarray(4 * ((y0 + j) * image.width + x0), 4 * ((y0 + j) * image.width + x0 + size)), 4 * j * size);
  return { width: size, height: size, data };
}

describe('height profile', () => {
  let app: App;
  let page: Page;
  let positions: Float32Array;
  let ends: [{ index: number; at: [number, number] }, { index: number; at: [number, number] }];
  let expected: Profile | undefined;
  let floor: number;

  beforeAll(async () => {
    positions = (await parseFiles([{ name: SCENE.name, bytes: SCENE.bytes }])).data.positions;
    floor = floorHeight(positions, '+z');
    app = await launchApp('webgl');
    page = await showQuietly(app, SCENE);
    // the two lone points farthest apart on the ground: a line across the room
    const lone = await lonePoints(page);
    const ground = (i: number) => [positions[3 * i], positions[3 * i + 1]];
    let best = -1;
    for (const a of lone) {
      for (const b of lone) {
        const d = Math.hypot(ground(a.index)[0] - ground(b.index)[0], ground(a.index)[1] - ground(b.index)[1]);
        if (d > best) [best, ends] = [d, [a, b]];
      }
    }
  });
  afterAll(async () => {
    await app?.close();
  });

  /** Draws the line between the two ends as a person does (P, two clicks, Enter) and gives the cut Node makes along it. */
  async function drawProfile(): Promise<Profile> {
    await page.keyboard.press('p');
    await waitForState(page, (s) => s.profile.drawing);
    for (const p of ends) await page.mouse.click(p.at[0], p.at[1]);
    await waitForState(page, (s) => s.profile.current.length === 2);
    await page.keyboard.press('Enter');
    const s = await waitForState(page, (s) => s.profile.line !== null && !s.profile.drawing);
    expect(s.profile.line!.map((p) => p.index)).toEqual(ends.map((p) => p.index));
    const width = Number(await page.getByTestId('profile-width').inputValue());
    const line = ends.map(({ index: i }) => [positions[3 * i], positions[3 * i + 1], positions[3 * i + 2]] as const);
    return heightProfile({ positions, up: '+z', line, width, zero: floor });
  }

  /** The cut along the line, drawn first where no test has drawn it yet. */
  async function profileShown(): Promise<Profile> {
    expected ??= await drawProfile();
    return expected;
  }

  it('draws a line across the room with P, two clicks and Enter, and counts the points of its corridor', async () => {
    expected = await drawProfile();
    const width = Number(await page.getByTestId('profile-width').inputValue());
    expect(width).toBeGreaterThan(0);
    expect(expected.found).toBeGreaterThan(100);
    const count = page.getByTestId('profile-count');
    await expect.poll(() => count.getAttribute('data-found')).toBe(String(expected.found));
    await expect(count.textContent()).resolves.toContain(`${expected.found.toLocaleString('en-US')} points within ${(width / 2).toFixed(3)} m of a line ${expected.length.toFixed(3)} m long`);
    await expect(page.getByTestId('profile-heights').textContent()).resolves.toMatch(/^Heights above the floor at -?\d+\.\d{3} m, as Measure reads them\.$/);
    await saveScreenshot(page, 'profile-scene');
  });

  it('hides the line and its corridor with its layer, and shows them again with it', async () => {
    const layer = (await waitForState(page, (s) => s.profile.line !== null)).layer!.id;
    const visible = page.locator(`[data-testid="layer-row"][data-layer="${layer}"]`).getByTestId('layer-visible');
    await expect.poll(() => corridorPixels(page)).toBeGreaterThan(100);
    await visible.uncheck();
    await expect.poll(() => corridorPixels(page)).toBe(0);
    await visible.check();
    await expect.poll(() => corridorPixels(page)).toBeGreaterThan(100);
  });

  it('plots the cut in the colours the room is drawn in, and gives a hovered point its distance and height and marks it in the scene', async () => {
    const expected = await profileShown();
    const plot = page.getByTestId('profile-plot');
    await plot.scrollIntoViewIfNeeded();
    expect(await colouredPixels(plot)).toBeGreaterThan(200);
    await plot.screenshot({ path: join(OUT, 'profile-plot.png') });
    const box = (await plot.boundingBox())!;
    const hover = page.getByTestId('profile-plot-hover');
    // across the plot until the cursor meets a point
    let text = '';
    for (let y = box.y + 10; y < box.y + box.height - 20 && !text.startsWith('Distance'); y += 6) {
      for (let x = box.x + 50; x < box.x + box.width - 8 && !text.startsWith('Distance'); x += 6) {
        await page.mouse.move(x, y);
        text = (await hover.textContent()) ?? '';
      }
    }
    const m = /^Distance (\d+\.\d{3}) m · height (-?\d+\.\d{3}) m$/.exec(text);
    expect(m).not.toBeNull();
    const [d, h] = [Number(m![1]), Number(m![2])];
    expect(d).toBeGreaterThanOrEqual(0);
    expect(d).toBeLessThanOrEqual(expected.length + 0.001);
    // a point of the cut at that distance and height
    expect([...expected.distances].some((v, k) => Math.abs(v - d) < 0.001 && Math.abs(expected.heights[k] - h) < 0.001)).toBe(true);
    // the scene marks that point
    const hovered = (await appState(page)).profile.hover;
    const k = [...expected.indices].indexOf(hovered!.index);
    expect(k).toBeGreaterThanOrEqual(0);
    expect(text).toBe(`Distance ${expected.distances[k].toFixed(3)} m · height ${expected.heights[k].toFixed(3)} m`);
    await page.locator('.panel-column.left').screenshot({ path: join(OUT, 'profile-panel.png') });
    // off the plot, the scene's marker goes
    await page.mouse.move(box.x + box.width / 2, box.y - 30);
    await waitForState(page, (s) => s.profile.hover === null);
  });

  it('enlarges the plot over the 3D view, marks a point hovered in it in the scene, inspects a clicked one, and closes it', async () => {
    const expected = await profileShown();
    const small = page.getByTestId('profile-plot');
    await small.scrollIntoViewIfNeeded();
    const smallWidth = (await small.boundingBox())!.width;
    await page.getByTestId('profile-enlarge').click();
    await waitForState(page, (s) => s.profile.enlarged);
    const large = page.getByTestId('profile-plot-large');
    await expect.poll(async () => (await large.boundingBox())?.width ?? 0).toBeGreaterThan(2 * smallWidth);
    const box = (await large.boundingBox())!;
    expect(box.height).toBeGreaterThan(150);
    // drawn at the screen's own pixels
    const backing = await large.evaluate((c: HTMLCanvasElement) => [c.width, c.height, Math.round(c.clientWidth * devicePixelRatio), Math.round(c.clientHeight * devicePixelRatio)]);
    expect(backing.slice(0, 2)).toEqual(backing.slice(2));
    await expect.poll(() => colouredPixels(large)).toBeGreaterThan(1000);
    await page.mouse.move(2, 400);
    await waitForState(page, (s) => s.profile.hover === null);
    const before = await canvasImage(page);

    // a place in the plot whose point (not a corner of the line, which has its own marker) the 3D
    // view shows above the large panel, found as a person sweeping the cursor over the plot would
    const panel = (await page.getByTestId('profile-large').boundingBox())!;
    const corners = ends.map((e) => e.index);
    const spot = await large.evaluate((c: HTMLCanvasElement, [panel, corners]) => {
      const r = c.getBoundingClientRect();
      for (let y = r.top + 10; y < r.bottom - 24; y += 5) {
        for (let x = r.left + 46; x < r.right - 8; x += 5) {
          c.dispatchEvent(new PointerEvent('pointermove', { clientX: x, clientY: y, bubbles: true }));
          const index = window.__pointlens!.state().profile.hover?.index;
          const at = index === undefined ? null : window.__pointlens!.project(index);
          if (at && !corners.includes(index!) && at[0] > panel.x + 20 && at[0] < panel.x + panel.width - 20 && at[1] > 70 && at[1] < panel.y - 20) return { x, y, index: index!, at };
        }
      }
      return null;
    }, [panel, corners] as const);
    expect(spot).not.toBeNull();
    await page.mouse.move(spot!.x, spot!.y);
    const hovered = await waitForState(page, (s) => s.profile.hover !== null);
    const { index, at } = spot!;
    expect(hovered.profile.hover!.index).toBe(index);
    expect([...expected.indices]).toContain(index);
    await expect(page.getByTestId('profile-plot-large-hover').textContent()).resolves.toMatch(/^Distance \d+\.\d{3} m · height -?\d+\.\d{3} m$/);
    // the marker shows where the point lies in the 3D view
    await expect.poll(async () => countChanged(around(before, at, 12), around(await canvasImage(page), at, 12)), { timeout: 10_000 }).toBeGreaterThan(15);
    await saveScreenshot(page, 'profile-enlarged');
    await page.getByTestId('profile-large').screenshot({ path: join(OUT, 'profile-enlarged-plot.png') });

    // a drag pans the plot and inspects nothing; dragged back, the point is under the cursor again
    const inspected = (await appState(page)).pick;
    expect(inspected?.index).not.toBe(index);
    for (const [from, to] of [[spot!.x, spot!.x + 60], [spot!.x + 60, spot!.x]]) {
      await page.mouse.move(from, spot!.y);
      await page.mouse.down();
      await page.mouse.move(to, spot!.y, { steps: 4 });
      await page.mouse.up();
    }
    expect((await appState(page)).pick).toEqual(inspected);
    await waitForState(page, (s) => s.profile.hover?.index === index);

    // a click on it inspects it
    await page.mouse.click(spot!.x, spot!.y);
    const picked = await waitForState(page, (s) => s.pick?.index === index);
    expect(picked.pick!.layerId).toBe(hovered.layer!.id);
    await expect(page.getByTestId('pick-index').textContent()).resolves.toBe(String(index));

    // moving off the plot lets the marker go
    await page.mouse.move(spot!.x, panel.y - 40);
    await waitForState(page, (s) => s.profile.hover === null);

    await page.getByTestId('profile-large-close').click();
    await expect.poll(() => page.getByTestId('profile-large').count()).toBe(0);
    expect((await appState(page)).profile.enlarged).toBe(false);
    // Esc closes it too, where no tool takes it
    await page.getByTestId('profile-enlarge').click();
    await waitForState(page, (s) => s.profile.enlarged);
    await page.keyboard.press('Escape');
    await waitForState(page, (s) => !s.profile.enlarged);
  });

  it('resizes the large plot by dragging its top edge, within bounds, and opens it again at the height it was left', async () => {
    await profileShown();
    if ((await appState(page)).profile.line === null) expected = await drawProfile();
    await page.getByTestId('profile-enlarge').click();
    const panel = page.getByTestId('profile-large');
    const plot = page.getByTestId('profile-plot-large');
    await plot.waitFor();
    const heightOf = async (l: Locator) => (await l.boundingBox())!.height;
    /** Drags the top edge by `dy` pixels (up is negative), as a person does. */
    const dragTop = async (dy: number) => {
      const box = (await page.getByTestId('profile-large-resize').boundingBox())!;
      const [x, y] = [box.x + box.width / 2, box.y + box.height / 2];
      await page.mouse.move(x, y);
      await page.mouse.down();
      await page.mouse.move(x, y + dy, { steps: 4 });
      await page.mouse.up();
    };
    const before = (await panel.boundingBox())!;
    const plotBefore = await heightOf(plot);
    await dragTop(-120);
    await expect.poll(() => heightOf(panel)).toBeCloseTo(before.height + 120, 0);
    // its bottom stays, and the plot inside grows with it
    expect((await panel.boundingBox())!.y + (await heightOf(panel))).toBeCloseTo(before.y + before.height, 0);
    await expect.poll(() => heightOf(plot)).toBeGreaterThan(plotBefore + 100);
    await saveScreenshot(page, 'profile-enlarged-taller');
    // dragged past the top, it leaves the toolbar and a strip of the view above it; past its bottom, it keeps its least height
    await dragTop(-2000);
    await expect.poll(async () => (await panel.boundingBox())!.y).toBeCloseTo(120, 0);
    await dragTop(2000);
    await expect.poll(() => heightOf(panel)).toBeCloseTo(220, 0);
    // left at a height, closed and opened again: as tall as it was left
    await dragTop(-80);
    await expect.poll(() => heightOf(panel)).toBeCloseTo(300, 0);
    await page.getByTestId('profile-large-close').click();
    await expect.poll(() => panel.count()).toBe(0);
    await page.getByTestId('profile-enlarge').click();
    await plot.waitFor();
    expect(await heightOf(panel)).toBeCloseTo(300, 0);
    await page.getByTestId('profile-large-close').click();
    await waitForState(page, (s) => !s.profile.enlarged);
  });

  it('exports the cut as CSV: a row a point, within the line\'s length and the room\'s heights', async () => {
    const expected = await profileShown();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('profile-csv').click()]);
    expect(download.suggestedFilename()).toBe('scene0000_00.profile.csv');
    const [header, ...rows] = readFileSync((await download.path())!, 'utf8').trim().split('\n');
    expect(header.split(',').slice(0, 8)).toEqual(['distance', 'height', 'x', 'y', 'z', 'red', 'green', 'blue']);
    expect(rows).toHaveLength(expected.found);
    let [lo, hi] = [Infinity, -Infinity];
    for (let i = 0; i < positions.length; i += 3) [lo, hi] = [Math.min(lo, positions[i + 2]), Math.max(hi, positions[i + 2])];
    let last = -Infinity;
    for (const row of rows) {
      const [distance, height, , , z] = row.split(',').map(Number);
      expect(distance).toBeGreaterThanOrEqual(0);
      expect(distance).toBeLessThanOrEqual(expected.length + 1e-4);
      expect(distance).toBeGreaterThanOrEqual(last);
      last = distance;
      expect(height).toBeGreaterThanOrEqual(lo - floor - 1e-4);
      expect(height).toBeLessThanOrEqual(hi - floor + 1e-4);
      expect(height).toBeCloseTo(z - floor, 4);
    }
  });

  it('finishes a line with a double-click on its last corner', async () => {
    await page.keyboard.press('p');
    await waitForState(page, (s) => s.profile.drawing && s.profile.current.length === 0);
    const [b, a] = ends;
    await page.mouse.click(b.at[0], b.at[1]);
    await page.mouse.dblclick(a.at[0], a.at[1]);
    const s = await waitForState(page, (s) => !s.profile.drawing);
    expect(s.profile.line!.map((p) => p.index)).toEqual([b.index, a.index]);
    // the line the other tests read, drawn again
    expected = await drawProfile();
  });

  it('drops the corners with Escape, then puts the line down, after which a click inspects again', async () => {
    await profileShown();
    await page.keyboard.press('p');
    await page.mouse.click(ends[0].at[0], ends[0].at[1]);
    await waitForState(page, (s) => s.profile.current.length === 1);
    await page.keyboard.press('Escape');
    await waitForState(page, (s) => s.profile.drawing && s.profile.current.length === 0);
    await page.keyboard.press('Escape');
    await waitForState(page, (s) => !s.profile.drawing);
    await page.mouse.click(ends[1].at[0], ends[1].at[1]);
    const s = await waitForState(page, (s) => s.pick !== null);
    expect(s.pick!.index).toBe(ends[1].index);
    // the profile drawn before stays
    expect(s.profile.line).toHaveLength(2);
  });

  it('puts the large plot away with Clear, and does not open it unasked for the next line', async () => {
    await profileShown();
    if ((await appState(page)).profile.line === null) expected = await drawProfile();
    await page.getByTestId('profile-enlarge').click();
    await page.getByTestId('profile-plot-large').waitFor();
    await page.getByTestId('profile-clear').click();
    await waitForState(page, (s) => s.profile.line === null && !s.profile.enlarged);
    await expect(page.getByTestId('profile-large').count()).resolves.toBe(0);
    expected = await drawProfile();
    await page.getByTestId('profile-plot').waitFor();
    await expect(page.getByTestId('profile-large').count()).resolves.toBe(0);
    await saveScreenshot(page, 'profile-after-clear');
  });
});
