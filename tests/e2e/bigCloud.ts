// Shared by the end-to-end tests of big clouds: a big real scan written for the test, the page
// watching for its first picture, and waiting for and zooming the octree's view.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { parseFiles } from '../../src/core/io';
import type { PointCloud } from '../../src/core/types';
import type { DrawnStats } from '../../src/render/viewerHandle';
import { expect } from 'vitest';
import type { AppSnapshot } from '../../src/state/store';
import { waitForState, type App } from './browser';

const ROOT = resolve(import.meta.dirname, '../..');

/** A real ScanNet room (50k points of x y z r g b) laid out `copies` times along x, `spacing` apart. */
export async function tiledRoom(copies: number, spacing: number): Promise<PointCloud> {
  const room = (await parseFiles([{ name: 'scene0007_00.ply', bytes: new Uint8Array(readFileSync(resolve(ROOT, 'samples/scannet/scene0007_00.ply'))) }])).data;
  const n = room.positions.length / 3;
  const positions = new Float32Array(n * 3 * copies);
  const colors = new Uint8Array(n * 3 * copies);
  for (let c = 0; c < copies; c++) {
    for (let i = 0; i < n; i++) {
      positions[3 * (c * n + i)] = room.positions[3 * i] + c * spacing;
      positions[3 * (c * n + i) + 1] = room.positions[3 * i + 1];
      positions[3 * (c * n + i) + 2] = room.positions[3 * i + 2];
    }
    colors.set(room.colors!, c * n * 3);
  }
  return { kind: 'points', positions, colors, fields: {} };
}

export interface Timeline {
  /** ms after navigation, and whether the load was still going then */
  firstPicture?: { at: number; loading: boolean; progressBar: boolean; points: number; up?: { axis: string; source: string } };
  loaded?: { at: number };
}

/** Makes every page of `app` note when it first draws points and when a layer of more than `loadedPoints` points has loaded. */
export async function watchFirstPicture(app: App, loadedPoints: number): Promise<void> {
  // the page watches itself: a round trip per look could miss the moment
  await app.context.addInitScript((minPoints) => {
    const timeline: Timeline = {};
    (window as unknown as { timeline: Timeline }).timeline = timeline;
    const timer = setInterval(() => {
      const hook = window.__pointlens;
      if (!hook) return;
      const state = hook.state();
      const drawn = hook.drawn();
      if (!timeline.firstPicture && drawn && drawn.points > 0) {
        const up = state.layer?.up;
        timeline.firstPicture = { at: performance.now(), loading: state.loading !== null, progressBar: !!document.querySelector('[data-testid="progress"]'), points: drawn.points, up: up && { axis: up.axis, source: up.source } };
      }
      if (state.loading === null && (state.layer?.points ?? 0) > minPoints) {
        timeline.loaded = { at: performance.now() };
        clearInterval(timer);
      }
    }, 20);
  }, loadedPoints);
}

/**
 * Opens the app with `query` (watched by watchFirstPicture), waits until a layer of `points` points
 * has loaded, and checks that a first picture came before, under the progress bar.
 */
export async function openWithFirstPicture(app: App, query: Record<string, string>, points: number): Promise<{ page: Page; state: AppSnapshot; timeline: Timeline }> {
  const page = await app.open(query);
  const state = await waitForState(page, (s) => s.loading === null && s.layer?.points === points, 180_000);
  const timeline = (await page.waitForFunction(() => (window as unknown as { timeline: Timeline }).timeline.loaded && (window as unknown as { timeline: Timeline }).timeline).then((h) => h.jsonValue()))!;
  expect(timeline.firstPicture?.loading).toBe(true);
  expect(timeline.firstPicture?.progressBar).toBe(true);
  expect(timeline.firstPicture!.at).toBeLessThan(timeline.loaded!.at);
  return { page, state, timeline };
}

/** What the view draws, once the octree's selection has settled for the current camera. */
export async function settled(page: Page): Promise<DrawnStats> {
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

/** Zooms with `clicks` wheel steps towards the drawn point nearest the canvas's top-left corner; what is drawn once settled. */
export async function zoomTowardsCorner(page: Page, clicks: number, inset = 30): Promise<DrawnStats> {
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
  await page.evaluate(
    ([x, y, n, inset]) => {
      const canvas = document.querySelector('canvas')!;
      const rect = canvas.getBoundingClientRect();
      // a little inside the cloud, so that the corner fills the view
      const at = { clientX: rect.left + x + inset, clientY: rect.top + y + inset, bubbles: true, cancelable: true };
      canvas.dispatchEvent(new PointerEvent('pointermove', at));
      for (let k = 0; k < n; k++) canvas.dispatchEvent(new WheelEvent('wheel', { ...at, deltaY: -600 }));
    },
    [...target, clicks, inset] as [number, number, number, number],
  );
  return settled(page);
}
