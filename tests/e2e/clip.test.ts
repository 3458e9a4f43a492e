// Clip and section on a real ScanNet room, driven with the mouse and keys: a clip box dragged by
// its handles keeps the points a plain count in Node finds inside it (or outside), clipped points
// cannot be picked, a section seen from above keeps what lies below its height, and the labelled
// PLY exported meanwhile holds just those points.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { fixtureFile, launchApp, lonePoints, saveScreenshot, showQuietly, waitForState, type App } from './browser';
import { parseFiles } from '../../src/core/io';
import { formatCount } from '../../src/core/format';
import type { AppSnapshot } from '../../src/state/store';

const SCENE = fixtureFile('e2e/scene0000_00.ply');
type Box = NonNullable<AppSnapshot['clip']['box']>;

/** Whether point `i` of `p` lies in `box`, by plain comparison. */
const inBox = (p: Float32Array, i: number, box: Box) => [0, 1, 2].every((k) => Math.abs(p[i * 3 + k] - box.center[k]) <= box.size[k] / 2);

describe('clip and section', () => {
  let app: App;
  let page: Page;
  let positions: Float32Array;

  /** points a click could only mean, found before anything is clipped */
  let lone: { index: number; at: [number, number] }[];

  /** Drags handle `id` of the clip box by (dx, dy) pixels, as a person would; returns the box it leaves. */
  async function drag(id: string, dx: number, dy: number): Promise<Box> {
    const before = (await waitForState(page, (s) => s.clip.box !== null)).clip.box!;
    const r = (await page.locator(`[data-testid="clip-handle"][data-handle="${id}"]`).boundingBox())!;
    await page.mouse.move(r.x + r.width / 2, r.y + r.height / 2);
    await page.mouse.down();
    await page.mouse.move(r.x + r.width / 2 + dx, r.y + r.height / 2 + dy, { steps: 5 });
    await page.mouse.up();
    return (await waitForState(page, (s) => JSON.stringify(s.clip.box) !== JSON.stringify(before))).clip.box!;
  }

  beforeAll(async () => {
    positions = (await parseFiles([{ name: SCENE.name, bytes: SCENE.bytes }])).data.positions;
    app = await launchApp('webgl');
    page = await showQuietly(app, SCENE);
    lone = await lonePoints(page);
  });
  afterAll(async () => {
    await app?.close();
  });

  it('keeps the points inside a box dragged by its handles, then those outside it', async () => {
    await page.mouse.click(640, 780); // away from any field, so that the key reaches the app
    await page.keyboard.press('c');
    await waitForState(page, (s) => s.clip.box !== null);
    const narrowed = await drag('+x', -40, 0);
    const moved = await drag('centre', 30, 20);
    expect(moved.size).toEqual(narrowed.size);
    expect(moved.center).not.toEqual(narrowed.center);
    const box = (await waitForState(page, () => true)).clip.box!;
    let inside = 0;
    for (let i = 0; i < positions.length / 3; i++) if (inBox(positions, i, box)) inside++;
    expect(inside).toBeGreaterThan(100);
    await page.waitForFunction((n) => Number(document.querySelector('[data-testid="clip-kept"]')?.getAttribute('data-kept')) === n, inside);
    await expect(page.getByTestId('clip-kept').textContent()).resolves.toBe(`${inside.toLocaleString('en-US')} of 25,000 points kept`);
    await saveScreenshot(page, 'clip-box');

    await page.getByTestId('clip-keep').selectOption('outside');
    await page.waitForFunction((n) => Number(document.querySelector('[data-testid="clip-kept"]')?.getAttribute('data-kept')) === n, 25_000 - inside);
  });

  it('lets no click pick a point the box cuts away', async () => {
    const box = (await waitForState(page, (s) => s.clip.box?.keep === 'outside')).clip.box!;
    // points the box cuts away that, unclipped, a click on them could only have picked
    const cut = lone.filter((p) => inBox(positions, p.index, box));
    expect(cut.length).toBeGreaterThan(0);
    for (const p of cut.slice(0, 3)) {
      await page.mouse.click(p.at[0], p.at[1]);
      await page.waitForTimeout(300);
      const s = await waitForState(page, () => true);
      if (s.pick) expect(inBox(positions, s.pick.index, box)).toBe(false);
    }
    // and a kept one is picked as ever
    const keptPoint = lone.find((p) => !inBox(positions, p.index, box))!;
    await page.mouse.click(keptPoint.at[0], keptPoint.at[1]);
    await waitForState(page, (s) => s.pick?.index === keptPoint.index);
  });

  it('cuts a section at a height chosen on its slider, seen from above, and exports only what it keeps', async () => {
    await page.getByTestId('clip-box').uncheck();
    await page.getByTestId('segment-button').click();
    await waitForState(page, (s) => s.segmentation?.status === 'done', 120_000);
    await expect(page.getByTestId('segmentation-clip-note').count()).resolves.toBe(0);
    await page.mouse.click(640, 780);
    await page.keyboard.press('s');
    await waitForState(page, (s) => s.clip.section !== null);
    const slider = page.getByTestId('clip-section-height');
    await slider.focus();
    for (let i = 0; i < 30; i++) await slider.press('ArrowLeft');
    await page.mouse.click(640, 780);
    await page.keyboard.press('t');
    const state = await waitForState(page, (s) => s.viewFrom === 'top');
    const height = state.clip.section!;
    let below = 0;
    for (let i = 2; i < positions.length; i += 3) if (positions[i] <= height) below++;
    await page.waitForFunction((n) => Number(document.querySelector('[data-testid="clip-kept"]')?.getAttribute('data-kept')) === n, below);
    expect(below).toBeLessThan(25_000);
    // the segmentation's figures stay the whole scan's, and its panel says so
    await expect(page.getByTestId('segmentation-clip-note').textContent()).resolves.toBe(
      `The section keeps ${formatCount(below)} of ${formatCount(positions.length / 3)} points: the figures here are of the whole scan; the legend and the exports count only those kept.`,
    );
    // the camera looks down on the room from above its top
    await page.waitForTimeout(500);
    const camera = (await page.evaluate(() => window.__pointlens!.camera()))!;
    expect(camera[2]).toBeGreaterThan(state.layer!.bounds.max[2]);
    await saveScreenshot(page, 'section-from-above');

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-ply').click()]);
    const exported = await parseFiles([{ name: 'export.ply', bytes: new Uint8Array(readFileSync((await download.path())!)) }]);
    expect(exported.data.positions.length / 3).toBe(below);
    for (let i = 2; i < exported.data.positions.length; i += 3) expect(exported.data.positions[i]).toBeLessThanOrEqual(height);
    expect(exported.data.fields.pred).toHaveLength(below);
  });
});
