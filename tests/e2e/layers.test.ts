// Several clouds at once, driven as a person would: two scans of one room (ScanNet scene0000's even
// and odd points, in the same frame) dropped one after the other are listed as two layers and both
// drawn; hiding one takes its pixels away, its colour mode changes its pixels alone, its transform
// moves it, a click picks a point of either and the inspector names its layer, choosing the other
// layer makes Info name it, and removing a layer takes it out of the list and the picture; a sample
// joins the layers on a Shift-click of its card and replaces them on a plain one; files dropped
// together open as a layer each.
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DecodedImage } from '../../scripts/headless/png';
import { canvasImage, countChanged, countForeground, dropFiles, fixtureFile, launchApp, lonePoints, saveScreenshot, setAutoRecognise, showQuietly, waitForState, type App, type TestFile } from './browser';
import { parseFiles } from '../../src/core/io';
import { computeBounds } from '../../src/core/geometry/bounds';
import type { PointCloud } from '../../src/core/types';
import { las12 } from '../core/io/helpers';

const EVEN = fixtureFile('e2e/scene0000_00.ply');
const ODD = fixtureFile('e2e/scene0000_00_odd.ply');
/** the panel columns lie over the canvas's sides: 270 px and their margins */
const COLUMN_PX = 290;

/** The part of the canvas between the panel columns, where only the scene is drawn. */
function middle(image: DecodedImage): DecodedImage {
  const width = image.width - 2 * COLUMN_PX;
  const data = new Uint8Array(width * image.height * 4);
  for (let y = 0; y < image.height; y++) data.set(image.data.subarray((y * image.width + COLUMN_PX) * 4, (y * image.width + COLUMN_PX + width) * 4), y * width * 4);
  return { width, height: image.height, data };
}

