// A LAS file read as it arrives, and one over the read budget (lowered for the test with
// ?readBudget=, in MB, so that a file of 26 MB stands for one of gigabytes): it opens as an even
// subsample, the Info panel says so, and resting the camera on a corner reads that region of the
// file again in full, drawn over the decimated whole.
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countInside, type Bounds } from '../../src/core/geometry/bounds';
import { parseFiles } from '../../src/core/io';
import { parseLas } from '../../src/core/io/las';
import type { PointCloud } from '../../src/core/types';
import { SETTINGS_KEY } from '../../src/state/persistSettings';
import type { DrawnStats } from '../../src/render/viewerHandle';
import { las12 } from '../core/io/helpers';
import { launchApp, saveScreenshot, waitForState, type App } from './browser';

const ROOT = resolve(import.meta.dirname, '../..');
const FILE = 'e2e-big.las';
const COPIES = 20;
/** MB: the file's 1M points take 21 bytes each while read (positions, 16-bit colours, intensity, classification) */
const BUDGET_MB = 2;

/** A real ScanNet room (50k points) laid out 20 times along x: 1M points, as LAS 1.2 with colours. */
async function bigScan(): Promise<PointCloud> {
  const room = (await parseFiles([{ name: 'scene0007_00.ply', bytes: new Uint8Array(readFileSync(resolve(ROOT, 'samples/scannet/scene0007_00.ply'))) }])).data;
  const n = room.positions.length / 3;
  const positions = new Float32Array(n * 3 * COPIES);
  const colors = new Uint8Array(n * 3 * COPIES);
  const label = new Int32Array(n * COPIES);
  for (let c = 0; c < COPIES; c++) {
    for (let i = 0; i < n; i++) {
      positions[3 * (c * n + i)] = room.positions[3 * i] + c * 8;
      positions[3 * (c * n + i) + 1] = room.positions[3 * i + 1];
      positions[3 * (c * n + i) + 2] = room.positions[3 * i + 2];
    }
    colors.set(room.colors!, c * n * 3);
    label.set(room.fields.label as Int32Array, c * n);
  }
  return { kind: 'points', positions, colors, fields: { label, instance: new Int32Array(n * COPIES) } };
}

interface Timeline {
  firstPicture?: { at: number; loading: boolean; progressBar: boolean; points: number };
  loaded?: { at: number };
}

/** What the view draws, once the octree's selection has settled for the current camera. */
async function settled(page: Page): Promise<DrawnStats> {
  let last = '';
  for (let i = 0; i < 120; i++) {
    const stats = await page.evaluate(() => window.__pointlens?.drawn() ?? null);
    const key = JSON.stringify(stats && { ...stats, indices: stats.indices?.length });
    if (stats && stats.points > 0 && key === last) return stats;
    last = key;
    await page.waitForTimeout(500);
  }
  throw new Error(`the view did not settle: ${last}`);
}

/** Zooms with the wheel towards the drawn point nearest the canvas's top-left corner. */
async function zoomTowardsCorner(page: Page): Promise<void> {
  const before = await settled(page);
  const target = await page.evaluate((indices) => {
    let best: [number, number] | null = null;
    for (const i of indices) {
      const at = window.__pointlens!.project(i);
      if (at && at[0] > 0 && at[1] > 0 && (!best || at[0] + at[1] < best[0] + best[1])) best = at;
    }
    return best;
  }, before.indices ?? []);
  if (!target) throw new Error('no drawn point on screen');
  // wheel events dispatched in the page: a busy software-rendered page coalesces real ones
  await page.evaluate(([x, y]) => {
    const canvas = document.querySelector('canvas')!;
    const rect = canvas.getBoundingClientRect();
    const at = { clientX: rect.left + x + 30, clientY: rect.top + y + 30, bubbles: true, cancelable: true };
    canvas.dispatchEvent(new PointerEvent('pointermove', at));
    for (let k = 0; k < 30; k++) canvas.dispatchEvent(new WheelEvent('wheel', { ...at, deltaY: -600 }));
  }, target);
  await settled(page);
}

