// The viewer's rough edges, as a person meets them: the gallery drawer beside the view rather than
// over it (and over its box labels), a ShapeNet chair seen from its front, the legend reached at
// the bottom of the right column, a `?url=` to a missing file, the page's icon.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { dropFiles, fixtureFile, launchApp, saveScreenshot, screenPosition, startWithSettings, waitForState, type App } from './browser';

const ROOT = resolve(import.meta.dirname, '../..');
const SCENE = fixtureFile('e2e/scene0000_00.ply');

/** The chair's vertices from its OBJ, as the app reads them (+y up). */
function objVertices(path: string): number[][] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l.startsWith('v '))
    .map((l) => l.split(/\s+/).slice(1, 4).map(Number));
}

type Rect = { left: number; top: number; right: number; bottom: number };
const rectOf = (page: Page, selector: string) =>
  page.evaluate((s) => {
    const r = document.querySelector(s)!.getBoundingClientRect();
    return { left: r.left, top: r.top, right: r.right, bottom: r.bottom };
  }, selector) as Promise<Rect>;

describe('rough edges', () => {
  let app: App;

  beforeAll(async () => {
    app = await launchApp('webgl');
    await startWithSettings(app, { autoSegmentSeconds: 1e9 });
  });
  afterAll(async () => {
    await app?.close();
  });

  describe('a segmented room', () => {
    let page: Page;
    beforeAll(async () => {
      page = await app.open();
      await page.keyboard.press('Escape');
      await dropFiles(page, [SCENE]);
      await waitForState(page, (s) => s.layer?.fileName === SCENE.name && s.segmentation?.status === 'done' && Object.keys(s.boxSets).length > 0, 240_000);
    });

    it('opens the gallery beside the view: the canvas narrows, the room stays in sight, no box label shows over the drawer', async () => {
      const before = await rectOf(page, 'canvas');
      await page.keyboard.press('g');
      await page.getByTestId('gallery').waitFor();
      const drawer = await rectOf(page, '[data-testid="gallery"]');
      // the canvas element takes its new width only when the renderer's resize observer fires, so its
      // left edge moves first: wait for both edges
      const column = await rectOf(page, '[data-testid="panels-right"]');
      await page
        .waitForFunction(
          ([left, right]) => {
            const r = document.querySelector('canvas')!.getBoundingClientRect();
            return r.left > left && r.right <= right;
          },
          [drawer.right - 1, column.left],
          { timeout: 10_000 },
        )
        .catch(() => undefined);
      const canvas = await rectOf(page, 'canvas');
      expect(canvas.left).toBeGreaterThanOrEqual(drawer.right);
      expect(canvas.right).toBeLessThanOrEqual(column.left);
      expect(before.right - before.left).toBeGreaterThan(canvas.right - canvas.left);
      // the room is framed again for the narrower canvas: its first and last points are inside it
      for (const index of [0, 24_999]) {
        await page.waitForTimeout(500);
        const [x, y] = await screenPosition(page, index);
        expect(x).toBeGreaterThan(0);
        expect(x).toBeLessThan(canvas.right - canvas.left);
        expect(y).toBeGreaterThan(0);
      }
      // every label that lies over the drawer is under it: the drawer is what a click there reaches
      const overDrawer = await page.evaluate((d) => {
        let shown = 0;
        let hit = 0;
        for (const label of document.querySelectorAll('[data-testid="box-label"]')) {
          const r = label.getBoundingClientRect();
          const [x, y] = [(r.left + r.right) / 2, (r.top + r.bottom) / 2];
          if (!label.contains(document.elementFromPoint(x, y))) continue;
          shown++;
          if (x >= d.left && x <= d.right && y >= d.top && y <= d.bottom) hit++;
        }
        return { shown, hit };
      }, drawer);
      expect(overDrawer.shown).toBeGreaterThan(0);
      expect(overDrawer.hit).toBe(0);
      await saveScreenshot(page, 'gallery-beside-view');
      await page.keyboard.press('g');
      await page.waitForFunction(() => document.querySelector('canvas')!.getBoundingClientRect().left === 0);
    });

    it('scrolls the right column down to the legend\'s last class, whose box then hides it', async () => {
      const column = await rectOf(page, '[data-testid="panels-right"]');
      await page.mouse.move((column.left + column.right) / 2, column.bottom - 20);
      const last = page.getByTestId('legend-toggle').last();
      // whether a click at the toggle's centre reaches it: the legend's list scrolls on its own, and may still hide it below its edge
      const reachable = () =>
        last.evaluate((el) => {
          const r = el.getBoundingClientRect();
          return el === document.elementFromPoint((r.left + r.right) / 2, (r.top + r.bottom) / 2);
        });
      for (let i = 0; i < 10; i++) {
        const r = await last.boundingBox();
        if (r && r.y + r.height <= column.bottom) break;
        await page.mouse.wheel(0, 300);
        await page.waitForTimeout(200);
      }
      // then, as a person would, the list itself, with the pointer over it
      const list = await rectOf(page, '[data-testid="legend"] .legend-list');
      await page.mouse.move((list.left + list.right) / 2, (list.top + list.bottom) / 2);
      for (let i = 0; i < 10 && !(await reachable()); i++) {
        await page.mouse.wheel(0, 100);
        await page.waitForTimeout(200);
      }
      expect(await reachable()).toBe(true);
      const r = (await last.boundingBox())!;
      expect(r.y + r.height).toBeLessThanOrEqual(column.bottom);
      const label = Number(await last.getAttribute('data-label'));
      await page.mouse.click(r.x + r.width / 2, r.y + r.height / 2);
      await waitForState(page, (s) => Object.values(s.settings.hiddenLabels).some((h) => h.includes(label)));
    });
  });

  it('frames a ShapeNet chair from its front, not its back', async () => {
    const page = await app.open({ sample: 'shapenet-chair-356fc758' });
    await waitForState(page, (s) => s.layer?.fileName === 'model_normalized.obj' && s.loading === null);
    await page.waitForFunction(() => window.__pointlens?.camera());
    const camera = (await page.evaluate(() => window.__pointlens!.camera()))!;
    const v = objVertices(resolve(ROOT, 'samples/shapenet/chair-356fc758/model_normalized.obj'));
    const centre = [0, 1, 2].map((k) => v.reduce((s, p) => s + p[k], 0) / v.length);
    const cut = v.map((p) => p[1]).sort((a, b) => a - b)[Math.floor(v.length * 0.85)];
    const top = v.filter((p) => p[1] >= cut);
    const backrest = [0, 2].map((k) => top.reduce((s, p) => s + p[k], 0) / top.length - centre[k]);
    const toCamera = [camera[0] - centre[0], camera[2] - centre[2]];
    // seen from the side the backrest is not on
    expect(backrest[0] * toCamera[0] + backrest[1] * toCamera[1]).toBeLessThan(0);
    await saveScreenshot(page, 'shapenet-chair-front');
  });

  it('says a ?url= file is missing, where the server answers with a web page', async () => {
    const page = await app.open({ url: 'samples/no-such-scan.ply' });
    await page.keyboard.press('Escape');
    await expect(page.getByTestId('error-message').textContent()).resolves.toMatch(/no-such-scan\.ply was not found: the server answered with a web page \(text\/html/);
  });

  it('has an icon', async () => {
    const page = await app.open();
    const href = await page.evaluate(() => (document.querySelector('link[rel="icon"]') as HTMLLinkElement).href);
    const res = await page.evaluate(async (u) => {
      const r = await fetch(u);
      return { status: r.status, type: r.headers.get('content-type'), text: await r.text() };
    }, href);
    expect(res.status).toBe(200);
    expect(res.type).toMatch(/image\/svg\+xml/);
    expect(res.text).toMatch(/^<svg/);
  });
});
