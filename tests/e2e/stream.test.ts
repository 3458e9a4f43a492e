// A big binary PLY opened from an address is read as it arrives: the first picture (a sample of
// the points read so far) comes while the file is still being parsed, under the progress bar,
// and the whole cloud follows, drawn through its octree within the point budget.
import { rmSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchApp, startWithSettings, type App } from './browser';
import { writePly } from '../../src/core/io';
import { openWithFirstPicture, tiledRoom, watchFirstPicture } from './bigCloud';

const ROOT = resolve(import.meta.dirname, '../..');
const FILE = 'e2e-stream.ply';
const COPIES = 60;

describe('a big binary PLY read as it arrives', () => {
  let app: App;
  let points = 0;

  beforeAll(async () => {
    const cloud = await tiledRoom(COPIES, 4);
    points = cloud.positions.length / 3;
    writeFileSync(resolve(ROOT, 'dist', FILE), writePly(cloud));
    app = await launchApp('webgl');
    await startWithSettings(app, { autoRecognise: false });
    await watchFirstPicture(app, 1_000_000);
  });
  afterAll(async () => {
    await app?.close();
    rmSync(resolve(ROOT, 'dist', FILE), { force: true });
  });

  it('shows a first picture before parsing ends, then the whole cloud within the budget', async () => {
    const { page, state, timeline } = await openWithFirstPicture(app, { url: FILE }, points);
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
