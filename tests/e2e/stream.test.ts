// A big binary PLY opened from an address is read as it arrives: the first picture (a sample of
// the points read so far) comes while the file is still being parsed, under the progress bar,
// and the whole cloud follows, drawn through its octree within the point budget.
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchApp, waitForState, type App } from './browser';
import { parseFiles, writePly } from '../../src/core/io';
import { SETTINGS_KEY } from '../../src/state/persistSettings';
import type { PointCloud } from '../../src/core/types';

const ROOT = resolve(import.meta.dirname, '../..');
const FILE = 'e2e-stream.ply';
const COPIES = 60;

/** A real ScanNet room (50k points) laid out 60 times along x: 3M points of x y z r g b. */
async function bigScan(): Promise<PointCloud> {
  const room = (await parseFiles([{ name: 'scene0007_00.ply', bytes: new Uint8Array(readFileSync(resolve(ROOT, 'samples/scannet/scene0007_00.ply'))) }])).data;
  const n = room.positions.length / 3;
  const positions = new Float32Array(n * 3 * COPIES);
  const colors = new Uint8Array(n * 3 * COPIES);
  for (let c = 0; c < COPIES; c++) {
    for (let i = 0; i < n; i++) {
      positions[3 * (c * n + i)] = room.positions[3 * i] + c * 4;
      positions[3 * (c * n + i) + 1] = room.positions[3 * i + 1];
      positions[3 * (c * n + i) + 2] = room.positions[3 * i + 2];
    }
    colors.set(room.colors!, c * n * 3);
  }
  return { kind: 'points', positions, colors, fields: {} };
}

interface Timeline {
  /** ms after navigation, and whether the load was still going then */
  firstPicture?: { at: number; loading: boolean; progressBar: boolean; points: number };
  loaded?: { at: number };
}

describe('a big binary PLY read as it arrives', () => {
  let app: App;
  let points = 0;

  beforeAll(async () => {
    const cloud = await bigScan();
    points = cloud.positions.length / 3;
    writeFileSync(resolve(ROOT, 'dist', FILE), writePly(cloud));
    app = await launchApp('webgl');
    await app.context.addInitScript(
      ([key, view]) => localStorage.setItem(key, view),
      [SETTINGS_KEY, JSON.stringify({ settings: { autoRecognise: false } })],
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
        if (state.loading === null && (state.layer?.points ?? 0) > 1_000_000) {
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

  it('shows a first picture before parsing ends, then the whole cloud within the budget', async () => {
    const page = await app.open({ url: FILE });
    const state = await waitForState(page, (s) => s.loading === null && s.layer?.points === points, 180_000);
    const timeline = (await page.waitForFunction(() => (window as unknown as { timeline: Timeline }).timeline.loaded && (window as unknown as { timeline: Timeline }).timeline).then((h) => h.jsonValue()))!;
    expect(timeline.firstPicture?.loading).toBe(true);
    expect(timeline.firstPicture?.progressBar).toBe(true);
    expect(timeline.firstPicture!.at).toBeLessThan(timeline.loaded!.at);
    expect(timeline.firstPicture!.points).toBeLessThanOrEqual(50_000);
    expect(state.layer).toMatchObject({ format: 'ply', points, attributes: ['rgb'] });
    expect(state.displayedPoints).toBe(50_000);
    const drawn = await page.waitForFunction(() => (window.__pointlens?.drawn()?.nodes ?? 0) > 0 && window.__pointlens!.drawn()).then((h) => h.jsonValue());
    expect(drawn && drawn.points).toBeLessThanOrEqual(50_000);
    // positions, colours and the octree's index: 12 + 3 + 4 bytes a point
    await expect(page.getByTestId('info-bytes-per-point').textContent()).resolves.toBe('19 B');
    await expect(page.getByTestId('info-bytes-per-point').getAttribute('data-bytes')).resolves.toBe(String(points * 19));
  });
});
