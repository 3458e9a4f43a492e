// Classification end to end: a real shape dropped on the page is named in the Recognition panel,
// on both onnxruntime-web providers with the same answer; every node of every shipped model runs
// on WebGPU; a broken model file gives a message while the viewer keeps the shape.
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { denseTub, offText, stlBytes, subdivided } from '../fixtures/e2e/denseTub';
import { wideSurvey } from '../fixtures/e2e/wideSurvey';
import { terrainXyz } from '../fixtures/e2e/terrain';
import { breakModel, dropFiles, launchApp, saveScreenshot, waitForState, type App, type TestFile } from './browser';
import type { AppSnapshot } from '../../src/state/store';
import { parseFiles } from '../../src/core/io';
import type { Mesh } from '../../src/core/types';
import { glb, gltfDocument, partsOfMesh } from '../core/io/helpers';
import { savedZUp } from './savedZUp';
import type { ClassificationView } from '../../src/state/slices/classification';
import type { PredictionsJson } from '../../src/core/ml/exportResults';
import type { SegmentationView } from '../../src/state/slices/segmentation';

const ROOT = resolve(import.meta.dirname, '../..');
const sample = (path: string): TestFile => ({ name: path.split('/').pop()!, bytes: new Uint8Array(readFileSync(resolve(ROOT, 'samples', path))) });

// Shapes of the bundled samples that the shipped classifier names correctly (checked by
// `pointlens classify` on them, and again here): a ModelNet40 cloud and a ShapeNetCore mesh.
const AIRPLANE = sample('modelnet40/airplane_0627.txt');
const CHAIR = [sample('shapenet/chair-356fc758/model_normalized.obj'), sample('shapenet/chair-356fc758/model_normalized.mtl')];

// The shipped contract: how many turns about the up axis the app averages, the open-set threshold and the reliability bins.
const CLASSIFIER = JSON.parse(readFileSync(resolve(ROOT, 'models/manifest.json'), 'utf8')).models.find((m: { id: string }) => m.id === 'classifier');
const VIEWS: number = CLASSIFIER.input.views ?? 1;
const OPEN_SET_THRESHOLD: number = CLASSIFIER.openSet.threshold;
const RELIABILITY_BINS: number = CLASSIFIER.calibration.reliability.bins;
// A class the shipped classifier does not serve (checked with `pointlens classify`: flagged unknown).
const FLOWER_POT = sample('formats/flower_pot.ply');

const classification = (s: AppSnapshot) => s.classification;
const done = (s: AppSnapshot) => classification(s)?.status === 'done';

async function shownTop(page: Page): Promise<{ label: string; probability: number }[]> {
  const rows = page.getByTestId('recognition-top').locator('li');
  await rows.first().waitFor();
  return rows.evaluateAll((lis) => lis.map((li) => ({ label: li.getAttribute('data-label')!, probability: Number(li.getAttribute('data-probability')) })));
}

/** The nearest training shapes the panel lists, nearest first. */
async function shownNearest(page: Page): Promise<{ label: string; distance: number; text: string }[]> {
  const rows = page.getByTestId('recognition-nearest').locator('li');
  await rows.first().waitFor();
  return rows.evaluateAll((lis) => lis.map((li) => ({ label: li.getAttribute('data-class')!, distance: Number(li.getAttribute('data-distance')), text: li.textContent! })));
}

