// The viewer end to end, on both renderers: real files dropped on the page, counts read back
// from the info panel, pixels counted on the canvas, a point picked, a broken file refused.
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import {
  appState,
  canvasImage,
  clickPoint,
  screenPosition,
  countChanged,
  countForeground,
  dropFiles,
  fixtureFile,
  launchApp,
  saveScreenshot,
  startWithSettings,
  viewPixels,
  waitForState,
  type App,
  type RendererFlags,
  type TestFile,
} from './browser';
import { decodePng, type DecodedImage } from '../../scripts/headless/png';
import { parseFiles, supportedExtensions } from '../../src/core/io';
import { formatCount, formatNumber } from '../../src/core/format';
import { savedZUp } from './savedZUp';
import { startRangeServer } from '../tools/rangeServer';
import { writeLaz14 } from '../../scripts/laz/writeLaz14';
import { extraBytesRecord, float32Records, gltfDocument, lasFile, npy, partsOfMesh, utf8, xyzRgbRecords } from '../core/io/helpers';
import type { Mesh, PointCloud } from '../../src/core/types';
import type { AppSnapshot } from '../../src/state/store';

const SCENE = fixtureFile('e2e/scene0000_00.ply');
const CHAIR = [fixtureFile('e2e/model_normalized.obj'), fixtureFile('e2e/model_normalized.mtl')];
const BATHTUB = fixtureFile('e2e/bathtub_0001.off');

/** The rows of the ScanNet fixture: 25,000 points of x y z (f32) r g b (u8) label instance (u32). */
function sceneRow(index: number) {
  const text = new TextDecoder().decode(SCENE.bytes.subarray(0, 1024));
  const body = text.indexOf('end_header\n') + 'end_header\n'.length;
  const view = new DataView(SCENE.bytes.buffer, SCENE.bytes.byteOffset + body + index * 23, 23);
  return {
    position: [view.getFloat32(0, true), view.getFloat32(4, true), view.getFloat32(8, true)],
    color: [view.getUint8(12), view.getUint8(13), view.getUint8(14)],
    label: view.getUint32(15, true),
    instance: view.getUint32(19, true),
  };
}

const SCENE_LABELS = Array.from({ length: 25_000 }, (_, i) => sceneRow(i).label);

/** The count in an OBJ's or OFF's own text. */
function objCounts(text: string) {
  return { vertices: (text.match(/^v /gm) ?? []).length, faces: (text.match(/^f /gm) ?? []).length };
}

/**
 * These tests look at the viewer alone: recognition on load would add boxes and colours while
 * pixels are compared, so every page of this browser starts with it switched off.
 */
async function launchViewer(flags: RendererFlags): Promise<App> {
  const app = await launchApp(flags);
  await startWithSettings(app, { autoRecognise: false });
  return app;
}

/** The page with the help a first visit shows closed. */
async function viewerOnly(page: Page): Promise<Page> {
  if (await page.getByTestId('help-overlay').isVisible()) await page.keyboard.press('Escape');
  return page;
}

/** A fresh page of `app` showing `files`, with nothing but the viewer at work. */
/** Turns the view as a person does: a drag from the canvas's centre, 200 pixels right and 40 down. */
async function orbit(page: Page): Promise<void> {
  const box = (await page.locator('canvas').boundingBox())!;
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width / 2 + 200, box.y + box.height / 2 + 40, { steps: 8 });
  await page.mouse.up();
}

async function showing(app: App, files: TestFile[], ready: (s: AppSnapshot) => boolean): Promise<{ page: Page; state: AppSnapshot }> {
  const page = await viewerOnly(await app.open());
  await dropFiles(page, files);
  const state = await waitForState(page, (s) => s.loading === null && ready(s));
  return { page, state };
}

const isScene = (s: AppSnapshot) => s.layer?.fileName === 'scene0000_00.ply';

/**
 * A page that tests only look at, opened by whichever of them asks first: opening and showing a
 * file costs seconds here, and none of them changes what the others read.
 */
function sharedPage(open: () => Promise<{ page: Page; state: AppSnapshot }>): () => Promise<{ page: Page; state: AppSnapshot }> {
  let opened: Promise<{ page: Page; state: AppSnapshot }> | undefined;
  return async () => {
    const shown = await (opened ??= open());
    // pages opened since cover it, and on WebGPU a covered page draws no frame, so no screenshot
    await shown.page.bringToFront();
    return shown;
  };
}

/** The scene in its label colours, with the grid off (its lines count as drawn pixels). */
async function labelledScene(app: App): Promise<{ page: Page; state: AppSnapshot }> {
  const { page } = await showing(app, [SCENE], isScene);
  await page.getByTestId('show-grid').uncheck();
  await page.getByTestId('color-mode').selectOption('field:label');
  const state = await waitForState(page, (s) => s.legend?.kind === 'labels' && !s.settings.showGrid);
  return { page, state };
}

