// A LAS file read as it arrives, and one over the read budget, LAS or LAZ (lowered for the test
// with ?readBudget=, in MB, so that a file of 26 MB stands for one of gigabytes): it opens as an
// even subsample, the Info panel says so, and resting the camera on a corner reads that region of
// the file again in full, drawn over the decimated whole.
import { rmSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countInside, type Bounds } from '../../src/core/geometry/bounds';
import { parseLas } from '../../src/core/io/las';
import type { DeclaredBox, PointCloud } from '../../src/core/types';
import { formatCoordinates } from '../../src/core/format';
import { las12 } from '../core/io/helpers';
import { writeLaz14 } from '../../scripts/laz/writeLaz14';
import { launchApp, saveScreenshot, startWithSettings, waitForState, type App } from './browser';
import { openWithFirstPicture, tiledRoom, watchFirstPicture, zoomTowardsCorner } from './bigCloud';

const ROOT = resolve(import.meta.dirname, '../..');
const FILE = 'e2e-big.las';
const LAZ_FILE = 'e2e-big.laz';
const COPIES = 20;
/** MB: the files' 1M points take 29 bytes each while read (positions, 16-bit colours, intensity, classification, return number, number of returns, source id, user data, scan angle, flags and scan bits), and the LAZ's 8 more (GPS time) */
const BUDGET_MB = 2;
const ATTRIBUTES = ['rgb', 'intensity', 'classification', 'return_number', 'number_of_returns', 'point_source_id'];
const CASES = [
  { format: 'LAS', name: FILE, bytesPerPoint: 29, attributes: ATTRIBUTES },
  { format: 'LAZ', name: LAZ_FILE, bytesPerPoint: 37, attributes: [...ATTRIBUTES, 'gps_time'] },
];

describe('big LAS and LAZ files', () => {
  let app: App;
  /** the points as each file gives them (its scaled integers, in its order), for counts in a region */
  const files: Record<string, PointCloud> = {};
  /** the box each file's header declares */
  const declared: Record<string, DeclaredBox> = {};
  let points = 0;

  beforeAll(async () => {
    const rooms = await tiledRoom(COPIES, 8);
    const n = rooms.positions.length / 3;
    // a classification and intensity of each point, from its index: the record has both
    const label = Int32Array.from({ length: n }, (_, i) => (i * 7) % 32);
    const las = las12({ ...rooms, fields: { label, instance: Int32Array.from({ length: n }, (_, i) => i % 65536) } });
    // the same points as a LAZ 1.4 tile, as a vendor delivers them (ordered by class)
    const laz = writeLaz14({ positions: rooms.positions, colors: rooms.colors!, classes: label }).bytes;
    for (const [name, written] of [[FILE, las], [LAZ_FILE, laz]] as const) {
      writeFileSync(resolve(ROOT, 'dist', name), written);
      const parsed = await parseLas(written);
      files[name] = parsed.data as PointCloud;
      declared[name] = parsed.declaredBox!;
    }
    points = files[FILE].positions.length / 3;
    app = await launchApp('webgl');
    await startWithSettings(app, { autoRecognise: false, showGrid: false });
    await watchFirstPicture(app, 50_000);
  });
  afterAll(async () => {
    await app?.close();
    for (const name of [FILE, LAZ_FILE]) rmSync(resolve(ROOT, 'dist', name), { force: true });
  });

  it.each(CASES)('shows a first picture of a streamed $format file before parsing ends, then every point', async ({ name, attributes }) => {
    const { page, state, timeline } = await openWithFirstPicture(app, { url: name }, points);
    expect(state.layer).toMatchObject({ format: 'las', points, attributes });
    // the first picture already stands the way the whole file will: on the z its format defines
    expect(timeline.firstPicture?.up).toEqual({ axis: '+z', source: 'format' });
    expect(state.layer?.up).toMatchObject({ axis: '+z', source: 'format' });
    expect(state.layer?.decimated).toBeUndefined();
    await page.close();
  });

  it.each(CASES)('opens a $format file over the read budget decimated, says so, and reads a corner in full once the camera rests there', async ({ format, name, bytesPerPoint }) => {
    const file = files[name];
    expect(file.positions.length / 3).toBe(points);
    const page = await app.open({ url: name, readBudget: String(BUDGET_MB) });
    const every = Math.ceil((points * bytesPerPoint) / (BUDGET_MB * 2 ** 20));
    const held = Math.ceil(points / every);
    const state = await waitForState(page, (s) => s.loading === null && s.layer?.points === held, 180_000);
    expect(state.layer?.decimated).toEqual({ total: points, every });
    await expect(page.getByTestId('info-decimated').textContent()).resolves.toBe(`holds ${held.toLocaleString('en-US')} of ${points.toLocaleString('en-US')} points (1 in ${every})`);
    await expect(page.getByTestId('read-budget').getAttribute('data-bytes')).resolves.toBe(String(BUDGET_MB * 2 ** 20));
    // its box is of the points held, which may stop short of the file's, and says so, beside the file's own
    await expect(page.locator('dt').filter({ hasText: /^(Size|Min|Max) \(held\)$/ }).count()).resolves.toBe(3);
    await expect(page.getByTestId('info-file-min').textContent()).resolves.toBe(formatCoordinates(declared[name].min, 2));
    await expect(page.getByTestId('info-file-max').textContent()).resolves.toBe(formatCoordinates(declared[name].max, 2));
    await saveScreenshot(page, `big-${format.toLowerCase()}-decimated`);

    // zoom towards the top-left corner until the region in view is read with every point: right at
    // the first room's corner point, since the rooms stand apart along the strip, which the LAS file's
    // z up lays across the view
    let shown = state;
    for (let round = 0; round < 4 && shown.detail?.every !== 1; round++) {
      await zoomTowardsCorner(page, 55, 0);
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
    await saveScreenshot(page, `big-${format.toLowerCase()}-detail`);
    console.log(JSON.stringify({ format, points, held, every, box, inFile, heldInBox, drawn }));
    await page.close();
  });
});