describe('layers', () => {
  let app: App;
  let page: Page;
  let even: string;
  let odd: string;
  const row = (id: string) => page.locator(`[data-testid="layer-row"][data-layer="${id}"]`);
  const picture = async () => middle(await canvasImage(page));

  beforeAll(async () => {
    app = await launchApp('webgl');
    // the first scan replaces the sample the app opened by itself
    page = await showQuietly(app, EVEN);
    even = (await waitForState(page, (s) => s.layers.length === 1)).layer!.id;
  });
  afterAll(async () => {
    await app?.close();
  });

  it('adds a second scan of the room as a layer: both listed, both drawn, the new one active', async () => {
    await dropFiles(page, [ODD]);
    const s = await waitForState(page, (s) => s.layers.length === 2 && s.layer?.fileName === ODD.name && s.loading === null);
    odd = s.layer!.id;
    expect(s.layers.map((e) => [e.meta.fileName, e.visible])).toEqual([[EVEN.name, true], [ODD.name, true]]);
    await expect(page.getByTestId('layer-row').count()).resolves.toBe(2);
    await expect(row(odd).getAttribute('data-active')).resolves.toBe('true');
    await page.waitForFunction((id) => window.__pointlens?.project(0, id), odd);
    // the 50,000-point software budget is shared: each 25,000-point scan is drawn whole
    const drawn = await page.evaluate(([a, b]) => [window.__pointlens!.drawn(a)?.points, window.__pointlens!.drawn(b)?.points], [even, odd]);
    expect(drawn).toEqual([25_000, 25_000]);
    await expect(page.getByTestId('info-layers-memory').getAttribute('data-bytes')).resolves.toBe(String(2 * 25_000 * 23));

    const both = await picture();
    // a picked point of a layer then hidden is no longer marked or inspected
    const [lone] = await lonePoints(page);
    await page.mouse.click(lone.at[0], lone.at[1]);
    await waitForState(page, (s) => s.pick?.layerId === odd);
    await row(odd).getByTestId('layer-visible').uncheck();
    await waitForState(page, (s) => !s.layers[1].visible && s.pick === null);
    const evenOnly = await picture();
    await row(odd).getByTestId('layer-visible').check();
    await row(even).getByTestId('layer-visible').uncheck();
    await waitForState(page, (s) => s.layers[1].visible && !s.layers[0].visible);
    const oddOnly = await picture();
    await row(even).getByTestId('layer-visible').check();
    await waitForState(page, (s) => s.layers.every((e) => e.visible));
    const bg = (await waitForState(page, () => true)).settings.background;
    // each scan alone covers much of the room, and each leaves pixels of its own out when hidden
    expect(countForeground(evenOnly, bg)).toBeGreaterThan(20_000);
    expect(countForeground(oddOnly, bg)).toBeGreaterThan(20_000);
    expect(countChanged(both, evenOnly)).toBeGreaterThan(2_000);
    expect(countChanged(both, oddOnly)).toBeGreaterThan(2_000);
    console.log(`pixels: both ${countForeground(both, bg)}, even only ${countForeground(evenOnly, bg)}, odd only ${countForeground(oddOnly, bg)}; changed by hiding odd ${countChanged(both, evenOnly)}, even ${countChanged(both, oddOnly)}`);
  });

  it("changes a layer's colour mode without touching the other's", async () => {
    const before = await picture();
    await row(odd).getByTestId('layer-color-mode').selectOption('field:label');
    const s = await waitForState(page, (s) => s.settings.colorMode === 'field:label');
    // the even scan, not active, keeps its file colours
    expect(s.layers[0].colorMode).toBe('rgb');
    const labelled = await picture();
    expect(countChanged(before, labelled)).toBeGreaterThan(2_000);
    await saveScreenshot(page, 'layers-two-scans');
    // now the inactive one: its entry carries the mode, the active layer's setting stays
    await row(even).getByTestId('layer-color-mode').selectOption('height');
    const t = await waitForState(page, (s) => s.layers[0].colorMode === 'height');
    expect(t.settings.colorMode).toBe('field:label');
    expect(countChanged(labelled, await picture())).toBeGreaterThan(2_000);
  });

  it('moves a layer with its transform, and a click picks a point of either layer, the inspector naming it', async () => {
    const before = await page.evaluate((id) => window.__pointlens!.project(100, id), odd);
    const picBefore = await picture();
    await row(odd).getByTestId('layer-transform').click();
    await row(odd).getByTestId('layer-translate-x').fill('12');
    await waitForState(page, (s) => s.layers[1].transform.translate[0] === 12);
    // the card says what the move changes, and what it does not
    await expect(row(odd).getByTestId('layer-transform-note').textContent()).resolves.toMatch(/^Measurements are taken where it is drawn, .* as placed; exports keep the file's own coordinates, but for Export's "PLY as placed"\.$/);
    const after = await page.evaluate((id) => window.__pointlens!.project(100, id), odd);
    // the other layer stays where it was
    expect(Math.hypot(after![0] - before![0], after![1] - before![1])).toBeGreaterThan(50);
    expect(countChanged(picBefore, await picture())).toBeGreaterThan(2_000);
    // a new view takes in both layers where they are now
    await page.getByTestId('reset-view').click();
    await page.waitForTimeout(500);
    await saveScreenshot(page, 'layers-moved');
    for (const [id, name] of [
      [odd, ODD.name],
      [even, EVEN.name],
    ]) {
      const lone = await lonePoints(page, 10, id);
      expect(lone.length).toBeGreaterThan(0);
      const p = lone[Math.floor(lone.length / 2)];
      await page.mouse.click(p.at[0], p.at[1]);
      const s = await waitForState(page, (s) => s.pick?.layerId === id && s.pick.index === p.index);
      expect(s.layer!.id).toBe(odd);
      await expect(page.getByTestId('pick-layer').textContent()).resolves.toBe(name);
    }
    // reset puts it back where its file has it
    await row(odd).getByTestId('layer-reset').click();
    await waitForState(page, (s) => s.layers[1].transform.translate[0] === 0);
    const back = await page.evaluate((id) => window.__pointlens!.project(100, id), odd);
    expect(back).not.toEqual(after);
    // the fields stay open as the person left them, back where the file put it
    await expect(row(odd).getByTestId('layer-rotate').isVisible()).resolves.toBe(true);
  });

  it('takes a decimal comma in the transform fields, as typed, steps them with the arrow keys, and puts back a value in doubt, saying why', async () => {
    const alone = await showQuietly(app, EVEN);
    const id = (await waitForState(alone, (s) => s.layers.length === 1)).layers[0].meta.id;
    const fields = alone.locator(`[data-testid="layer-row"][data-layer="${id}"]`);
    await fields.getByTestId('layer-transform').click();
    const x = fields.getByTestId('layer-translate-x');
    await x.click();
    await x.press('Control+a');
    await alone.keyboard.type('0,5');
    await waitForState(alone, (s) => s.layers[0].transform.translate[0] !== 0);
    expect((await waitForState(alone, () => true)).layers[0].transform.translate[0]).toBe(0.5);
    await expect(x.inputValue()).resolves.toBe('0,5');
    await x.press('ArrowUp');
    await waitForState(alone, (s) => s.layers[0].transform.translate[0] === 0.6);
    await expect(x.inputValue()).resolves.toBe('0.6');
    // a thousand, or one: nothing is moved, and leaving the field says so and shows its value again
    const y = fields.getByTestId('layer-translate-y');
    await y.fill('1,000');
    await y.blur();
    await expect(fields.getByTestId('layer-transform-problem').textContent()).resolves.toBe(
      '"1,000" is no number pointlens can be sure of: type it with a point or a comma as its decimal mark and no thousands separator.',
    );
    await expect(y.inputValue()).resolves.toBe('0');
    expect((await waitForState(alone, () => true)).layers[0].transform.translate).toEqual([0.6, 0, 0]);
    await alone.close();
  });

  it("saves a layer where its transform places it, with its fields, as Export's PLY as placed", async () => {
    const alone = await showQuietly(app, EVEN);
    const s = await waitForState(alone, (s) => s.layers.length === 1);
    await expect(alone.getByTestId('export-placed-ply').isDisabled()).resolves.toBe(true);
    const fields = alone.locator(`[data-testid="layer-row"][data-layer="${s.layers[0].meta.id}"]`);
    await fields.getByTestId('layer-transform').click();
    await fields.getByTestId('layer-translate-x').fill('1.5');
    await fields.getByTestId('layer-rotate').fill('30');
    await fields.getByTestId('layer-scale').fill('2');
    await waitForState(alone, (s) => s.layers[0].transform.scale === 2);
    const [download] = await Promise.all([alone.waitForEvent('download'), alone.getByTestId('export-placed-ply').click()]);
    expect(download.suggestedFilename()).toBe('scene0000_00.placed.ply');
    const saved = (await parseFiles([{ name: 'saved.ply', bytes: new Uint8Array(readFileSync((await download.path())!)) }])).data;
    const file = (await parseFiles([EVEN])).data;
    // each point where the transform puts it: turned 30° about +z and doubled about the box's centre, then moved 1.5 along x
    const centre = [0, 1, 2].map((a) => (s.layers[0].meta.bounds.min[a] + s.layers[0].meta.bounds.max[a]) / 2);
    const [c, sn] = [Math.cos(Math.PI / 6), Math.sin(Math.PI / 6)];
    let worst = 0;
    for (let i = 0; i < file.positions.length; i += 3) {
      const [x, y, z] = [0, 1, 2].map((a) => file.positions[i + a] - centre[a]);
      const want = [2 * (c * x - sn * y) + centre[0] + 1.5, 2 * (sn * x + c * y) + centre[1], 2 * z + centre[2]];
      worst = Math.max(worst, ...want.map((v, a) => Math.abs(saved.positions[i + a] - v)));
    }
    expect(worst).toBeLessThan(1e-5);
    expect(saved.fields.label).toEqual(file.fields.label);
    await alone.close();
  });

  it('makes the other layer active: Info names it, and its colour mode is the View panel\'s', async () => {
    await row(even).getByTestId('layer-activate').click();
    const s = await waitForState(page, (s) => s.layer?.id === even);
    await expect(page.getByTestId('info-file').textContent()).resolves.toBe(EVEN.name);
    expect(s.settings.colorMode).toBe('height');
    expect(s.layers[1].colorMode).toBe('field:label');
    await expect(page.getByTestId('color-mode').inputValue()).resolves.toBe('height');
    await saveScreenshot(page, 'layers-panel');
  });

  it('removes a layer: out of the list and out of the picture', async () => {
    const before = await picture();
    await row(even).getByTestId('layer-remove').click();
    const s = await waitForState(page, (s) => s.layers.length === 1);
    expect(s.layer!.id).toBe(odd);
    await expect(page.getByTestId('layer-row').count()).resolves.toBe(1);
    await expect(page.getByTestId('info-file').textContent()).resolves.toBe(ODD.name);
    await expect(page.evaluate((id) => window.__pointlens!.drawn(id), even)).resolves.toBeNull();
    expect(countChanged(before, await picture())).toBeGreaterThan(2_000);
  });

  it('adds a sample from the gallery beside the layers with Shift, and replaces them all with a plain click', async () => {
    await page.getByTestId('gallery-toggle').click();
    await page.locator('[data-testid="sample-card"][data-sample="scannet-scene0007_00"]').click({ modifiers: ['Shift'] });
    const added = await waitForState(page, (s) => s.layers.length === 2 && s.layer?.fileName === 'scene0007_00.ply' && s.loading === null);
    expect(added.layers[0].meta.id).toBe(odd);
    expect(added.gallery.shown?.sampleId).toBe('scannet-scene0007_00');
    await page.locator('[data-testid="sample-card"][data-sample="modelnet40-chair-0962"]').click();
    const replaced = await waitForState(page, (s) => s.layer?.fileName === 'chair_0962.txt' && s.loading === null);
    expect(replaced.layers.map((e) => e.meta.fileName)).toEqual(['chair_0962.txt']);
  });

  it('opens files dropped together as a layer each, every model with its own material, the last one active', async () => {
    const own = await app.open();
    await own.keyboard.press('Escape');
    await setAutoRecognise(own, false);
    const chair = [fixtureFile('e2e/model_normalized.obj'), fixtureFile('e2e/model_normalized.mtl')];
    const bathtub = fixtureFile('e2e/bathtub_0001.off');
    await dropFiles(own, [chair[0], EVEN, chair[1], bathtub]);
    const s = await waitForState(own, (s) => s.layers.length === 3 && s.loading === null);
    expect(s.layers.map((e) => e.meta.fileName)).toEqual([chair[0].name, EVEN.name, bathtub.name]);
    expect(s.layer!.fileName).toBe(bathtub.name);
    // the material library went with the chair, and no layer was given a file that is not its own
    expect(s.layers[0].meta.colorModes.map((m) => m.id)).toContain('material');
    expect(s.layers.map((e) => e.meta.warnings)).toEqual([[], [], []]);
    await expect(own.getByTestId('layer-row').count()).resolves.toBe(3);
    await saveScreenshot(own, 'layers-dropped-together');
    await own.close();
  });
});