for (const flags of ['webgl', 'webgpu'] as RendererFlags[]) {
  describe(`viewer on ${flags}`, () => {
    let app: App;
    const scene = sharedPage(() => showing(app, [SCENE], isScene));
    const chair = sharedPage(() => showing(app, CHAIR, (s) => s.layer?.format === 'obj'));

    beforeAll(async () => {
      app = await launchViewer(flags);
    });
    afterAll(async () => {
      await app?.close();
    });

    it('says which renderer runs', async () => {
      const { page } = await scene();
      const state = await appState(page);
      expect(state.renderer?.kind).toBe(flags === 'webgpu' ? 'webgpu' : 'webgl2');
      await expect(page.getByTestId('renderer-kind').textContent()).resolves.toMatch(flags === 'webgpu' ? /WebGPU/ : /WebGL2/);
    });

    it('shows a dropped ScanNet scene with its counts, colours and labels', async () => {
      const { page, state } = await scene();
      expect(state.layer).toMatchObject({ format: 'ply', kind: 'points', points: 25_000, faces: 0 });
      expect(state.layer!.attributes).toEqual(expect.arrayContaining(['rgb', 'label', 'instance']));
      expect(state.settings.colorMode).toBe('rgb');
      expect(state.settings.upAxis).toBe('+z');
      expect(state.layer!.up.source).toBe('detected');
      await expect(page.getByTestId('up-source').first().getAttribute('data-sure')).resolves.toBe('true');
      await expect(page.getByTestId('up-source').first().textContent()).resolves.toBe('detected');
      await expect(page.getByTestId('info-points').textContent()).resolves.toBe('25,000');
      const image = await canvasImage(page);
      expect(countForeground(image, state.settings.background)).toBeGreaterThan(image.width * image.height * 0.05);
      await saveScreenshot(page, `${flags}-scannet-rgb`);
    });

    it('recolours the points when the colour mode changes', async () => {
      const { page } = await showing(app, [SCENE], isScene);
      const before = await canvasImage(page);
      await page.getByTestId('color-mode').selectOption('field:label');
      const state = await waitForState(page, (s) => s.legend?.kind === 'labels');
      expect(state.legend?.kind === 'labels' && state.legend.entries.reduce((n, e) => n + e.count, 0)).toBe(25_000);
      const after = await canvasImage(page);
      expect(countChanged(before, after)).toBeGreaterThan(before.width * before.height * 0.02);
      await saveScreenshot(page, `${flags}-scannet-labels`);
    });

    it('hides the points of a label unticked in the legend, and does not pick them', async () => {
      const { page, state: before } = await labelledScene(app);
      if (before.legend?.kind !== 'labels') throw new Error('expected a label legend');
      const biggest = [...before.legend.entries].sort((a, b) => b.count - a.count)[0];
      const index = SCENE_LABELS.indexOf(biggest.id);
      // shown, the point is picked where it is drawn
      await clickPoint(page, index);
      expect((await waitForState(page, (s) => s.pick !== null)).pick!.fields.label).toBe(biggest.id);
      const shown = countForeground(await canvasImage(page), before.settings.background);
      await page.locator(`[data-testid="legend-toggle"][data-label="${biggest.id}"]`).uncheck();
      await waitForState(page, (s) => s.settings.hiddenLabels[s.settings.colorMode]?.includes(biggest.id));
      const hidden = countForeground(await canvasImage(page), before.settings.background);
      expect(hidden).toBeLessThan(shown * 0.95);
      // hidden, the same click picks nothing of that label
      await clickPoint(page, index);
      await page.waitForTimeout(500);
      const picked = await appState(page);
      expect(picked.pick?.fields.label ?? 'nothing').not.toBe(biggest.id);
    });

    it('draws bigger points when the point size grows, without rebuilding the layer', async () => {
      const { page, state: before } = await labelledScene(app);
      const small = countForeground(await canvasImage(page), before.settings.background);
      await page.getByTestId('point-size').fill(String(before.settings.pointSize * 2));
      await waitForState(page, (s) => s.settings.pointSize === before.settings.pointSize * 2);
      const big = countForeground(await canvasImage(page), before.settings.background);
      expect(big).toBeGreaterThan(small * 1.3);
      expect((await appState(page)).layer).toEqual(before.layer);
    });

    it('shows every attribute of a picked point', async () => {
      const { page } = await showing(app, [SCENE], isScene);
      await clickPoint(page, 12_345);
      const state = await waitForState(page, (s) => s.pick !== null);
      const row = sceneRow(state.pick!.index);
      expect(state.pick!.position.map((v) => Number(v.toFixed(4)))).toEqual(row.position.map((v) => Number(v.toFixed(4))));
      expect(state.pick!.color).toEqual(row.color);
      expect(state.pick!.fields).toEqual({ label: row.label, instance: row.instance });
      await expect(page.getByTestId('pick-index').textContent()).resolves.toBe(String(state.pick!.index));
      await expect(page.getByTestId('pick-field-label').textContent()).resolves.toBe(String(row.label));
    });

    it('shows a ShapeNet OBJ with its MTL as a shaded mesh', async () => {
      const counts = objCounts(new TextDecoder().decode(CHAIR[0].bytes));
      const { page, state } = await chair();
      expect(state.layer).toMatchObject({ kind: 'mesh', faces: counts.faces });
      expect(state.layer!.points).toBeGreaterThan(0);
      await expect(page.getByTestId('info-faces').textContent()).resolves.toBe(counts.faces.toLocaleString('en-US'));
      const image = await canvasImage(page);
      expect(countForeground(image, state.settings.background)).toBeGreaterThan(image.width * image.height * 0.03);
      await saveScreenshot(page, `${flags}-shapenet-obj`);
    });

    it('saves a screenshot of the view as PNG', async () => {
      const { page, state } = await chair();
      await canvasImage(page);
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('screenshot').click()]);
      expect(download.suggestedFilename()).toBe('model_normalized.png');
      const png = decodePng(new Uint8Array(readFileSync((await download.path())!)));
      expect(countForeground(png, state.settings.background)).toBeGreaterThan(png.width * png.height * 0.03);
    });

    it('shows a ModelNet OFF mesh', async () => {
      const { page, state } = await showing(app, [BATHTUB], (s) => s.layer?.format === 'off');
      const [vertices, faces] = new TextDecoder().decode(BATHTUB.bytes.subarray(0, 64)).split('\n')[1].trim().split(/\s+/).map(Number);
      expect(state.layer).toMatchObject({ kind: 'mesh', points: vertices, faces });
      const image = await canvasImage(page);
      expect(countForeground(image, state.settings.background)).toBeGreaterThan(image.width * image.height * 0.03);
      await saveScreenshot(page, `${flags}-modelnet-off`);
    });

    it('shows the coordinates of a picked mesh vertex', async () => {
      const { page } = await showing(app, [BATHTUB], (s) => s.layer?.format === 'off');
      await clickPoint(page, 1000);
      const state = await waitForState(page, (s) => s.pick !== null);
      const lines = new TextDecoder().decode(BATHTUB.bytes).split('\n');
      const vertex = lines[2 + state.pick!.index].trim().split(/\s+/).map(Number);
      state.pick!.position.forEach((v, k) => expect(v).toBeCloseTo(vertex[k], 4));
      await expect(page.getByTestId('pick-index').textContent()).resolves.toBe(String(state.pick!.index));
    });

    it('refuses a broken file with an error and keeps the model shown', async () => {
      const { page, state: before } = await showing(app, [BATHTUB], (s) => s.layer?.format === 'off');
      const imageBefore = await canvasImage(page);
      const broken = new TextEncoder().encode('ply\nformat binary_little_endian 1.0\nelement vertex 1000\nproperty float x\nend_header\n\u0001\u0002');
      await dropFiles(page, [{ name: 'broken.ply', bytes: broken }]);
      const state = await waitForState(page, (s) => s.error !== null && s.loading === null);
      expect(state.error).toMatch(/broken\.ply/);
      expect(state.layer).toEqual(before.layer);
      await expect(page.getByTestId('error-message').textContent()).resolves.toMatch(/broken\.ply/);
      await saveScreenshot(page, `${flags}-broken-file`);
      // The banner lies over the canvas: compare the view once it is dismissed.
      await page.getByTestId('error-dismiss').click();
      await waitForState(page, (s) => s.error === null);
      expect(countChanged(imageBefore, await canvasImage(page))).toBeLessThan(imageBefore.width * imageBefore.height * 0.001);
    });
  });
}

describe('both renderers', () => {
  it('draw points of the same size', async () => {
    const pixels: number[] = [];
    for (const flags of ['webgl', 'webgpu'] as RendererFlags[]) {
      const app = await launchViewer(flags);
      try {
        const { page, state } = await labelledScene(app);
        pixels.push(countForeground(await canvasImage(page), state.settings.background));
      } finally {
        await app.close();
      }
    }
    const [webgl, webgpu] = pixels;
    expect(Math.abs(webgl - webgpu) / webgl).toBeLessThan(0.1);
  });
});

