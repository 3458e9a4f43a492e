// COPC end to end: a real ScanNet scan written as COPC by the test tooling, served with HTTP Range
// by a server of the test's own, opened by `?url=`. The app reads the header and the hierarchy,
// then only the nodes the view picks within the point budget; zooming into a corner fetches that
// corner's deeper nodes. A server that ignores Range gets the small file fetched whole, and says so.
// A file whose points carry extra bytes shows them as fields, and a distance measured on it and its
// clusters keep the values of the nodes still held when zooming fetches others. Its points'
// classification flags are said once for the layer, as a LAS file's are.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { canvasImage, countForeground, dropFiles, fixtureFile, launchApp, saveScreenshot, startWithSettings, waitForState, type App } from './browser';
import { startRangeServer, type RangeServer } from '../tools/rangeServer';
import { scanSource, writeScanCopc } from '../tools/copc/scanFixture';
import type { AppSnapshot } from '../../src/state/store';

const BUDGET = 5_000;
// a COPC file must carry its coordinate system as WKT; this one declares metres
const UTM_32N =
  'PROJCRS["WGS 84 / UTM zone 32N",BASEGEOGCRS["WGS 84",DATUM["World Geodetic System 1984",ELLIPSOID["WGS 84",6378137,298.257223563]]],' +
  'CONVERSION["UTM zone 32N",METHOD["Transverse Mercator"]],CS[Cartesian,2],AXIS["(E)",east,LENGTHUNIT["metre",1]],AXIS["(N)",north,LENGTHUNIT["metre",1]],ID["EPSG",32632]]';
/** A classified tile's classes, one an octree level: ground at the top, building, water, then user-defined 70. */
const LEVEL_CLASSES = [2, 6, 9, 70];
const written = writeScanCopc({ wkt: UTM_32N, classOfNode: ([level]) => LEVEL_CLASSES[Math.min(level, 3)] });
const FILE = '/scan.copc.laz';

/** The stream once no fetch has changed it for a few seconds. */
async function settledStream(page: Page): Promise<AppSnapshot> {
  let last = '';
  let same = 0;
  for (let i = 0; i < 120; i++) {
    const s = await waitForState(page, (st) => st.layer?.stream !== undefined);
    const key = JSON.stringify(s.layer?.stream);
    same = key === last ? same + 1 : 0;
    if (same >= 4) return s;
    last = key;
    await page.waitForTimeout(500);
  }
  throw new Error(`the stream did not settle: ${last}`);
}

/** The written nodes whose chunks the server sent, from the ranges asked. */
function nodesSent(server: RangeServer, from = 0) {
  const asked = server.requests.slice(from);
  return written.nodes.filter((n) => n.pointCount > 0 && asked.some(([b, e]) => b <= n.offset && e >= n.offset + n.byteSize));
}

/** Wheels the camera in towards the canvas's top-left quarter, dispatched in the page (a busy page coalesces real ones). */
async function zoomIntoCorner(page: Page): Promise<void> {
  await page.evaluate(() => {
    const canvas = document.querySelector('canvas')!;
    const rect = canvas.getBoundingClientRect();
    const at = { clientX: rect.left + rect.width * 0.3, clientY: rect.top + rect.height * 0.35, bubbles: true, cancelable: true };
    canvas.dispatchEvent(new PointerEvent('pointermove', at));
    for (let k = 0; k < 40; k++) canvas.dispatchEvent(new WheelEvent('wheel', { ...at, deltaY: -600 }));
  });
}

async function openApp(app: App, url?: string): Promise<Page> {
  await startWithSettings(app, { pointBudget: BUDGET, showGrid: false, showBoxes: false, autoRecognise: false });
  const page = await app.open(url ? { url } : {});
  if (await page.getByTestId('help-overlay').isVisible()) await page.keyboard.press('Escape');
  return page;
}