describe('classification on WASM (WebGL renderer)', () => {
  let app: App;
  beforeAll(async () => {
    app = await launchApp('webgl');
  });
  afterAll(async () => {
    await app?.close();
  });

  it('names a dropped ModelNet40 cloud and a ShapeNetCore mesh, with backend and timings', async () => {
    const page = await app.open({ backend: 'wasm' });
    await dropFiles(page, [AIRPLANE]);
    let state = await waitForState(page, (s) => s.layer?.fileName === AIRPLANE.name && done(s), 90_000);
    expect((await shownTop(page))[0].label).toBe('airplane');
    expect(await page.getByTestId('recognition-backend').getAttribute('data-backend')).toBe('wasm');
    const view = classification(state) as Extract<ClassificationView, { status: 'done' }>;
    expect(view.top).toHaveLength(5);
    expect(view.inferenceMs).toBeGreaterThan(0);
    expect(view.views).toBe(VIEWS);
    await expect.poll(() => page.getByTestId('recognition-views').count()).toBe(VIEWS > 1 ? 1 : 0);
    if (VIEWS > 1) expect(await page.getByTestId('recognition-views').textContent()).toContain(`${VIEWS} views`);
    // The object's box carries the top-1 label.
    expect(state.boxSets.classification.boxes[0].label).toBe('airplane');

    await dropFiles(page, CHAIR);
    state = await waitForState(page, (s) => s.layer?.fileName === 'model_normalized.obj' && done(s), 90_000);
    expect((await shownTop(page))[0].label).toBe('chair');
    await saveScreenshot(page, 'classify-chair-wasm');
  });

  it("classifies a raw ModelNet OFF mesh of a room's size and vertex count, as an object in OFF's usual z up, and does not segment it", async () => {
    const page = await app.open({ backend: 'wasm' });
    const file = { name: 'bathtub_dense.off', bytes: offText(await denseTub(50)) };
    await dropFiles(page, [file]);
    const state = await waitForState(page, (s) => s.layer?.fileName === file.name && done(s), 90_000);
    expect(state.layer!.up).toMatchObject({ axis: '+z', source: 'format' });
    expect(state.segmentation).toBeNull();
    expect(await shownTop(page)).toHaveLength(5);
    await saveScreenshot(page, 'classify-dense-off');
  });

  it('classifies a fine STL part in millimetres as an object in STL\'s usual z up, and does not segment it', async () => {
    const page = await app.open({ backend: 'wasm' });
    // 810 x 480 x 600 mm and 15,855 vertices: read in centimetres, a hall of three storeys
    const file = { name: 'bathtub_mm.stl', bytes: stlBytes(subdivided(await denseTub(900), 2)) };
    await dropFiles(page, [file]);
    const state = await waitForState(page, (s) => s.layer?.fileName === file.name && done(s), 90_000);
    expect(state.layer).toMatchObject({ format: 'stl', kind: 'mesh', points: 15_855 });
    expect(state.layer!.up).toMatchObject({ axis: '+z', source: 'format' });
    expect(state.segmentation).toBeNull();
    expect(await shownTop(page)).toHaveLength(5);
    await saveScreenshot(page, 'classify-stl-millimetres');
  });

  it('shows a binary STL as a mesh of shared vertices and names it as `pointlens classify` does', async () => {
    const stl = { name: 'bathtub_0002.stl', bytes: new Uint8Array(readFileSync(resolve(ROOT, 'tests/fixtures/io/bathtub_0002.stl'))) };
    const cli = promisify(execFile)(process.execPath, [resolve(ROOT, 'bin/pointlens.mjs'), 'classify', resolve(ROOT, 'tests/fixtures/io/bathtub_0002.stl')], { encoding: 'utf8' });
    const page = await app.open({ backend: 'wasm' });
    await dropFiles(page, [stl]);
    const state = await waitForState(page, (s) => s.layer?.fileName === stl.name && done(s), 90_000);
    // 664 triangles of 1,992 corners, joined into the 144 positions they share
    expect(state.layer).toMatchObject({ format: 'stl', kind: 'mesh', faces: 664, points: 144, warnings: [] });
    const printed = JSON.parse((await cli).stdout);
    const shown = await shownTop(page);
    expect(shown[0].label).toBe(printed.top[0].label);
    expect(shown[0].probability).toBeCloseTo(printed.top[0].probability, 2);
    await saveScreenshot(page, 'classify-stl-bathtub');
  });

  it('shows a binary glTF in its materials and names it as the same model read from OBJ', async () => {
    const obj = (await parseFiles(CHAIR)).data as Mesh;
    const parts = partsOfMesh(obj);
    const { json, bin } = gltfDocument(parts);
    const page = await app.open({ backend: 'wasm' });
    await dropFiles(page, [{ name: 'chair.glb', bytes: glb(json, bin) }]);
    const state = await waitForState(page, (s) => s.layer?.fileName === 'chair.glb' && done(s), 90_000);
    expect(state.layer).toMatchObject({ format: 'gltf', kind: 'mesh', faces: obj.indices.length / 3, warnings: [] });
    expect(state.settings.colorMode).toBe('material');
    expect((await shownTop(page))[0].label).toBe('chair');
    await saveScreenshot(page, 'classify-glb-chair');
  });

  it('says "unknown object" for a shape of a class it does not serve, and names a known one outright', async () => {
    const page = await app.open({ backend: 'wasm' });
    await dropFiles(page, [AIRPLANE]);
    const known = classification(await waitForState(page, (s) => s.layer?.fileName === AIRPLANE.name && done(s), 90_000)) as Extract<ClassificationView, { status: 'done' }>;
    expect(known.unknown).toBe(false);
    await expect(page.getByTestId('recognition-unknown').count()).resolves.toBe(0);
    expect((await shownTop(page))[0].label).toBe('airplane');

    // a flower pot: ModelNet40 has the class, the classifier does not serve it
    await dropFiles(page, [FLOWER_POT]);
    const state = await waitForState(page, (s) => s.layer?.fileName === FLOWER_POT.name && done(s), 90_000);
    const unknown = classification(state) as Extract<ClassificationView, { status: 'done' }>;
    expect(unknown.unknown).toBe(true);
    expect(unknown.oodScore).toBeGreaterThan(OPEN_SET_THRESHOLD);
    const closest = unknown.top[0].label.replace(/_/g, ' ');
    await expect(page.getByTestId('recognition-unknown').textContent()).resolves.toMatch(new RegExp(`^Unknown object — closest: ${closest} \\(\\d+%\\)$`));
    expect(state.boxSets.classification.boxes[0].label).toBe(`unknown (closest: ${unknown.top[0].label})`);
    await saveScreenshot(page, 'classify-unknown-flower-pot');
    // the labelled PLY says unknown too: class -1, at the closest class's probability
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-ply').click()]);
    const saved = (await parseFiles([{ name: 'pot.ply', bytes: new Uint8Array(readFileSync((await download.path())!)) }])).data;
    expect(new Set(saved.fields.pred)).toEqual(new Set([-1]));
    expect(saved.fields.confidence[0]).toBeCloseTo(unknown.top[0].probability, 6);
  });

  it('says a gently rolling stretch of ground, in no unit, is flatter than any airplane, where the network alone called it one', async () => {
    const rows: string[] = [];
    for (let i = 0; i < 60; i++) {
      for (let j = 0; j < 60; j++) {
        const [x, y] = [(i * 200) / 59, (j * 200) / 59];
        rows.push(`${x.toFixed(3)} ${y.toFixed(3)} ${(1.5 * Math.sin(x / 25) + Math.cos(y / 30)).toFixed(3)}`);
      }
    }
    const file = { name: 'ground.xyz', bytes: new TextEncoder().encode(rows.join('\n') + '\n') };
    const page = await app.open({ backend: 'wasm' });
    await dropFiles(page, [file]);
    const view = classification(await waitForState(page, (s) => s.layer?.fileName === file.name && done(s), 90_000)) as Extract<ClassificationView, { status: 'done' }>;
    expect(view.top[0].label).toBe('airplane');
    expect(view.oodScore).toBeLessThanOrEqual(OPEN_SET_THRESHOLD);
    expect(view.unknown).toBe(true);
    expect(view.proportionsReason).toBe('flatter than any airplane it learned from');
    await expect(page.getByTestId('recognition-unknown').textContent()).resolves.toMatch(/^Unknown object — closest: airplane \(\d+%\); flatter than any airplane it learned from$/);
    await saveScreenshot(page, 'classify-unknown-flat-ground');
  });

  it('lists the training shapes nearest a known shape and an unknown one, the nearest at the distance the unknown decision judged', async () => {
    const page = await app.open({ backend: 'wasm' });
    await dropFiles(page, [AIRPLANE]);
    const known = classification(await waitForState(page, (s) => s.layer?.fileName === AIRPLANE.name && done(s), 90_000)) as Extract<ClassificationView, { status: 'done' }>;
    const near = await shownNearest(page);
    expect(near.map((n) => n.label)).toEqual(['airplane', 'airplane', 'airplane']);
    expect(near[0].distance).toBeCloseTo(known.oodScore!, 6);
    expect(near[0].distance).toBeLessThanOrEqual(OPEN_SET_THRESHOLD);
    expect(near[0].text).toMatch(/^airplane0\.\d{3}ModelNet40 · airplane_\d{4}$/);
    const heading = `Nearest training shapes (a shape further than ${OPEN_SET_THRESHOLD.toFixed(3)} from all is unknown):`;
    await expect(page.getByTestId('recognition-nearest').locator('p').textContent()).resolves.toBe(heading);

    await dropFiles(page, [FLOWER_POT]);
    const unknown = classification(await waitForState(page, (s) => s.layer?.fileName === FLOWER_POT.name && done(s), 90_000)) as Extract<ClassificationView, { status: 'done' }>;
    expect(unknown.unknown).toBe(true);
    const far = await shownNearest(page);
    expect(far).toHaveLength(3);
    expect(far[0].distance).toBeCloseTo(unknown.oodScore!, 6);
    expect(far[0].distance).toBeGreaterThan(OPEN_SET_THRESHOLD);
    expect(far.map((n) => n.distance)).toEqual([...far.map((n) => n.distance)].sort((a, b) => a - b));
    await saveScreenshot(page, 'classify-nearest-training-shapes');
    // the predictions file carries them too
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-json').click()]);
    const json = JSON.parse(readFileSync((await download.path())!, 'utf8')) as PredictionsJson;
    expect(json.classification?.nearest).toEqual(unknown.nearest);
  });

  it("names the shape when the bank's file is broken, and says why its nearest training shapes are not listed", async () => {
    const page = await app.open({ backend: 'wasm' }, (p) => breakModel(p, 'classifier_bank.json'));
    await dropFiles(page, [AIRPLANE]);
    await waitForState(page, (s) => s.layer?.fileName === AIRPLANE.name && done(s), 90_000);
    expect((await shownTop(page))[0].label).toBe('airplane');
    await expect(page.getByTestId('recognition-nearest-error').textContent()).resolves.toBe(
      'The nearest training shapes cannot be named: models/classifier_bank.json is not JSON',
    );
    await expect(page.getByTestId('recognition-nearest').count()).resolves.toBe(0);
  });

  it('leaves a LAS survey wider than any room or object unrecognised on load, saying why, offering the segmenter with its time, and calls it no object when asked to classify it', async () => {
    // 9 x 9 copies of a real ScanNet scan: a building floor 68 m across; the classifier alone names it
    // an airplane, sure of it (`pointlens classify` before the size was read)
    const survey = await wideSurvey(9);
    const file = { name: 'floor.las', bytes: survey.bytes };
    const page = await app.open({ backend: 'wasm' });
    await dropFiles(page, [file]);
    const held = await waitForState(page, (s) => s.layer?.fileName === file.name && classification(s)?.status === 'held' && s.segmentation?.status === 'offered', 60_000);
    expect((classification(held) as Extract<ClassificationView, { status: 'held' }>).widestM).toBeCloseTo(survey.widestM, 1);
    const note = await page.getByTestId('recognition-held').textContent();
    expect(note).toMatch(new RegExp(`^Not recognised on load: this scan is ${Math.round(survey.widestM)} m across, wider than any room \\(60 m\\)`));
    // the segmenter is offered with its time, not started, however short that time
    const offered = held.segmentation as Extract<SegmentationView, { status: 'offered' }>;
    expect(offered.estimateS).toBeGreaterThan(0);
    expect(offered.widestM).toBeCloseTo(survey.widestM, 1);
    await expect(page.getByTestId('segmentation-offer').textContent()).resolves.toMatch(new RegExp(`It did not start by itself: at ${Math.round(survey.widestM)} m across it is wider than any room the segmenter learned\\.$`));
    await expect(page.getByTestId('segment-button').textContent()).resolves.toMatch(/^Segment scene \(about \d+ s\)$/);
    await expect(page.getByTestId('recognition-top').count()).resolves.toBe(0);
    await saveScreenshot(page, 'classify-wide-survey-held');

    await page.getByTestId('classify-button').click();
    const state = await waitForState(page, (s) => s.layer?.fileName === file.name && done(s), 90_000);
    const view = classification(state) as Extract<ClassificationView, { status: 'done' }>;
    expect(view.unknown).toBe(true);
    expect(view.widestM).toBeCloseTo(survey.widestM, 1);
    const closest = view.top[0].label.replace(/_/g, ' ');
    await expect(page.getByTestId('recognition-unknown').textContent()).resolves.toMatch(new RegExp(`^Not an object: ${Math.round(survey.widestM)} m across — closest: ${closest} \\(\\d+%\\)$`));
    expect(state.boxSets.classification.boxes[0].label).toBe(`not an object (closest: ${view.top[0].label})`);
    expect(state.segmentation?.status).toBe('offered');
    await saveScreenshot(page, 'classify-wide-survey-asked');
    // the predictions file says so too
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-json').click()]);
    const json = JSON.parse(readFileSync((await download.path())!, 'utf8')) as PredictionsJson;
    expect(json.classification).toMatchObject({ unknown: true, widestM: view.widestM });
  });

  it("stands a survey's terrain in a text file on its map elevation, and leaves it unrecognised on load as no room and no object", async () => {
    // 200 m of rolling ground at a UTM easting and northing: its shape alone stood it -z up, sure,
    // and the classifier named it an airplane
    const file = { name: 'terrain.xyz', bytes: new TextEncoder().encode(terrainXyz([500_100, 4_000_100, 302])) };
    const page = await app.open({ backend: 'wasm' });
    await dropFiles(page, [file]);
    const held = await waitForState(page, (s) => s.layer?.fileName === file.name && classification(s)?.status === 'held', 60_000);
    expect(held.settings.upAxis).toBe('+z');
    const source = page.getByTestId('up-source').first();
    await expect(source.getAttribute('data-source')).resolves.toBe('map');
    await expect(source.textContent()).resolves.toBe("the map coordinates' elevation");
    await expect(source.getAttribute('title')).resolves.toMatch(/x and y lie far from zero as eastings and northings do/);
    await expect(page.getByTestId('recognition-held').textContent()).resolves.toMatch(/^Not recognised on load: this scan is 200 m across, wider than any room \(60 m\)/);
    await saveScreenshot(page, 'classify-terrain-on-map');
  });

  it("marks a format's up it doubts beside the answer, and names the shape once the right up is chosen", async () => {
    // a ModelNet40 sofa saved z-up as a colourless .xyz, which its format says is y-up (`pointlens
    // classify` calls it a bookshelf as the format stands it, and a sofa with --up z)
    const page = await app.open({ backend: 'wasm' });
    await dropFiles(page, [await savedZUp('modelnet40/sofa_0034.txt', 'sofa-z-up.xyz')]);
    let state = await waitForState(page, (s) => s.layer?.fileName === 'sofa-z-up.xyz' && done(s), 90_000);
    expect(state.settings.upAxis).toBe('+y');
    expect((await shownTop(page))[0].label).not.toBe('sofa');
    const source = page.getByTestId('recognition').getByTestId('up-source');
    await expect(source.textContent()).resolves.toBe("the format's usual, not sure: check it");
    await expect(source.getAttribute('data-sure')).resolves.toBe('false');
    await saveScreenshot(page, 'classify-format-up-doubted');

    await page.getByTestId('up-axis').selectOption('+z');
    state = await waitForState(page, (s) => s.settings.upAxis === '+z' && done(s) && (classification(s) as Extract<ClassificationView, { status: 'done' }>).upAxis === '+z', 90_000);
    expect((await shownTop(page))[0].label).toBe('sofa');
    await expect(source.textContent()).resolves.toBe('chosen');
  });

  it('draws the reliability diagram of the calibrated classifier when its model line is opened', async () => {
    const page = await app.open({ backend: 'wasm' });
    // the first visit's help, where no test before this one closed it, would take the click
    await page.keyboard.press('Escape');
    const card = page.getByTestId('model-classifier');
    await card.locator('summary').click();
    const diagram = card.getByTestId('reliability-diagram');
    await expect(diagram.getAttribute('data-bins')).resolves.toBe(String(RELIABILITY_BINS));
    expect(await diagram.locator('rect').count()).toBeGreaterThan(RELIABILITY_BINS);
    // each bar's tooltip counts its shapes, one in the singular
    const titles = await diagram.locator('rect title').allTextContents();
    expect(titles.every((t) => /: (1 shape|(?!1 )[\d,]+ shapes), \d+% right$/.test(t))).toBe(true);
    // the card's long text (its data, its split) reads across the card's width
    const [data, facts] = await Promise.all([card.getByTestId('model-data').boundingBox(), card.locator('.facts').boundingBox()]);
    expect(data!.width).toBeGreaterThan(0.95 * facts!.width);
    await saveScreenshot(page, 'classify-model-card');
    const { before, after } = CLASSIFIER.calibration.reliability as Record<'before' | 'after', { count: number }[]>;
    expect(titles.filter((t) => t.includes(': 1 shape,')).length).toBe([...before, ...after].filter((b) => b.count === 1).length);
  });

  it('falls back to WASM where WebGPU is asked for but has no adapter, and says so', async () => {
    const page = await app.open({ backend: 'webgpu' });
    await dropFiles(page, [AIRPLANE]);
    await waitForState(page, (s) => s.layer?.fileName === AIRPLANE.name && done(s), 90_000);
    const badge = page.getByTestId('recognition-backend');
    expect(await badge.getAttribute('data-backend')).toBe('wasm');
    expect(await badge.getAttribute('data-fallback')).toMatch(/WebGPU/);
    await expect(badge.textContent()).resolves.toBe('WASM (WebGPU failed)');
    expect((await shownTop(page))[0].label).toBe('airplane');
  });

  it('shows a model that cannot load as a message, and keeps the shape', async () => {
    const page = await app.open({ backend: 'wasm' }, (p) => breakModel(p, 'classifier.onnx'));
    await dropFiles(page, [AIRPLANE]);
    const state = await waitForState(page, (s) => classification(s)?.status === 'error', 90_000);
    await expect(page.getByTestId('recognition-error').textContent()).resolves.toMatch(/Classification failed/);
    expect(state.layer?.fileName).toBe(AIRPLANE.name);
    expect(state.layer?.points).toBe(1024);
  });
});

