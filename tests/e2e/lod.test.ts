// Level of detail end to end: a segmented ScanNet room drawn through its octree under a point
// budget half its size. The decimated view carries the overlay computed for every point;
// zooming into a corner draws every point there; a click picks a drawn point of a deep node.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { canvasImage, dropFiles, launchApp, saveScreenshot, startWithSettings, waitForState, type App, type RendererFlags } from './browser';
import type { DecodedImage } from '../../scripts/headless/png';
import type { DrawnStats } from '../../src/render/viewerHandle';
import { settled, zoomTowardsCorner } from './bigCloud';

const ROOT = resolve(import.meta.dirname, '../..');
const SCENE = { name: 'scene0008_00.ply', bytes: new Uint8Array(readFileSync(resolve(ROOT, 'samples/scannet/scene0008_00.ply'))) };
const POINTS = 50_000;
const BUDGET = 25_000;
const manifest = JSON.parse(readFileSync(resolve(ROOT, 'models/manifest.json'), 'utf8'));
const CLASS_COLORS: [number, number, number][] = manifest.models.find((m: { id: string }) => m.id === 'segmenter').classes.map((c: { color: number[] }) => c.color);

/** Pixels within a few levels of a class colour. */
function classColoured(image: DecodedImage, tol = 6): number {
  let n = 0;
  for (let i = 0; i < image.data.length; i += 4) {
    const [r, g, b] = [image.data[i], image.data[i + 1], image.data[i + 2]];
    if (CLASS_COLORS.some((c) => Math.abs(c[0] - r) <= tol && Math.abs(c[1] - g) <= tol && Math.abs(c[2] - b) <= tol)) n++;
  }
  return n;
}

/** Resets the view, then zooms with the wheel towards the drawn point nearest the canvas's top-left corner. */
async function zoomIntoCorner(page: Page): Promise<DrawnStats> {
  await page.keyboard.press('r');
  return zoomTowardsCorner(page, 55);
}

for (const flags of ['webgl', 'webgpu'] as RendererFlags[]) {
  describe(`level of detail on ${flags}`, () => {
    let app: App;
    let page: Page;

    beforeAll(async () => {
      app = await launchApp(flags);
      // the scan segments by itself, drawn under a budget of half its points, with nothing else drawn
      await startWithSettings(app, { autoSegmentSeconds: 1e9, pointBudget: BUDGET, showGrid: false, showBoxes: false });
      page = await app.open();
      if (await page.getByTestId('help-overlay').isVisible()) await page.keyboard.press('Escape');
      await dropFiles(page, [SCENE]);
      await waitForState(page, (s) => s.layer?.fileName === SCENE.name && s.segmentation?.status === 'done' && s.settings.colorMode === 'overlay:segmentation', 300_000);
    });
    afterAll(async () => {
      await app?.close();
    });

    it('draws a decimated view within the budget, coloured by the overlay computed for every point', async () => {
      await page.keyboard.press('r');
      const stats = await settled(page);
      expect(stats.points).toBeLessThanOrEqual(BUDGET);
      expect(stats.points).toBeGreaterThan(BUDGET / 4);
      expect(stats.nodes).toBeGreaterThan(1);
      expect(stats.drawnInView).toBeLessThan(stats.inView);
      const state = await waitForState(page, (s) => s.legend?.kind === 'labels');
      expect(state.legend?.kind === 'labels' && state.legend.entries.reduce((n, e) => n + e.count, 0)).toBe(POINTS);
      expect(state.displayedPoints).toBe(BUDGET);
      await expect(page.getByTestId('info-displayed').textContent()).resolves.toBe('25,000');
      await saveScreenshot(page, `${flags}-lod-decimated-overlay`);
      // the panels around the view are no class colour
      expect(classColoured(await canvasImage(page))).toBeGreaterThan(3000);
    });

    it('draws every point in view after zooming into a corner, still in the overlay colours', async () => {
      const stats = await zoomIntoCorner(page);
      await saveScreenshot(page, `${flags}-lod-corner`);
      expect(stats.points).toBeLessThanOrEqual(BUDGET);
      expect(stats.inView).toBeGreaterThan(500);
      expect({ ...stats, indices: undefined }).toEqual({ ...stats, indices: undefined, drawnInView: stats.inView });
      expect(classColoured(await canvasImage(page))).toBeGreaterThan(10_000);
    });

    it('picks a drawn point of a node below the root, with its class', async () => {
      const stats = await zoomIntoCorner(page);
      const drawn = stats.indices ?? [];
      // the selection lists nodes coarse to fine: the last point drawn lies in the finest node
      const target = await page.evaluate((list) => {
        for (let k = list.length - 1; k >= 0; k--) {
          const at = window.__pointlens!.project(list[k]);
          if (at && at[0] > 20 && at[1] > 20 && at[0] < innerWidth - 400 && at[1] < innerHeight - 20) return { index: list[k], at };
        }
        return null;
      }, drawn);
      if (!target) throw new Error('no drawn point of a fine node on screen');
      const box = (await page.locator('canvas').first().boundingBox())!;
      await page.mouse.click(box.x + target.at[0], box.y + target.at[1]);
      const state = await waitForState(page, (s) => s.pick !== null);
      const pick = state.pick!;
      expect(drawn).toContain(pick.index);
      const at = await page.evaluate((i) => window.__pointlens!.project(i), pick.index);
      expect(Math.hypot(at![0] - target.at[0], at![1] - target.at[1])).toBeLessThanOrEqual(8);
      expect(pick.overlays.segmentation?.className).toEqual(expect.any(String));
    });
  });
}