describe('big LAS files', () => {
  let app: App;
  let bytes: Uint8Array;
  let file: PointCloud;
  let points = 0;

  beforeAll(async () => {
    bytes = las12(await bigScan());
    writeFileSync(resolve(ROOT, 'dist', FILE), bytes);
    // the points as the file gives them (its scaled integers), for counts in a region
    file = (await parseLas(bytes)).data as PointCloud;
    points = file.positions.length / 3;
    app = await launchApp('webgl');
    await app.context.addInitScript(
      ([key, view]) => localStorage.setItem(key, view),
      [SETTINGS_KEY, JSON.stringify({ settings: { autoRecognise: false, showGrid: false } })],
    );
    // the page watches itself: a round trip per look could miss the moment
    await app.context.addInitScript(() => {
      const timeline: Timeline = {};
      (window as unknown as { timeline: Timeline }).timeline = timeline;
      const timer = setInterval(() => {
        const hook = window.__pointlens;
        if (!hook) return;
        const state = hook.state();
        const drawn = hook.drawn();
        if (!timeline.firstPicture && drawn && drawn.points > 0) {
          timeline.firstPicture = { at: performance.now(), loading: state.loading !== null, progressBar: !!document.querySelector('[data-testid="progress"]'), points: drawn.points };
        }
        if (state.loading === null && (state.layer?.points ?? 0) > 50_000) {
          timeline.loaded = { at: performance.now() };
          clearInterval(timer);
        }
      }, 20);
    });
  });
  afterAll(async () => {
    await app?.close();
    rmSync(resolve(ROOT, 'dist', FILE), { force: true });
  });

  it('shows a first picture of a streamed LAS file before parsing ends, then every point', async () => {
    const page = await app.open({ url: FILE });
    const state = await waitForState(page, (s) => s.loading === null && s.layer?.points === points, 180_000);
    const timeline = (await page.waitForFunction(() => (window as unknown as { timeline: Timeline }).timeline.loaded && (window as unknown as { timeline: Timeline }).timeline).then((h) => h.jsonValue()))!;
    expect(timeline.firstPicture?.loading).toBe(true);
    expect(timeline.firstPicture?.progressBar).toBe(true);
    expect(timeline.firstPicture!.at).toBeLessThan(timeline.loaded!.at);
    expect(state.layer).toMatchObject({ format: 'las', points, attributes: ['rgb', 'intensity', 'classification'] });
    expect(state.layer?.decimated).toBeUndefined();
    await page.close();
  });

  it('opens a file over the read budget decimated, says so, and reads a corner in full once the camera rests there', async () => {
    const page = await app.open({ url: FILE, readBudget: String(BUDGET_MB) });
    const every = Math.ceil((points * 21) / (BUDGET_MB * 2 ** 20));
    const held = Math.ceil(points / every);
    const state = await waitForState(page, (s) => s.loading === null && s.layer?.points === held, 180_000);
    expect(state.layer?.decimated).toEqual({ total: points, every });
    await expect(page.getByTestId('info-decimated').textContent()).resolves.toBe(`holds ${held.toLocaleString('en-US')} of ${points.toLocaleString('en-US')} points (1 in ${every})`);
    await expect(page.getByTestId('read-budget').getAttribute('data-bytes')).resolves.toBe(String(BUDGET_MB * 2 ** 20));
    await saveScreenshot(page, 'big-las-decimated');

    // zoom towards the top-left corner until the region in view is read with every point
    let shown = state;
    for (let round = 0; round < 4 && shown.detail?.every !== 1; round++) {
      await zoomTowardsCorner(page);
      // the camera rests: the view is reported, and the region read
      await page.waitForTimeout(1500);
      shown = await waitForState(page, (s) => s.detail !== null && s.detail.status !== 'loading', 120_000);
      expect(shown.detail?.status).toBe('shown');
    }
    const detail = shown.detail!;
    const box: Bounds = detail.box;
    expect(detail.every).toBe(1);
    const drawnInBox = () => page.evaluate((b) => window.__pointlens!.drawnInBox(b), box);
    const inFile = countInside(file.positions, box);
    expect(detail.inside).toBe(inFile);
    expect(detail.points).toBe(inFile);
    await page.waitForFunction((b) => window.__pointlens!.drawnInBox(b)?.detail === window.__pointlens!.state().detail?.points, box);
    const drawn = (await drawnInBox())!;
    // the decimated layer draws at most what it holds of the region; the detail layer draws every point of the file there
    expect(drawn.detail).toBe(inFile);
    const heldInBox = countInside(file.positions.filter((_, k) => Math.floor(k / 3) % every === 0), box);
    expect(drawn.layer).toBeLessThanOrEqual(heldInBox);
    expect(heldInBox * 5).toBeLessThan(inFile);
    await expect(page.getByTestId('info-detail').textContent()).resolves.toBe(`${inFile.toLocaleString('en-US')} of the region's ${inFile.toLocaleString('en-US')} points shown`);
    await saveScreenshot(page, 'big-las-detail');
    console.log(JSON.stringify({ points, held, every, box, inFile, heldInBox, drawn }));
  });
});