describe('classification on WebGPU (SwiftShader)', () => {
  let app: App;
  beforeAll(async () => {
    app = await launchApp('webgpu');
  });
  afterAll(async () => {
    await app?.close();
  });

  it('runs the models on WASM by itself where the WebGPU adapter is a software one, and says why', async () => {
    const page = await app.open({ backend: 'auto' });
    await dropFiles(page, [AIRPLANE]);
    const view = classification(await waitForState(page, done, 90_000)) as Extract<ClassificationView, { status: 'done' }>;
    expect(view.model.backend).toBe('wasm');
    const badge = page.getByTestId('recognition-backend');
    expect(await badge.getAttribute('data-backend')).toBe('wasm');
    expect(await badge.getAttribute('data-reason')).toMatch(/software one .*slower than WASM/);
    expect(await badge.getAttribute('data-fallback')).toBe('');
  });

  it('gives the same answer as WASM, with every node of each model on the WebGPU provider', async () => {
    const wasmPage = await app.open({ backend: 'wasm' });
    await dropFiles(wasmPage, [AIRPLANE]);
    const wasm = classification(await waitForState(wasmPage, done, 90_000)) as Extract<ClassificationView, { status: 'done' }>;
    await wasmPage.close();

    const page = await app.open({ backend: 'webgpu', ortVerbose: '' });
    const placements: string[] = [];
    page.on('console', (m) => {
      const text = m.text();
      if (text.includes('nodes placed on') || text.includes('Node placements')) placements.push(text);
    });
    await dropFiles(page, [AIRPLANE]);
    const gpu = classification(await waitForState(page, done, 180_000)) as Extract<ClassificationView, { status: 'done' }>;
    expect(gpu.model.backend).toBe('webgpu');
    expect(await page.getByTestId('recognition-backend').getAttribute('data-fallback')).toBe('');
    expect(gpu.top[0].label).toBe(wasm.top[0].label);
    gpu.top.forEach((t, i) => {
      expect(t.label).toBe(wasm.top[i].label);
      expect(Math.abs(t.probability - wasm.top[i].probability)).toBeLessThan(1e-3);
    });
    // the bank's similarities too: the same nearest training shapes, at the same distances
    expect(gpu.nearest!.map((n) => n.row)).toEqual(wasm.nearest!.map((n) => n.row));
    gpu.nearest!.forEach((n, i) => expect(Math.abs(n.distance - wasm.nearest![i].distance)).toBeLessThan(1e-4));

    // The scene model too, on this small cloud (a few blocks: WebGPU here is software).
    await page.getByTestId('segment-button').click();
    const seg = (await waitForState(page, (s) => s.segmentation?.status === 'done', 300_000)).segmentation as Extract<SegmentationView, { status: 'done' }>;
    expect(seg.model.backend).toBe('webgpu');

    // ORT says, per session, where its nodes went: one line for each of the two models.
    const all = placements.filter((p) => /All nodes placed on \[JsExecutionProvider\]/.test(p));
    expect(all.length, placements.join('\n')).toBeGreaterThanOrEqual(2);
    expect(placements.filter((p) => /placed on \[(?!JsExecutionProvider)/.test(p))).toEqual([]);
    await saveScreenshot(page, 'classify-airplane-webgpu');
  });
});