describe('COPC over HTTP range requests', () => {
  let app: App;
  let server: RangeServer;
  let page: Page;

  beforeAll(async () => {
    server = await startRangeServer({ [FILE]: written.bytes }, { ranges: true });
    app = await launchApp('webgl');
    page = await openApp(app, server.url(FILE));
  });
  afterAll(async () => {
    await app?.close();
    await server?.close();
  });

  it('shows the scan from part of the file: the top of its octree, within the point budget, in the unit the file declares', async () => {
    const state = await settledStream(page);
    expect(state.layer?.format).toBe('copc');
    await expect(page.getByTestId('info-format').textContent()).resolves.toBe('COPC point cloud');
    await expect(page.getByTestId('info-file-points').textContent()).resolves.toMatch(/^25,000 points/);
    await expect(page.getByTestId('info-unit').textContent()).resolves.toBe('metres, as the file declares');
    const stream = state.layer!.stream!;
    expect(stream.filePoints).toBe(25_000);
    expect(stream.fileBytes).toBe(written.bytes.length);
    expect(state.layer!.points).toBeGreaterThan(0);
    expect(state.layer!.points).toBeLessThanOrEqual(2 * BUDGET);
    // what the server sent is what the app counted, and a part of the file
    expect(stream.fetchedBytes).toBe(server.sent);
    expect(server.sent).toBeGreaterThan(0);
    expect(server.sent).toBeLessThan(written.bytes.length * 0.5);
    const drawn = await page.evaluate(() => window.__pointlens?.drawn() ?? null);
    expect(drawn?.points).toBeGreaterThan(0);
    expect(countForeground(await canvasImage(page), state.settings.background)).toBeGreaterThan(2_000);
    await saveScreenshot(page, 'copc-overview');
    // its points' fields, named as a LAS file's, each a colour mode
    expect(state.layer!.attributes).toEqual(['rgb', 'intensity', 'classification', 'return_number', 'number_of_returns', 'point_source_id', 'gps_time']);
    expect(state.layer!.colorModes.map((m) => m.id)).toEqual(expect.arrayContaining(['field:intensity', 'field:return_number', 'field:point_source_id', 'field:gps_time']));
    // its points' classes, named as the ASPRS standard names them: as many of each as its loaded nodes' levels hold
    await page.getByTestId('color-mode').selectOption('field:classification');
    const legend = (await waitForState(page, (s) => s.legend?.kind === 'labels' && s.legend.title === 'classification (ASPRS)')).legend as Extract<AppSnapshot['legend'], { kind: 'labels' }>;
    expect(legend.entries.reduce((n, e) => n + e.count, 0)).toBe(state.layer!.points);
    // the root, always loaded, is the only node of level 0
    expect(legend.entries[0]).toEqual(expect.objectContaining({ id: 2, name: 'ground', count: written.nodes[0].pointCount }));
    const names: Record<number, string> = { 2: 'ground', 6: 'building', 9: 'water', 70: 'user-defined 70' };
    expect(legend.entries.every((e) => names[e.id] === e.name)).toBe(true);
    await saveScreenshot(page, 'copc-classes');
    await page.getByTestId('color-mode').selectOption('rgb');
    console.log(`COPC overview: ${state.layer!.points} points in ${stream.loadedNodes} of ${stream.nodes} nodes, ${server.sent} of ${written.bytes.length} bytes (${server.requests.length} requests)`);
  });

  it("fetches a corner's deeper nodes when the camera zooms into it", async () => {
    const before = await settledStream(page);
    const requestsBefore = server.requests.length;
    const sentBefore = server.sent;
    const deepestBefore = Math.max(...nodesSent(server).map((n) => n.key[0]));
    await zoomIntoCorner(page);
    const after = await settledStream(page);
    await saveScreenshot(page, 'copc-corner');
    expect(server.sent).toBeGreaterThan(sentBefore);
    expect(after.layer!.stream!.fetchedBytes).toBe(server.sent);
    const fresh = nodesSent(server, requestsBefore);
    expect(fresh.length).toBeGreaterThan(0);
    expect(Math.max(...fresh.map((n) => n.key[0]))).toBeGreaterThan(deepestBefore);
    // the new nodes lie nearer the camera than the file's other nodes of their levels
    const eye = (await page.evaluate(() => window.__pointlens!.camera()))!;
    const centre = (n: (typeof written.nodes)[number]) => {
      const size = (2 * written.halfSize) / 2 ** n.key[0];
      return [1, 2, 3].map((k) => written.center[k - 1] - written.halfSize + (n.key[k] + 0.5) * size);
    };
    const distance = (n: (typeof written.nodes)[number]) => Math.hypot(...centre(n).map((c, k) => c - eye[k]));
    const mean = (ns: typeof written.nodes) => ns.reduce((s, n) => s + distance(n), 0) / ns.length;
    const levels = new Set(fresh.map((n) => n.key[0]));
    const peers = written.nodes.filter((n) => n.pointCount > 0 && levels.has(n.key[0]) && !fresh.includes(n));
    expect(mean(fresh)).toBeLessThan(mean(peers));
    console.log(
      `COPC corner: ${fresh.length} more nodes (down to level ${Math.max(...fresh.map((n) => n.key[0]))}), ${server.sent - sentBefore} more bytes; now ${after.layer!.points} points held, ${before.layer!.points} before`,
    );
  });

  it('keeps recognition off while streaming, and loads every point when asked', async () => {
    await expect(page.getByTestId('streamed-note').first().textContent()).resolves.toMatch(/only the octree nodes in view are loaded .* of 25,000 points/);
    await expect(page.getByTestId('segment-button').isDisabled()).resolves.toBe(true);
    await expect(page.getByTestId('classify-button').isDisabled()).resolves.toBe(true);
    await saveScreenshot(page, 'copc-recognition-waits');
    await page.getByTestId('load-whole').first().click();
    const state = await waitForState(page, (s) => s.layer?.stream?.complete === true && s.loading === null);
    expect(state.layer!.points).toBe(25_000);
    expect(state.layer!.stream!.loadedNodes).toBe(written.nodes.filter((n) => n.pointCount > 0).length);
    // every chunk once, besides the header and the hierarchy: nothing fetched twice past the eviction's bound
    expect(server.sent).toBeLessThanOrEqual(written.bytes.length * 1.5);
    await expect(page.getByTestId('streamed-note').count()).resolves.toBe(0);
    await expect(page.getByTestId('segment-button').isDisabled()).resolves.toBe(false);
  });

  it('streams a dropped .copc.laz by slices of the file', async () => {
    const dropped = await openApp(app);
    await dropFiles(dropped, [{ name: 'dropped.copc.laz', bytes: written.bytes }]);
    const state = await settledStream(dropped);
    expect(state.layer?.fileName).toBe('dropped.copc.laz');
    expect(state.layer!.stream!.filePoints).toBe(25_000);
    expect(state.layer!.stream!.fetchedBytes).toBeLessThan(written.bytes.length * 0.5);
    await dropped.close();
  });

  it("says what its points' classification flags mark, once for the layer: of the nodes read so far, then of the whole file", async () => {
    // every fourth point synthetic: 6,250 of the 25,000
    const flagged = writeScanCopc({ fill: (dv, at, i) => dv.setUint8(at + 15, i % 4 === 0 ? 1 : 0) });
    const dropped = await openApp(app);
    await dropFiles(dropped, [{ name: 'flagged.copc.laz', bytes: flagged.bytes }]);
    await settledStream(dropped);
    const said = () => dropped.getByTestId('info-warnings').locator('div', { hasText: 'classification flags' }).allTextContents();
    const partial = await said();
    expect(partial).toHaveLength(1);
    expect(partial[0]).toMatch(/^its classification flags mark [\d,]+ synthetic; every point is shown, in its class \(of the [\d,]+ points of the octree nodes read so far\)$/);
    await dropped.getByTestId('load-whole').first().click();
    await waitForState(dropped, (s) => s.layer?.stream?.complete === true && s.loading === null);
    await expect(said()).resolves.toEqual(['its classification flags mark 6,250 synthetic; every point is shown, in its class']);
    await dropped.close();
  });
});