describe('two tiles of one survey', () => {
  let app: App;
  afterAll(async () => {
    await app?.close();
  });

  it('keeps each tile about an origin of its own and draws both where the survey put them', async () => {
    // the room's two halves across x, each with point 0 of the room, written as LAS in survey coordinates
    const room = (await parseFiles([EVEN])).data as PointCloud;
    const n = room.positions.length / 3;
    const middleX = (computeBounds(room.positions).min[0] + computeBounds(room.positions).max[0]) / 2;
    const half = (west: boolean): TestFile => {
      const keep = [0, ...Array.from({ length: n - 1 }, (_, k) => k + 1).filter((i) => room.positions[3 * i] < middleX === west)];
      const tile: PointCloud = {
        kind: 'points',
        positions: Float32Array.from(keep.flatMap((i) => [0, 1, 2].map((a) => room.positions[3 * i + a]))),
        colors: Uint8Array.from(keep.flatMap((i) => [0, 1, 2].map((a) => room.colors![3 * i + a]))),
        fields: { instance: new Uint16Array(keep.length), label: new Uint8Array(keep.length) },
      };
      return { name: west ? 'west.las' : 'east.las', bytes: las12(tile, [512_345, 4_123_456, 118]) };
    };
    app = await launchApp('webgl');
    const page = await showQuietly(app, half(true));
    await dropFiles(page, [half(false)]);
    const s = await waitForState(page, (s) => s.layers.length === 2 && s.loading === null);
    const [west, east] = s.layers.map((e) => e.meta);
    expect(west.origin).toBeDefined();
    expect(east.origin![0]).toBeGreaterThan(west.origin![0]);
    // the point both tiles hold is drawn at one place
    const at = await page.waitForFunction(([a, b]) => {
      const hook = window.__pointlens!;
      const p = hook.project(0, a), q = hook.project(0, b);
      return p && q && [p, q];
    }, [west.id, east.id]);
    const [p, q] = (await at.jsonValue()) as [[number, number], [number, number]];
    expect(Math.hypot(p[0] - q[0], p[1] - q[1])).toBeLessThan(1.5);
    await saveScreenshot(page, 'layers-survey-tiles');
  });
});