describe('viewer controls (WebGL2)', () => {
  let app: App;

  beforeAll(async () => {
    app = await launchViewer('webgl');
  });
  afterAll(async () => {
    await app?.close();
  });

  it('opens a bundled sample with its companions from ?url=', async () => {
    const index = JSON.parse(readFileSync(resolve(import.meta.dirname, '../../samples/index.json'), 'utf8')) as {
      default: string;
      samples: { id: string; file: string; companions?: string[]; points: number; faces?: number }[];
    };
    const sample = index.samples.find((s) => s.id === index.default)!;
    const page = await viewerOnly(await app.open({ url: [sample.file, ...(sample.companions ?? [])].map((f) => `samples/${f}`) }));
    const state = await waitForState(page, (s) => s.layer !== null || s.error !== null);
    expect(state.error).toBeNull();
    expect(state.layer).toMatchObject({ points: sample.points, faces: sample.faces ?? 0 });
  });

  it('spreads the height colours over a range typed into the legend, the middle 96% of the points, or the full range again', async () => {
    const { page } = await showing(app, [SCENE], isScene);
    await page.getByTestId('show-grid').uncheck();
    await page.getByTestId('color-mode').selectOption('height');
    let state = await waitForState(page, (s) => s.legend?.kind === 'scale' && !s.settings.showGrid);
    const full = state.legend as Extract<AppSnapshot['legend'], { kind: 'scale' }>;
    const heights = Array.from({ length: 25_000 }, (_, i) => sceneRow(i).position[2]);
    expect(full.full).toEqual({ min: Math.min(...heights), max: Math.max(...heights) });
    const before = await canvasImage(page);
    // the map's top colour, as the canvas shows it
    const topColour = (image: DecodedImage) => {
      let n = 0;
      for (let i = 0; i < image.data.length; i += 4) if (Math.abs(image.data[i] - 144) <= 10 && Math.abs(image.data[i + 1] - 13) <= 10 && image.data[i + 2] <= 10) n++;
      return n;
    };

    // a quarter of the way up: every point above it takes the top colour
    const quarter = Number((full.min + (full.max - full.min) / 4).toFixed(2));
    await page.getByTestId('scale-max').fill(String(quarter));
    await page.getByTestId('scale-max').press('Enter');
    state = await waitForState(page, (s) => s.settings.scaleRanges.height !== undefined);
    expect(state.settings.scaleRanges.height).toEqual([full.min, quarter]);
    expect(state.legend).toMatchObject({ min: full.min, max: quarter, full: full.full });
    const low = await canvasImage(page);
    await saveScreenshot(page, 'scale-range-quarter');
    expect(countChanged(before, low)).toBeGreaterThan(before.width * before.height * 0.02);
    expect(topColour(low)).toBeGreaterThan(10 * Math.max(100, topColour(before)));

    // an end on the wrong side of the other is undone
    await page.getByTestId('scale-min').fill(String(quarter + 1));
    await page.getByTestId('scale-min').press('Enter');
    await expect.poll(() => page.getByTestId('scale-min').inputValue()).toBe(formatNumber(full.min, 4));
    expect((await appState(page)).settings.scaleRanges.height).toEqual([full.min, quarter]);

    await page.getByTestId('scale-middle').click();
    const sorted = [...heights].sort((a, b) => a - b);
    const at = (f: number) => sorted[Math.round(f * (sorted.length - 1))];
    state = await waitForState(page, (s) => s.settings.scaleRanges.height?.[1] !== quarter);
    expect(state.settings.scaleRanges.height).toEqual([at(0.02), at(0.98)]);

    await page.getByTestId('scale-full').click();
    state = await waitForState(page, (s) => s.settings.scaleRanges.height === undefined);
    expect(state.legend).toMatchObject({ min: full.min, max: full.max });
    expect(await page.getByTestId('scale-full').isDisabled()).toBe(true);
  });

  it('shows only the points whose height lies in a range narrowed in the legend, as many as a plain count finds, fewer drawn', async () => {
    const { page } = await showing(app, [SCENE], isScene);
    await page.getByTestId('show-grid').uncheck();
    await page.getByTestId('color-mode').selectOption('height');
    const full = (await waitForState(page, (s) => s.legend?.kind === 'scale' && s.settings.colorMode === 'height' && !s.settings.showGrid)).legend as Extract<AppSnapshot['legend'], { kind: 'scale' }>;
    await expect(page.getByTestId('legend-histogram').locator('rect').count()).resolves.toBe(64);
    // pixels of the view that are not its background (#15171c)
    const drawn = () => viewPixels(page, (r, g, b) => Math.abs(r - 0x15) + Math.abs(g - 0x17) + Math.abs(b - 0x1c) > 40);
    const before = await drawn();

    const span = full.max - full.min;
    const [lo, hi] = [Number((full.min + 0.3 * span).toFixed(2)), Number((full.min + 0.6 * span).toFixed(2))];
    for (const [end, value] of [['scale-max', hi], ['scale-min', lo]] as const) {
      await page.getByTestId(end).fill(String(value));
      await page.getByTestId(end).press('Enter');
    }
    await waitForState(page, (s) => s.settings.scaleRanges.height?.[0] === lo && s.settings.scaleRanges.height?.[1] === hi);
    const heights = Array.from({ length: 25_000 }, (_, i) => sceneRow(i).position[2]);
    const inRange = heights.filter((z) => z >= lo && z <= hi).length;
    const [below, above] = [heights.filter((z) => z < lo).length, heights.filter((z) => z > hi).length];
    await expect(page.getByTestId('histogram-outside').textContent()).resolves.toBe(`Past the ends: ${formatCount(below)} points below the range, ${formatCount(above)} above it.`);

    await page.getByTestId('value-filter').check();
    await page.waitForFunction((n) => Number(document.querySelector('[data-testid="value-filter-kept"]')?.getAttribute('data-kept')) === n, inRange);
    await expect(page.getByTestId('value-filter-kept').textContent()).resolves.toBe(`${formatCount(inRange)} of 25,000 points kept`);
    await expect(page.getByTestId('histogram-outside').textContent()).resolves.toBe(`Hidden: ${formatCount(below)} points below the range, ${formatCount(above)} above it.`);
    await expect.poll(drawn).toBeLessThan(before * 0.8);
    await saveScreenshot(page, 'value-filter');

    // classes have no scale to filter by: every point is kept again, and the legend says why
    await page.getByTestId('color-mode').selectOption('field:label');
    await page.waitForFunction(() => Number(document.querySelector('[data-testid="clip-kept"]')?.getAttribute('data-kept')) === 25_000);
    await expect(page.getByTestId('value-filter-idle').isVisible()).resolves.toBe(true);
    await saveScreenshot(page, 'value-filter-idle');
  });

  it('opens two files given as ?url= a layer each, the first file with its material', async () => {
    const index = JSON.parse(readFileSync(resolve(import.meta.dirname, '../../samples/index.json'), 'utf8')) as {
      samples: { id: string; file: string; companions?: string[]; points: number; faces?: number }[];
    };
    const [withMaterial, plain] = [index.samples.find((s) => s.companions?.length)!, index.samples.find((s) => !s.companions?.length)!];
    const urls = [withMaterial.file, ...withMaterial.companions!, plain.file].map((f) => `samples/${f}`);
    const page = await viewerOnly(await app.open({ url: urls }));
    const state = await waitForState(page, (s) => (s.layers.length === 2 && s.loading === null) || s.error !== null);
    expect(state.error).toBeNull();
    const [first, second] = state.layers.map((e) => e.meta);
    expect(first).toMatchObject({ fileName: withMaterial.file.split('/').pop(), points: withMaterial.points, faces: withMaterial.faces ?? 0, warnings: [] });
    expect(first.colorModes.map((m) => m.id)).toContain('material');
    expect(second).toMatchObject({ fileName: plain.file.split('/').pop(), points: plain.points });
    // the second opened beside the first, and is the one shown
    expect(state.layer!.id).toBe(second.id);
  });

  it('opens a .gltf from its address with the .bin it names, fetched from beside it', async () => {
    const chair = (await parseFiles(CHAIR)).data as Mesh;
    const { json, bin } = gltfDocument(partsOfMesh(chair));
    const gltf = utf8(JSON.stringify({ ...json, buffers: [{ byteLength: bin.length, uri: 'data/chair%20parts.bin' }] }));
    // the test's server looks paths up as requested, percent-encoded
    const server = await startRangeServer({ '/models/chair.gltf': gltf, '/models/data/chair%20parts.bin': bin }, { ranges: false });
    try {
      const page = await viewerOnly(await app.open({ url: server.url('/models/chair.gltf') }));
      const state = await waitForState(page, (s) => (s.layer !== null && s.loading === null) || s.error !== null);
      expect(state.error).toBeNull();
      expect(state.layer).toMatchObject({ fileName: 'chair.gltf', format: 'gltf', kind: 'mesh', faces: chair.indices.length / 3, warnings: [] });
      expect(server.requests).toHaveLength(2);
    } finally {
      await server.close();
    }
  });

  it('reports an address that gives no readable file', async () => {
    // vite preview answers unknown paths with the app's index.html, so this is a refused parse.
    const page = await app.open({ url: 'samples/no-such-file.ply' });
    const state = await waitForState(page, (s) => s.error !== null);
    await viewerOnly(page);
    expect(state.error).toMatch(/no-such-file\.ply/);
    expect(state.layer).toBeNull();
  });

  it('opens ScanNet NPY arrays dropped together as one cloud with their labels', async () => {
    const names = ['scene0000_00_vert.npy', 'scene0000_00_sem_label.npy', 'scene0000_00_ins_label.npy'];
    const files = names.map((n) => fixtureFile(`io/${n}`));
    // An .npy file's header says its shape, e.g. 'shape': (2000, 6).
    const rows = Number(/'shape': \((\d+),/.exec(new TextDecoder().decode(files[0].bytes.subarray(0, 128)))![1]);
    const page = await viewerOnly(await app.open());
    await dropFiles(page, files);
    const state = await waitForState(page, (s) => s.layer?.format === 'npy');
    expect(state.layer).toMatchObject({ kind: 'points', points: rows });
    expect(state.layer!.attributes).toEqual(expect.arrayContaining(['rgb']));
    expect(state.layer!.colorModes.filter((m) => m.id.startsWith('field:')).length).toBeGreaterThanOrEqual(2);
    const image = await canvasImage(page);
    expect(countForeground(image, state.settings.background)).toBeGreaterThan(image.width * image.height * 0.01);
  });

  it('opens a headerless float32 scan (.bin) with its colours, says how it read it, and finds its up from the geometry', async () => {
    const scan = (await parseFiles([SCENE])).data;
    const n = scan.positions.length / 3;
    const records = xyzRgbRecords(scan);
    const page = await viewerOnly(await app.open());
    await dropFiles(page, [{ name: 'scene0000_00.bin', bytes: records }]);
    const state = await waitForState(page, (s) => s.layer?.format === 'bin' && s.loading === null);
    expect(state.layer).toMatchObject({ kind: 'points', points: n, attributes: ['rgb'], up: { axis: '+z', source: 'detected', sure: true } });
    const said = `has no header: read as ${formatCount(n)} points of 6 float32 values each (x y z, a colour), the count under which every column holds one kind of value`;
    expect(state.layer!.warnings).toEqual([said]);
    await expect(page.getByTestId('info-format').textContent()).resolves.toBe('Headerless float32 point cloud');
    await expect(page.getByTestId('info-warnings').textContent()).resolves.toContain(said);
    await expect(page.getByTestId('up-source').first().getAttribute('data-source')).resolves.toBe('detected');
    const image = await canvasImage(page);
    expect(countForeground(image, state.settings.background)).toBeGreaterThan(image.width * image.height * 0.01);
    await saveScreenshot(page, 'viewer-headerless-bin');

    // a count of values a point chosen in Info is used for the .bin files opened after it: the same file as 3 values a point
    await page.getByTestId('record-values').selectOption('3');
    await dropFiles(page, [{ name: 'as-three.bin', bytes: records }]);
    const three = await waitForState(page, (s) => s.layer?.fileName === 'as-three.bin' && s.loading === null);
    expect(three.settings.recordValues).toBe(3);
    expect(three.layer).toMatchObject({ points: 2 * n, attributes: [], warnings: [`has no header: read as ${formatCount(2 * n)} points of 3 float32 values each (x y z), the count chosen`] });
  });

  it("shows a quoted CSV of 0..1 float colours (pandas, Open3D) in its own colours, and asks for a .gltf's missing buffer to be opened with it", async () => {
    const scan = (await parseFiles([SCENE])).data;
    const n = scan.positions.length / 3;
    const quoted = (values: (number | string)[]) => values.map((v) => `"${v}"`).join(',');
    const lines = [quoted(['x', 'y', 'z', 'red', 'green', 'blue'])];
    for (let i = 0; i < n; i++) lines.push(quoted([...scan.positions.slice(3 * i, 3 * i + 3), ...Array.from(scan.colors!.slice(3 * i, 3 * i + 3), (v) => (v / 255).toFixed(6))]));
    const page = await viewerOnly(await app.open());
    await dropFiles(page, [{ name: 'scene.csv', bytes: utf8(lines.join('\n') + '\n') }]);
    await waitForState(page, (s) => s.layer?.format === 'xyz' && s.loading === null);
    await page.getByTestId('show-grid').uncheck();
    const state = await waitForState(page, (s) => !s.settings.showGrid);
    expect(state.layer).toMatchObject({ kind: 'points', points: n });
    expect(state.layer!.attributes).toEqual(expect.arrayContaining(['rgb']));
    expect(state.layer!.warnings).toEqual([]);
    // read as 0..255 values, the colours would draw the room black
    const image = await canvasImage(page);
    const v = Number.parseInt(state.settings.background.replace('#', ''), 16);
    const background = [(v >> 16) & 255, (v >> 8) & 255, v & 255];
    let drawn = 0;
    let brightness = 0;
    for (let i = 0; i < image.data.length; i += 4) {
      const rgb = [image.data[i], image.data[i + 1], image.data[i + 2]];
      if (rgb.every((c, k) => Math.abs(c - background[k]) <= 24)) continue;
      drawn++;
      brightness += Math.max(...rgb);
    }
    expect(drawn).toBeGreaterThan(image.width * image.height * 0.01);
    expect(brightness / drawn).toBeGreaterThan(60);
    await saveScreenshot(page, 'quoted-csv-float-colours');
    const { json, bin } = gltfDocument([{ name: 'tri', positions: Float32Array.from([0, 0, 0, 1, 0, 0, 0, 1, 0]), indices: Uint32Array.from([0, 1, 2]) }]);
    await dropFiles(page, [{ name: 'tri.gltf', bytes: utf8(JSON.stringify({ ...json, buffers: [{ byteLength: bin.length, uri: 'tri%20data.bin' }] })) }]);
    const refused = await waitForState(page, (s) => s.error !== null);
    expect(refused.error).toMatch(/tri\.gltf keeps its data in tri%20data\.bin, which is missing: open tri data\.bin together with it/);
    await saveScreenshot(page, 'gltf-missing-buffer');
  });

  it('reads the headerless scan shown again when a count of values a point is chosen in Info, in place of its layer, and keeps it where the file cannot hold that count', async () => {
    const scan = (await parseFiles([SCENE])).data;
    const n = scan.positions.length / 3;
    const records = xyzRgbRecords(scan);
    const page = await viewerOnly(await app.open());
    // a second layer beside the scan, which reading the scan again leaves alone
    await dropFiles(page, [BATHTUB]);
    await waitForState(page, (s) => s.layer?.format === 'off' && s.loading === null);
    await dropFiles(page, [{ name: 'scan.bin', bytes: records }]);
    const found = await waitForState(page, (s) => s.layer?.fileName === 'scan.bin' && s.loading === null);
    expect(found.layer).toMatchObject({ points: n, attributes: ['rgb'] });
    expect(found.layers.map((e) => e.meta.fileName)).toEqual([BATHTUB.name, 'scan.bin']);

    // the person sets 3: the scan is read again as x y z triples, where it was in the list
    await page.getByTestId('record-values').selectOption('3');
    const three = await waitForState(page, (s) => s.layer?.fileName === 'scan.bin' && s.layer.points === 2 * n && s.loading === null);
    expect(three.layers.map((e) => e.meta.fileName)).toEqual([BATHTUB.name, 'scan.bin']);
    expect(three.layer).toMatchObject({ attributes: [], warnings: [`has no header: read as ${formatCount(2 * n)} points of 3 float32 values each (x y z), the count chosen`] });
    await saveScreenshot(page, 'viewer-bin-read-again');

    // a count the file's size does not allow: refused in words, and the scan stays as it was read
    const misfit = [5, 7, 9, 11, 13].find((k) => (6 * n) % k !== 0)!;
    await page.getByTestId('record-values').selectOption(String(misfit));
    const refused = await waitForState(page, (s) => s.error !== null && s.loading === null);
    expect(refused.error).toMatch(/scan\.bin/);
    expect(refused.layer).toEqual(three.layer);
    await expect(page.getByTestId('error-message').textContent()).resolves.toContain(`${misfit}`);
    await page.getByTestId('error-dismiss').click();

    // found from the values again: x y z and a colour
    await page.getByTestId('record-values').selectOption('0');
    const again = await waitForState(page, (s) => s.layer?.fileName === 'scan.bin' && s.layer.points === n && s.loading === null);
    expect(again.layer!.attributes).toEqual(['rgb']);
    expect(again.layers).toHaveLength(2);
  });

  it("colours a headerless scan by the SemanticKITTI labels dropped with it, its classes named in the legend", async () => {
    const scan = (await parseFiles([SCENE])).data;
    const n = scan.positions.length / 3;
    const records = float32Records(n, [...[0, 1, 2].map((k) => (i: number) => scan.positions[3 * i + k]), (i: number) => scan.colors![3 * i] / 255]);
    // the room's NYU40 classes as SemanticKITTI's: wall as building, floor as road, chair as car, the rest other-object
    const kitti: Record<number, [number, string]> = { 0: [0, 'unlabeled'], 1: [50, 'building'], 2: [40, 'road'], 5: [10, 'car'] };
    const ids = SCENE_LABELS.map((l) => (kitti[l] ?? [99])[0]);
    const words = Uint32Array.from(ids, (id, i) => ((i % 3) << 16) | id);
    const page = await viewerOnly(await app.open());
    await dropFiles(page, [
      { name: '000000.bin', bytes: records },
      { name: '000000.label', bytes: new Uint8Array(words.buffer) },
    ]);
    await waitForState(page, (s) => s.layer?.fileName === '000000.bin' && s.loading === null);
    await page.getByTestId('color-mode').selectOption('field:kitti_label');
    const state = await waitForState(page, (s) => s.legend?.kind === 'labels' && s.legend.title === 'kitti_label (SemanticKITTI)');
    const legend = state.legend as Extract<AppSnapshot['legend'], { kind: 'labels' }>;
    const expected = [...new Set(ids)].sort((a, b) => a - b).map((id) => ({ id, name: Object.values(kitti).find(([k]) => k === id)?.[1] ?? 'other-object', count: ids.filter((v) => v === id).length }));
    expect(legend.entries.map(({ id, name, count }) => ({ id, name, count }))).toEqual(expected);
    await expect(page.getByTestId('legend-entry').allTextContents()).resolves.toEqual(expected.map((e) => expect.stringContaining(e.name)));
    await saveScreenshot(page, 'viewer-semantickitti-labels');
  });

  it("colours a classified LAZ 1.4 tile (point format 7) by its classes, named and coloured as the ASPRS standard has them", async () => {
    const scan = (await parseFiles([SCENE])).data;
    // the room's NYU40 classes as a lidar vendor's: floor as ground, wall as building, furniture as user class 64, the rest unclassified
    const asprs: Record<number, number> = { 1: 6, 2: 2, 3: 64, 4: 64, 5: 64, 6: 64, 7: 64 };
    const classes = Uint8Array.from(SCENE_LABELS, (l) => asprs[l] ?? 1);
    const page = await viewerOnly(await app.open());
    await dropFiles(page, [{ name: 'tile.laz', bytes: writeLaz14({ positions: scan.positions, colors: scan.colors!, classes }).bytes }]);
    const loaded = await waitForState(page, (s) => s.layer?.fileName === 'tile.laz' && s.loading === null);
    expect(loaded.layer).toMatchObject({ points: 25_000, warnings: [] });
    await expect(page.getByTestId('info-format').textContent()).resolves.toBe('LAZ point cloud');
    // a lidar point's return, and its pulse's number of returns, can colour it too
    expect(loaded.layer!.colorModes.map((m) => m.id)).toEqual(expect.arrayContaining(['field:classification', 'field:return_number', 'field:number_of_returns']));
    await page.getByTestId('color-mode').selectOption('field:classification');
    const state = await waitForState(page, (s) => s.legend?.kind === 'labels' && s.legend.title === 'classification (ASPRS)');
    const legend = state.legend as Extract<AppSnapshot['legend'], { kind: 'labels' }>;
    const names: Record<number, string> = { 1: 'unclassified', 2: 'ground', 6: 'building', 64: 'user-defined 64' };
    const expected = [1, 2, 6, 64].map((id) => ({ id, name: names[id], count: classes.filter((c) => c === id).length }));
    expect(expected.every((e) => e.count > 0)).toBe(true);
    expect(legend.entries.map(({ id, name, count }) => ({ id, name, count }))).toEqual(expected);
    await expect(page.getByTestId('legend-entry').allTextContents()).resolves.toEqual(expected.map((e) => expect.stringContaining(e.name)));
    // the floor is drawn in the ground's brown, the walls in the buildings' orange
    const image = await canvasImage(page);
    const pixels = image.width * image.height;
    expect(pixels - countForeground(image, '#a87848', 20)).toBeGreaterThan(2000);
    expect(pixels - countForeground(image, '#e66e3c', 20)).toBeGreaterThan(2000);
    await saveScreenshot(page, 'viewer-laz14-asprs-classes');
  });

  it("colours a LAS 1.4 scan by its flight lines and by a dimension its Extra Bytes record describes, and shows a picked point's GPS time in full", async () => {
    const scan = (await parseFiles([SCENE])).data as PointCloud;
    const n = scan.positions.length / 3;
    const xs = Array.from({ length: n }, (_, i) => scan.positions[3 * i]).sort((a, b) => a - b);
    const middle = xs[n >> 1];
    const line = (i: number) => (scan.positions[3 * i] < middle ? 1 : 2);
    // an amplitude in tenths of a decibel, rising with height
    const amplitude = (i: number) => Math.round(scan.positions[3 * i + 2] * 100);
    const bytes = lasFile(scan, {
      minor: 4,
      format: 6,
      // a deviation every other point, the rest at its no-data value
      records: [extraBytesRecord([{ name: 'Amplitude', type: 4, scale: 0.1 }, { name: 'Deviation', type: 3, noData: 65535 }])],
      extraBytes: 4,
      fill: (dv, at, i) => {
        dv.setUint16(at + 20, line(i), true);
        dv.setFloat64(at + 22, 3.9e8 + i * 1e-3, true);
        dv.setInt16(at + 30, amplitude(i), true);
        dv.setUint16(at + 32, i % 2 ? i % 1000 : 65535, true);
      },
    });
    const page = await viewerOnly(await app.open());
    await dropFiles(page, [{ name: 'flight-lines.las', bytes }]);
    const loaded = await waitForState(page, (s) => s.layer?.fileName === 'flight-lines.las' && s.loading === null);
    expect(loaded.layer).toMatchObject({ points: n, warnings: ['12,500 points have no Deviation (its no-data value, 65535): they are drawn in the low end of its colour scale'] });
    expect(loaded.layer!.attributes).toEqual(expect.arrayContaining(['point_source_id', 'gps_time', 'Amplitude', 'Deviation']));

    await page.getByTestId('color-mode').selectOption('field:point_source_id');
    const lines = (await waitForState(page, (s) => s.legend?.kind === 'labels' && s.legend.title === 'point_source_id')).legend as Extract<AppSnapshot['legend'], { kind: 'labels' }>;
    const count = (id: number) => Array.from({ length: n }, (_, i) => line(i)).filter((l) => l === id).length;
    expect(lines.entries.map(({ id, name, count }) => ({ id, name, count }))).toEqual([1, 2].map((id) => ({ id, name: `point_source_id ${id}`, count: count(id) })));
    // each flight line is drawn in its legend colour
    const image = await canvasImage(page);
    const pixels = image.width * image.height;
    const hex = (c: readonly number[]) => `#${c.map((v) => v.toString(16).padStart(2, '0')).join('')}`;
    for (const e of lines.entries) expect(pixels - countForeground(image, hex(e.color), 20), e.name).toBeGreaterThan(2000);
    await saveScreenshot(page, 'viewer-las-flight-lines');

    await page.getByTestId('color-mode').selectOption('field:Amplitude');
    const scale = (await waitForState(page, (s) => s.legend?.kind === 'scale' && s.legend.title === 'Amplitude')).legend as Extract<AppSnapshot['legend'], { kind: 'scale' }>;
    const values = Array.from({ length: n }, (_, i) => amplitude(i) * 0.1);
    expect(scale.full).toEqual({ min: Math.min(...values), max: Math.max(...values) });
    expect(countChanged(image, await canvasImage(page))).toBeGreaterThan(pixels * 0.02);
    await saveScreenshot(page, 'viewer-las-extra-bytes');

    // a picked point's GPS time reads to the tenth of a millisecond, and its dimensions as the file gives them
    await clickPoint(page, 12_345);
    const picked = (await waitForState(page, (s) => s.pick !== null)).pick!;
    const i = picked.index;
    expect(picked.fields).toMatchObject({ point_source_id: line(i), gps_time: 3.9e8 + i * 1e-3, Amplitude: amplitude(i) * 0.1 });
    await expect(page.getByTestId('pick-field-gps_time').textContent()).resolves.toBe((3.9e8 + i * 1e-3).toFixed(4));
    await expect(page.getByTestId('pick-field-point_source_id').textContent()).resolves.toBe(String(line(i)));
    await expect(page.getByTestId('pick-field-Deviation').textContent()).resolves.toBe(i % 2 ? String(i % 1000) : 'no value');
  });

  it('reads the dimension an Extra Bytes record after the points describes of a LAS 1.4 opened from an address, by a range request before the points', async () => {
    const scan = (await parseFiles([SCENE])).data as PointCloud;
    const n = scan.positions.length / 3;
    const amplitude = (i: number) => Math.round(scan.positions[3 * i + 2] * 100);
    const bytes = lasFile(scan, {
      minor: 4,
      format: 6,
      evlrs: [extraBytesRecord([{ name: 'Amplitude', type: 4, scale: 0.1 }])],
      extraBytes: 2,
      fill: (dv, at, i) => dv.setInt16(at + 30, amplitude(i), true),
    });
    const evlrsAt = Number(new DataView(bytes.buffer).getBigUint64(235, true));
    const server = await startRangeServer({ '/survey/amplitude.las': bytes }, { ranges: true });
    try {
      const page = await viewerOnly(await app.open({ url: server.url('/survey/amplitude.las') }));
      const loaded = await waitForState(page, (s) => (s.layer?.fileName === 'amplitude.las' && s.loading === null) || s.error !== null);
      expect(loaded.error).toBeNull();
      expect(loaded.layer).toMatchObject({ points: n, warnings: [] });
      expect(loaded.layer!.attributes).toContain('Amplitude');
      // the extended records, from their offset to the end, asked for apart from the file's stream
      expect(server.requests).toContainEqual([evlrsAt, bytes.length]);
      await page.getByTestId('color-mode').selectOption('field:Amplitude');
      const scale = (await waitForState(page, (s) => s.legend?.kind === 'scale' && s.legend.title === 'Amplitude')).legend as Extract<AppSnapshot['legend'], { kind: 'scale' }>;
      const values = Array.from({ length: n }, (_, i) => amplitude(i) * 0.1);
      expect(scale.full).toEqual({ min: Math.min(...values), max: Math.max(...values) });
      await saveScreenshot(page, 'viewer-las-extra-bytes-after-points');
    } finally {
      await server.close();
    }
  });

  it("opens a Pointcept scene's arrays (S3DIS) dropped together as one z-up cloud with its colours and classes", async () => {
    const files = ['color', 'coord', 'segment'].map((a) => fixtureFile(`io/Area_6_office_1/${a}.npy`));
    const page = await viewerOnly(await app.open());
    await dropFiles(page, files);
    const state = await waitForState(page, (s) => s.layer?.format === 'npy');
    expect(state.layer).toMatchObject({ kind: 'points', points: 1500, fileName: 'coord.npy' });
    expect(state.layer!.attributes).toEqual(expect.arrayContaining(['rgb']));
    expect(state.layer!.colorModes.map((m) => m.id)).toContain('field:segment');
    expect(state.layer!.up.axis).toBe('+z');
    expect(state.layer!.warnings).toEqual([]);
    const image = await canvasImage(page);
    expect(countForeground(image, state.settings.background)).toBeGreaterThan(image.width * image.height * 0.01);
    await saveScreenshot(page, 'pointcept-room');
  });

  it('opens a folder picked with "Open folder…": each model a layer with its own material, the text beside them named', async () => {
    // a ShapeNet model's folder, with its json, its texture and a second model, and a note beside them
    const root = join(mkdtempSync(join(tmpdir(), 'pointlens-folder-')), 'chair');
    mkdirSync(join(root, 'models'), { recursive: true });
    mkdirSync(join(root, 'images'));
    for (const f of [...CHAIR, BATHTUB]) writeFileSync(join(root, 'models', f === BATHTUB ? 'zz_bathtub.off' : f.name), f.bytes);
    writeFileSync(join(root, 'models', 'model_normalized.json'), '{"id": "chair"}');
    writeFileSync(join(root, 'images', 'texture0.jpg'), new Uint8Array(64));
    writeFileSync(join(root, 'readme.txt'), 'two models\n');
    const page = await viewerOnly(await app.open());
    await page.getByTestId('folder-input').setInputFiles(root);
    const state = await waitForState(page, (s) => s.loading === null && s.layers.length === 2 && s.layer?.fileName === 'chair/models/zz_bathtub.off');
    const [chair, bathtub] = state.layers.map((e) => e.meta);
    expect(chair).toMatchObject({ fileName: 'chair/models/model_normalized.obj', kind: 'mesh', faces: objCounts(new TextDecoder().decode(CHAIR[0].bytes)).faces });
    // the material library was read with its model: its diffuse colours are the chair's
    expect(chair.colorModes.map((m) => m.id)).toContain('material');
    expect(chair.warnings).toEqual([]);
    expect(bathtub.warnings).toEqual(['2 files were opened from the folder; it also holds chair/readme.txt: open it on its own']);
    const image = await canvasImage(page);
    expect(countForeground(image, state.settings.background)).toBeGreaterThan(image.width * image.height * 0.01);
    await saveScreenshot(page, 'open-folder-chair');
  });

  it('steps through a SemanticKITTI sequence folder a scan at a time, each with its labels, in place of the one shown', async () => {
    // ten scans of x y z intensity, each a different thinning of the room, labelled but for the fourth
    const scan = (await parseFiles([SCENE])).data;
    const n = scan.positions.length / 3;
    const root = join(mkdtempSync(join(tmpdir(), 'pointlens-sequence-')), 'seq');
    mkdirSync(join(root, 'velodyne'), { recursive: true });
    mkdirSync(join(root, 'labels'));
    writeFileSync(join(root, 'calib.txt'), 'P0: 1 0 0 0\n');
    const points: number[] = [];
    for (let k = 0; k < 10; k++) {
      const kept = Array.from({ length: Math.ceil(n / (k + 2)) }, (_, i) => i * (k + 2));
      points.push(kept.length);
      const stem = String(k).padStart(6, '0');
      writeFileSync(join(root, 'velodyne', `${stem}.bin`), float32Records(kept.length, [...[0, 1, 2].map((c) => (i: number) => scan.positions[3 * kept[i] + c]), (i: number) => scan.colors![3 * kept[i]] / 255]));
      if (k !== 3) writeFileSync(join(root, 'labels', `${stem}.label`), new Uint8Array(Uint32Array.from(kept, (i) => SCENE_LABELS[i]).buffer));
    }
    const page = await viewerOnly(await app.open());
    await page.getByTestId('folder-input').setInputFiles(root);
    const first = await waitForState(page, (s) => s.loading === null && s.layer?.fileName === 'seq/velodyne/000000.bin');
    expect(first.layer).toMatchObject({ points: points[0], attributes: ['intensity', 'kitti_label', 'kitti_instance'] });
    expect(first.layer!.warnings).toContain("only seq/velodyne/000000.bin was opened of the folder's 10 scans and models: step through them with the arrows on its layer, or [ and ]");
    expect(first.sequence).toMatchObject({ layerId: first.layer!.id, index: 0, count: 10 });
    await expect(page.getByTestId('sequence-position').textContent()).resolves.toBe('1 of 10 · 000000.bin');
    expect(await page.getByTestId('sequence-previous').isDisabled()).toBe(true);

    // the person turns the view and colours the scan by height: the scans stepped to keep both
    // the view's handle is registered again as it re-renders: wait for one that answers
    const camera = async () => (await (await page.waitForFunction(() => window.__pointlens?.camera())).jsonValue()) as [number, number, number];
    const framed = await camera();
    await orbit(page);
    const turned = await camera();
    expect(Math.hypot(...turned.map((v, k) => v - framed[k]))).toBeGreaterThan(1);
    await page.getByTestId('color-mode').selectOption('height');

    // the next scan in place of the first, with its own labels
    await page.getByTestId('sequence-next').click();
    const second = await waitForState(page, (s) => s.loading === null && s.sequence?.index === 1);
    expect(second.layers).toHaveLength(1);
    expect(second.layer).toMatchObject({ fileName: 'seq/velodyne/000001.bin', points: points[1], attributes: ['intensity', 'kitti_label', 'kitti_instance'] });
    expect(second.sequence!.layerId).toBe(second.layer!.id);
    expect(second.settings.colorMode).toBe('height');
    expect(Math.hypot(...(await camera()).map((v, k) => v - turned[k]))).toBeLessThan(1e-6);

    // ] twice in a row goes two scans on; the fourth has no labels beside it
    await page.mouse.click(640, 780);
    await page.keyboard.press(']');
    await page.keyboard.press(']');
    const fourth = await waitForState(page, (s) => s.loading === null && s.sequence?.index === 3);
    expect(fourth.layer).toMatchObject({ fileName: 'seq/velodyne/000003.bin', points: points[3], attributes: ['intensity'] });
    expect(fourth.settings.colorMode).toBe('height');
    expect(Math.hypot(...(await camera()).map((v, k) => v - turned[k]))).toBeLessThan(1e-6);
    await expect(page.getByTestId('sequence-position').textContent()).resolves.toBe('4 of 10 · 000003.bin');
    await saveScreenshot(page, 'folder-sequence');
    await page.keyboard.press('[');
    const third = await waitForState(page, (s) => s.loading === null && s.sequence?.index === 2);
    expect(third.layer).toMatchObject({ fileName: 'seq/velodyne/000002.bin', points: points[2] });
    expect(third.layers).toHaveLength(1);

    // the layer removed, the sequence goes with it
    await page.getByTestId('layer-remove').first().click();
    const removed = await waitForState(page, (s) => s.layers.length === 0);
    expect(removed.sequence).toBeNull();
  });

  it("colours a VoteNet frame's _xyz.npy by the _rgb.npy dropped with it: one layer, in its colours", async () => {
    const scan = (await parseFiles([SCENE])).data;
    const n = scan.positions.length / 3;
    const page = await viewerOnly(await app.open());
    await dropFiles(page, [
      { name: 'frame_xyz.npy', bytes: npy('<f4', [n, 3], scan.positions) },
      { name: 'frame_rgb.npy', bytes: npy('|u1', [n, 3], scan.colors!) },
    ]);
    const state = await waitForState(page, (s) => s.loading === null && s.layer?.fileName === 'frame_xyz.npy');
    expect(state.layers).toHaveLength(1);
    expect(state.layer).toMatchObject({ points: n, attributes: ['rgb'], warnings: [] });
    expect(state.settings.colorMode).toBe('rgb');
  });

  it('opens a Pointcept scene folder picked with "Open folder…" as one cloud named by its folder', async () => {
    const page = await viewerOnly(await app.open());
    await page.getByTestId('folder-input').setInputFiles(fileURLToPath(new URL('../fixtures/io/Area_6_office_1', import.meta.url)));
    const state = await waitForState(page, (s) => s.loading === null && s.layer?.format === 'npy');
    expect(state.layer).toMatchObject({ kind: 'points', points: 1500, fileName: 'Area_6_office_1/coord.npy' });
    expect(state.layer!.attributes).toEqual(expect.arrayContaining(['rgb', 'segment']));
    expect(state.layer!.warnings).toEqual([]);
    await expect(page.getByTestId('status-line').textContent()).resolves.toMatch(/Area_6_office_1\/coord\.npy/);
    // the file picker beside it offers every format the readers take (it once left .csv out), and materials
    const offered = (await page.getByTestId('file-input').getAttribute('accept'))!.split(',');
    expect(offered).toEqual(expect.arrayContaining([...supportedExtensions(), '.mtl']));
  });

  it('marks a detected up axis it is not sure of, until an axis is chosen', async () => {
    // 12,000 points strewn through a 3 m cube: room-sized, with no floor, walls or anything else to stand on
    let seed = 7;
    const next = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31) * 3;
    const lines = Array.from({ length: 12_000 }, () => `${next().toFixed(4)} ${next().toFixed(4)} ${next().toFixed(4)}`);
    const page = await viewerOnly(await app.open());
    await dropFiles(page, [{ name: 'no-floor.xyz', bytes: new TextEncoder().encode(lines.join('\n') + '\n') }]);
    const state = await waitForState(page, (s) => s.layer?.fileName === 'no-floor.xyz');
    expect(state.layer!.up.source).toBe('detected');
    expect(state.layer!.up.confidence).toBeLessThan(0.6);
    const source = page.getByTestId('up-source').first();
    await expect(source.textContent()).resolves.toBe('detected, not sure: check it');
    await expect(source.getAttribute('data-sure')).resolves.toBe('false');
    await expect(source.getAttribute('title')).resolves.toMatch(/% sure\)$/);
    await source.scrollIntoViewIfNeeded();
    await saveScreenshot(page, 'up-not-sure');
    const other = state.settings.upAxis === '+z' ? '+y' : '+z';
    await page.getByTestId('up-axis').selectOption(other);
    await waitForState(page, (s) => s.settings.upAxis === other);
    await expect(source.textContent()).resolves.toBe('chosen');
    await expect(source.getAttribute('data-sure')).resolves.toBe('true');
  });

  it("marks a format's usual up that the geometry doubts, until an axis is chosen", async () => {
    // a ModelNet40 sofa saved z-up as a colourless .xyz, which its format says is y-up
    const page = await viewerOnly(await app.open());
    await dropFiles(page, [await savedZUp('modelnet40/sofa_0034.txt', 'sofa-z-up.xyz')]);
    const state = await waitForState(page, (s) => s.layer?.fileName === 'sofa-z-up.xyz');
    expect(state.layer!.up).toMatchObject({ axis: '+y', source: 'format', sure: false });
    const source = page.getByTestId('up-source').first();
    await expect(source.textContent()).resolves.toBe("the format's usual, not sure: check it");
    await expect(source.getAttribute('data-sure')).resolves.toBe('false');
    await expect(source.getAttribute('title')).resolves.toMatch(/^the geometry doubts it: an object; z is vertical: .*% sure\)$/);
    await source.scrollIntoViewIfNeeded();
    await saveScreenshot(page, 'up-format-doubted');
    await page.getByTestId('up-axis').selectOption('+z');
    await waitForState(page, (s) => s.settings.upAxis === '+z');
    await expect(source.textContent()).resolves.toBe('chosen');
    await expect(source.getAttribute('data-sure')).resolves.toBe('true');
  });

  it('stands a single RGB-D frame, stored as a depth camera stores it, on its floor', async () => {
    // a SUN RGB-D frame (x right, y forward, z up, the camera at the origin) written the way a
    // depth camera keeps its frames: x right, y down, z forward, so its up is -y
    const xyz = (await parseFiles([fixtureFile('geometry/sunrgbd_000002_every4th.npy')])).data.positions;
    const lines: string[] = [];
    for (let i = 0; i < xyz.length; i += 3) lines.push(`${xyz[i].toFixed(4)} ${(-xyz[i + 2]).toFixed(4)} ${xyz[i + 1].toFixed(4)}`);
    const page = await viewerOnly(await app.open());
    await dropFiles(page, [{ name: 'camera-frame.xyz', bytes: new TextEncoder().encode(lines.join('\n') + '\n') }]);
    const state = await waitForState(page, (s) => s.layer?.fileName === 'camera-frame.xyz');
    expect(state.layer!.points).toBe(12_500);
    expect(state.settings.upAxis).toBe('-y');
    expect(state.layer!.up).toMatchObject({ axis: '-y', source: 'detected' });
    expect(state.layer!.up.confidence).toBeGreaterThanOrEqual(0.6);
    const source = page.getByTestId('up-source').first();
    await expect(source.textContent()).resolves.toBe('detected');
    await expect(source.getAttribute('title')).resolves.toMatch(/^a single camera frame; y is vertical: .*camera.*; -y is up: /);
    await source.scrollIntoViewIfNeeded();
    await saveScreenshot(page, 'up-camera-frame');
  });

  it('shows the help with ? and resets the view with R', async () => {
    const { page } = await showing(app, CHAIR, (s) => s.layer?.fileName === 'model_normalized.obj' && s.layer.faces === objCounts(new TextDecoder().decode(CHAIR[0].bytes)).faces);
    await page.keyboard.press('?');
    await expect(page.getByTestId('help-overlay').isVisible()).resolves.toBe(true);
    await page.keyboard.press('Escape');
    await waitForState(page, (s) => !s.helpOpen);
    // Where a vertex lands on screen tells where the camera is, whatever else is drawn meanwhile.
    const where = () => screenPosition(page, 0);
    const framed = await where();
    await orbit(page);
    const orbited = await where();
    expect(Math.hypot(orbited[0] - framed[0], orbited[1] - framed[1])).toBeGreaterThan(20);
    await page.keyboard.press('r');
    await waitForState(page, (s) => s.viewResets === 1);
    const reset = await where();
    expect(Math.hypot(reset[0] - framed[0], reset[1] - framed[1])).toBeLessThan(0.5);
  });

  it('draws a mesh as wireframe and as points', async () => {
    const { page } = await showing(app, CHAIR, (s) => s.layer?.format === 'obj');
    const shaded = await canvasImage(page);
    await page.getByTestId('mesh-mode').selectOption('wireframe');
    const wire = await canvasImage(page);
    await page.getByTestId('mesh-mode').selectOption('points');
    const points = await canvasImage(page);
    const bg = (await appState(page)).settings.background;
    expect(countForeground(wire, bg)).toBeLessThan(countForeground(shaded, bg));
    expect(countChanged(wire, points)).toBeGreaterThan(500);
    await saveScreenshot(page, 'webgl-mesh-points');
  });
});