describe('COPC from a server without range support', () => {
  let app: App;
  let server: RangeServer;

  beforeAll(async () => {
    server = await startRangeServer({ [FILE]: written.bytes }, { ranges: false });
    app = await launchApp('webgl');
  });
  afterAll(async () => {
    await app?.close();
    await server?.close();
  });

  it('fetches a small file whole and says why', async () => {
    const page = await openApp(app, server.url(FILE));
    const state = await settledStream(page);
    expect(state.layer?.stream?.ranges).toBe(false);
    expect(server.requests).toEqual([[0, written.bytes.length]]);
    await expect(page.getByTestId('info-warnings').textContent()).resolves.toMatch(/the server ignores range requests, so the whole file \(\d+ kB\) was fetched/);
    await expect(page.getByTestId('info-stream').textContent()).resolves.toMatch(/the whole file: the server ignores range requests/);
  });
});

describe('COPC with extra bytes, measured to another layer', () => {
  const n = 25_000;
  const amplitude = Float32Array.from({ length: n }, (_, i) => Math.fround(((i * 0.37) % 50) - 10.25));
  const extra = writeScanCopc({ extraDims: [{ name: 'amplitude', type: 9, values: amplitude }, { name: 'deviation', type: 3, values: Uint16Array.from({ length: n }, (_, i) => i % 1000) }] });
  const SCAN = fixtureFile('e2e/scene0000_00.ply');
  const FIELD = 'distance_to_scene0000_00';
  let app: App;
  let server: RangeServer;

  beforeAll(async () => {
    server = await startRangeServer({ [FILE]: extra.bytes }, { ranges: true });
    app = await launchApp('webgl');
  });
  afterAll(async () => {
    await app?.close();
    await server?.close();
  });

  it("colours by its extra bytes, and keeps the distances and clusters of the nodes still held when zooming fetches others", async () => {
    expect(scanSource().positions.length / 3).toBe(n);
    const page = await openApp(app, server.url(FILE));
    const opened = await settledStream(page);
    expect(opened.layer!.attributes).toEqual(expect.arrayContaining(['amplitude', 'deviation']));
    await page.getByTestId('color-mode').selectOption('field:amplitude');
    const legend = (await waitForState(page, (s) => s.legend?.kind === 'scale' && s.legend.title.includes('amplitude'))).legend as Extract<AppSnapshot['legend'], { kind: 'scale' }>;
    // the values written, those of the points held: within the written range, and spread over most of it
    expect(legend.full.min).toBeGreaterThanOrEqual(-10.25);
    expect(legend.full.max).toBeLessThan(39.75);
    expect(legend.full.max - legend.full.min).toBeGreaterThan(40);
    await saveScreenshot(page, 'copc-extra-bytes');

    // the scan as a PLY beside it, then the streamed layer measured to it
    const copcId = opened.layer!.id;
    await dropFiles(page, [SCAN]);
    await waitForState(page, (s) => s.layers.length === 2 && s.loading === null);
    await page.locator(`[data-testid="layer-row"][data-layer="${copcId}"]`).getByTestId('layer-activate').click();
    await waitForState(page, (s) => s.layer?.id === copcId && s.loading === null);
    await page.getByTestId('compare-run').click();
    await waitForState(page, (s) => s.comparison?.status === 'done' && s.settings.colorMode === `field:${FIELD}`);
    await expect(page.getByTestId('compare-unmeasured').count()).resolves.toBe(0);
    // and split into clusters, whose label field the view then shows
    await page.getByTestId('clusters-find').click();
    const measured = await waitForState(page, (s) => s.clusters?.status === 'done' && s.settings.colorMode === 'field:cluster');
    await expect(page.getByTestId('clusters-fetched-since').count()).resolves.toBe(0);

    await zoomIntoCorner(page);
    const zoomed = await waitForState(page, (s) => (s.layer?.stream?.fetchedBytes ?? 0) > measured.layer!.stream!.fetchedBytes);
    const after = await settledStream(page);
    expect(after.layer!.stream!.loadedNodes).toBeGreaterThanOrEqual(zoomed.layer!.stream!.loadedNodes);
    expect(after.layer!.attributes).toEqual(expect.arrayContaining([FIELD, 'cluster']));
    expect(after.settings.colorMode).toBe('field:cluster');
    const note = (await page.getByTestId('compare-unmeasured').textContent())!;
    const [, points, nodes] = /^([\d,]+) points? in (\d+) nodes? fetched since have no distance/.exec(note) ?? [];
    expect(Number(nodes)).toBeGreaterThan(0);
    // the points held that keep a distance, and those fetched since, make up the layer
    const kept = /^([\d,]+) points? measured/.exec((await page.getByTestId('compare-done').textContent())!)![1];
    expect(Number(kept.replace(/,/g, '')) + Number(points.replace(/,/g, ''))).toBe(after.layer!.points);
    expect(Number(kept.replace(/,/g, ''))).toBeGreaterThan(0);
    // the clusters' panel counts the same points fetched since, and the legend names them, drawn grey, beside the clusters the nodes still held keep
    const unclustered = await page.getByTestId('clusters-fetched-since').getAttribute('data-points');
    expect(unclustered).toBe(points.replace(/,/g, ''));
    await expect(page.getByTestId('clusters-fetched-since').textContent()).resolves.toMatch(/fetched since have no cluster: drawn grey\. .*Find the clusters again/);
    const entries = after.legend?.kind === 'labels' ? after.legend.entries : [];
    expect(entries.find((e) => e.name === 'fetched since: run again')).toMatchObject({ id: -2, color: [90, 94, 102], count: Number(unclustered) });
    const clustered = entries.filter((e) => e.id >= 1).reduce((t, e) => t + e.count, 0);
    expect(clustered).toBeGreaterThan(0);
    await saveScreenshot(page, 'copc-distance-kept');
    await page.close();
  });
});
