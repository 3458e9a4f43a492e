// Saving a layer as LAS as a person would: a small survey tile (written here, far from zero, in US
// survey feet with its WKT, carrying a cluster label field) shown, "LAS classes from" set to that
// field in the Export panel, "LAS" clicked; the file downloaded reads back as the layer's points, in
// the file's coordinates, with its colours, unit and coordinate system, and the cluster as classes.
// "LAZ" saves the same points compressed: it reads back as the LAS does. A LAZ being written (in its
// worker, held at its start) shows its progress and a Cancel; cancelled, nothing is downloaded.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { holdWorker, launchApp, saveScreenshot, showQuietly, type App, type TestFile } from './browser';
import { parseFiles } from '../../src/core/io';
import { writeLas } from '../../src/core/io/writeLas';
import type { PointCloud } from '../../src/core/types';

const WKT =
  'PROJCS["NAD83 / Ohio North (ftUS)",GEOGCS["NAD83",DATUM["North_American_Datum_1983",SPHEROID["GRS 1980",6378137,298.257222101]],PRIMEM["Greenwich",0],UNIT["degree",0.0174532925199433]],PROJECTION["Lambert_Conformal_Conic_2SP"],UNIT["US survey foot",0.304800609601219],AUTHORITY["EPSG","3734"]]';
const N = 400;

/** A 20 x 20 grid of points on a gentle slope near (2,200,000, 650,000) US survey feet, each with a cluster (-1 for none) and a class. */
function tile(): TestFile {
  const positions = new Float32Array(3 * N);
  for (let i = 0; i < N; i++) positions.set([(i % 20) * 0.5, Math.floor(i / 20) * 0.5, (i % 20) * 0.05], 3 * i);
  const cloud: PointCloud = {
    kind: 'points',
    positions,
    colors: Uint8Array.from({ length: 3 * N }, (_, k) => (k * 41) % 256),
    fields: {
      classification: Uint8Array.from({ length: N }, (_, i) => (i % 2 ? 2 : 6)),
      cluster: Int32Array.from({ length: N }, (_, i) => (i % 7) - 1),
    },
  };
  return { name: 'tile.las', bytes: writeLas(cloud, {}, { origin: [2_200_000, 650_000, 700], unit: 'ftUS', crsWkt: WKT }).bytes };
}

describe('LAS export', () => {
  const file = tile();
  let app: App;
  let page: Page;
  beforeAll(async () => {
    app = await launchApp('webgl');
    page = await showQuietly(app, file);
  });
  afterAll(async () => {
    await app?.close();
  });

  it("saves the layer as LAS with its classes from the label field chosen, which reads back as the layer's points, unit and coordinate system", async () => {
    const layer = await parseFiles([{ name: file.name, bytes: file.bytes }]);
    await page.getByTestId('export-las-classes').selectOption('cluster');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-las').click()]);
    expect(download.suggestedFilename()).toBe('tile.fields.las');
    const back = await parseFiles([{ name: 'tile.fields.las', bytes: new Uint8Array(readFileSync((await download.path())!)) }]);
    const inFile = (r: typeof back) => Array.from(r.data.positions, (v, k) => v + (r.origin?.[k % 3] ?? 0));
    const expected = inFile(layer);
    inFile(back).forEach((v, k) => expect(Math.abs(v - expected[k])).toBeLessThanOrEqual(0.0005 + 1e-9));
    expect(back).toMatchObject({ unit: 'ftUS', crs: 'NAD83 / Ohio North (ftUS)', crsWkt: WKT });
    const saved = back.data as PointCloud;
    const shown = layer.data as PointCloud;
    expect(saved.colors).toEqual(shown.colors);
    expect(saved.fields.cluster).toEqual(shown.fields.cluster);
    expect(Array.from(saved.fields.classification)).toEqual(Array.from(shown.fields.cluster, (c) => Math.max(c, 0)));
    expect(saved.fields.source_classification).toEqual(shown.fields.classification);
    const notes = await page.getByTestId('export-las-note').allTextContents();
    expect(notes).toEqual([
      'LAS: the LAS classes (0 to 255) are the values of cluster, also kept whole as its own dimension',
      `LAS: ${Math.ceil(N / 7)} points have a cluster that is no LAS class (not a whole number from 0 to 255, such as -1): their class is 0, never classified, and cluster keeps their value`,
    ]);
    await page.getByTestId('export-las').scrollIntoViewIfNeeded();
    await saveScreenshot(page, 'export-las');
  });

  it('saves the layer as LAZ, LASzip-compressed, which reads back as the LAS saved beside it does', async () => {
    await page.getByTestId('export-las-classes').selectOption('cluster');
    const saveAs = async (testId: string) => {
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId(testId).click()]);
      return { name: download.suggestedFilename(), bytes: new Uint8Array(readFileSync((await download.path())!)) };
    };
    const las = await saveAs('export-las');
    const laz = await saveAs('export-laz');
    expect(laz.name).toBe('tile.fields.laz');
    // point format 7 with LASzip's compression bit
    expect(laz.bytes[104]).toBe(7 | 128);
    expect(laz.bytes.length).toBeLessThan(las.bytes.length);
    const [fromLas, fromLaz] = [await parseFiles([las]), await parseFiles([laz])];
    expect(fromLaz.data.positions).toEqual(fromLas.data.positions);
    expect(fromLaz).toMatchObject({ origin: fromLas.origin, unit: 'ftUS', crsWkt: WKT });
    const [a, b] = [fromLas.data as PointCloud, fromLaz.data as PointCloud];
    expect(b.colors).toEqual(a.colors);
    expect(b.fields).toEqual(a.fields);
    await page.getByTestId('export-laz').scrollIntoViewIfNeeded();
    await saveScreenshot(page, 'export-laz');
  });

  it('shows a LAZ being written with a Cancel, which stops it: the panel says so, nothing is downloaded, and the next file saves', async () => {
    const release = await holdWorker(page, 'export');
    const names: string[] = [];
    const heard = (d: { suggestedFilename(): string }) => names.push(d.suggestedFilename());
    page.on('download', heard);
    await page.getByTestId('export-laz').click();
    await expect.poll(() => page.getByTestId('export-running').textContent()).toMatch(/^Saving tile\.fields\.laz… 0%/);
    expect(await page.getByTestId('export-las').isDisabled()).toBe(true);
    await saveScreenshot(page, 'export-running');
    await page.getByTestId('export-cancel').click();
    await expect.poll(() => page.getByTestId('export-failure').textContent()).toBe('tile.fields.laz not saved: cancelled.');
    await saveScreenshot(page, 'export-cancelled');
    release();
    await Promise.all([page.waitForEvent('download'), page.getByTestId('export-las').click()]);
    page.off('download', heard);
    expect(names).toEqual(['tile.fields.las']);
  });
});
