// The first five minutes, end to end: the app opens on the default sample with the help shown,
// the gallery loads a ShapeNet mesh and a ScanNet scene, a filtered "evaluate all" agrees with
// the cards, the labelled PLY export re-imports with the same classes, and `?sample=` links and
// view settings survive a reload. Each test starts from a page of its own, in any order: the first
// visit and the reload in browsers of their own (what a page saves would carry over), the others
// in one browser whose pages start from the default settings.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Download, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { holdsKeptPoint } from '../../src/core/geometry/boxMembers';
import { parseFiles } from '../../src/core/io';
import type { PredictionsJson } from '../../src/core/ml/exportResults';
import { validateSampleIndex, type SampleEntry } from '../../src/core/samples';
import type { AppSnapshot } from '../../src/state/store';
import { appState, dropFiles, launchApp, saveScreenshot, startWithSettings, waitForState, type App } from './browser';

const SAMPLES = resolve(import.meta.dirname, '../../samples');
const index = validateSampleIndex(JSON.parse(readFileSync(resolve(SAMPLES, 'index.json'), 'utf8')));
const sample = (id: string) => index.samples.find((s) => s.id === id)!;
const MESH = index.samples.find((s) => s.dataset === 'ShapeNetCore' && s.id !== index.default)!;
const SCENE = index.samples.find((s) => s.dataset === 'ScanNet' && s.format === 'ply')!;
const LINKED = index.samples.find((s) => s.dataset === 'ModelNet40' && s.format === 'xyz')!;

const classified = (s: AppSnapshot) => s.layer !== null && s.classification?.status === 'done' && s.classification.layerId === s.layer.id;
const top1 = (s: AppSnapshot) => (s.classification?.status === 'done' ? s.classification.top : []);

async function bytesOf(download: Download): Promise<Uint8Array> {
  return new Uint8Array(readFileSync((await download.path())!));
}

async function openSampleCard(page: Page, entry: SampleEntry): Promise<void> {
  await page.locator(`[data-testid="sample-card"][data-sample="${entry.id}"]`).click();
}

/** class id -> points, from a label legend */
function legendCounts(s: AppSnapshot): Record<number, number> {
  if (s.legend?.kind !== 'labels') throw new Error(`no label legend: ${JSON.stringify(s.legend)}`);
  return Object.fromEntries(s.legend.entries.map((e) => [e.id, e.count]));
}

function histogram(values: ArrayLike<number>): Record<number, number> {
  const out: Record<number, number> = {};
  for (let i = 0; i < values.length; i++) out[values[i]] = (out[values[i]] ?? 0) + 1;
  return out;
}

/** A page of `app` on the default sample, classified, with the help closed and the gallery open. */
async function galleryPage(app: App): Promise<Page> {
  const page = await app.open();
  await waitForState(page, classified);
  if (await page.getByTestId('help-overlay').isVisible()) await page.keyboard.press('Escape');
  await waitForState(page, (s) => !s.helpOpen);
  await page.keyboard.press('g');
  await page.getByTestId('gallery').waitFor();
  return page;
}

describe('the first visit', () => {
  it('opens on the default sample, classified, with the help shown once', async () => {
    const app = await launchApp('webgl');
    try {
      const page = await app.open();
      const def = sample(index.default);
      const state = await waitForState(page, classified);
      expect(state.layer).toMatchObject({ points: def.points, faces: def.faces });
      expect(state.helpOpen).toBe(true);
      await expect(page.getByTestId('help-overlay').isVisible()).resolves.toBe(true);
      await expect(page.getByTestId('gallery-shown').textContent()).resolves.toContain(def.name);
      await saveScreenshot(page, 'first-visit');
      await page.getByTestId('help-overlay').getByRole('button', { name: 'Close' }).click();
      await waitForState(page, (s) => !s.helpOpen);
      // once closed, the help stays closed on the next visit
      const again = await app.open();
      expect((await waitForState(again, classified)).helpOpen).toBe(false);
    } finally {
      await app.close();
    }
  });
});

describe('a file dropped on the first visit', () => {
  it('closes the help, even when dropped before the default sample has started, and the sample does not replace it', async () => {
    const app = await launchApp('webgl');
    try {
      // the sample index is held back until the person's file is shown
      let release: () => void = () => {};
      const held = new Promise<void>((r) => (release = r));
      const page = await app.open({}, async (p) => {
        await p.route('**/samples/index.json', async (route) => {
          await held;
          await route.continue();
        });
      });
      expect((await appState(page)).helpOpen).toBe(true);
      const mine = { name: 'mine.ply', bytes: new Uint8Array(readFileSync(resolve(SAMPLES, 'formats/flower_pot.ply'))) };
      await dropFiles(page, [mine]);
      const state = await waitForState(page, (s) => s.layer?.fileName === 'mine.ply' && s.loading === null);
      expect(state.helpOpen).toBe(false);
      await expect(page.getByTestId('help-overlay').count()).resolves.toBe(0);
      // the index comes, and the default sample stays away: the person has a file open
      const index = page.waitForResponse('**/samples/index.json');
      release();
      await index;
      await page.waitForTimeout(500);
      const after = await appState(page);
      expect(after.layers.map((l) => l.meta.fileName)).toEqual(['mine.ply']);
    } finally {
      await app.close();
    }
  });
});

describe('gallery and exports', () => {
  let app: App;
  let page: Page;

  beforeAll(async () => {
    app = await launchApp('webgl');
    // a room sample segments by itself however long the app estimates it to take: the estimate's gate
    // is the segmentation tests' to check, and a busy machine can push the estimate past the default
    await startWithSettings(app, { autoSegmentSeconds: 1e9 });
  });
  beforeEach(async () => {
    page = await galleryPage(app);
  });
  afterEach(async () => {
    await page?.close();
  });
  afterAll(async () => {
    await app?.close();
  });

  it('lists every sample with a thumbnail and filters by dataset and class', async () => {
    await expect(page.getByTestId('gallery').isVisible()).resolves.toBe(true);
    await expect(page.getByTestId('sample-card').count()).resolves.toBe(index.samples.length);
    const img = page.locator(`[data-sample="${MESH.id}"] img`);
    await img.scrollIntoViewIfNeeded();
    await expect.poll(() => img.evaluate((el: HTMLImageElement) => el.complete && el.naturalWidth)).toBe(160);
    await page.getByTestId('gallery-dataset').selectOption('ModelNet40');
    const modelnet = index.samples.filter((s) => s.dataset === 'ModelNet40');
    await expect(page.getByTestId('sample-card').count()).resolves.toBe(modelnet.length);
    await page.getByTestId('gallery-label').selectOption('chair');
    await expect(page.getByTestId('sample-card').count()).resolves.toBe(modelnet.filter((s) => s.label === 'chair').length);
    await saveScreenshot(page, 'gallery-filtered');
    // a scan's card says whether the scene model learned its room
    await page.getByTestId('gallery-dataset').selectOption('');
    await page.getByTestId('gallery-label').selectOption('');
    for (const s of index.samples.filter((x) => x.kind === 'scene')) {
      const words = { train: 'trained on', validation: 'tuned on', test: 'held out' }[s.segmenterSplit!];
      await expect(page.locator(`[data-testid="sample-card"][data-sample="${s.id}"] .card-labels`).textContent()).resolves.toBe(`room scan · ${words}`);
    }
    await page.getByTestId('gallery-dataset').selectOption('S3DIS');
    const thumb = page.locator('[data-testid="sample-card"] img').first();
    await expect.poll(() => thumb.evaluate((el: HTMLImageElement) => el.complete && el.naturalWidth)).toBe(160);
    await saveScreenshot(page, 'gallery-s3dis-trained-on');
    await page.getByTestId('gallery-dataset').selectOption('');
  });

  it('loads a ShapeNet mesh from the gallery and marks its card with the prediction', async () => {
    await openSampleCard(page, MESH);
    const state = await waitForState(page, (s) => s.layer?.points === MESH.points && classified(s));
    expect(state.layer).toMatchObject({ kind: 'mesh', format: 'obj', faces: MESH.faces });
    const top = top1(state)[0].label;
    const card = page.locator(`[data-testid="sample-card"][data-sample="${MESH.id}"]`);
    await expect.poll(() => card.getAttribute('data-predicted')).toBe(top);
    await expect(card.getByTestId('card-prediction').textContent()).resolves.toContain(top === MESH.label ? '✓' : '✗');

    const [jsonDownload] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-json').click()]);
    const json = JSON.parse(new TextDecoder().decode(await bytesOf(jsonDownload))) as PredictionsJson;
    expect(json.segmentation).toBeUndefined();
    expect(json.classification!.top.map((t) => t.label)).toEqual(top1(state).map((t) => t.label));
    const [plyDownload] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-ply').click()]);
    const exported = (await parseFiles([{ name: 'export.ply', bytes: await bytesOf(plyDownload) }])).data;
    expect(exported.positions.length / 3).toBe(MESH.points);
    expect([...new Set(exported.fields.pred)]).toEqual([json.classification!.top[0].index]);
    expect(json.classification!.top[0].index).toBe(state.boxSets.classification.boxes[0].classIndex);
  });

  it('loads a ScanNet scene, exports it as labelled PLY and JSON, and reads the PLY back with the same classes', async () => {
    await openSampleCard(page, SCENE);
    const state = await waitForState(page, (s) => s.layer?.points === SCENE.points && s.segmentation?.status === 'done', 170_000);
    expect(state.settings.upAxis).toBe('+z');
    const counts = (state.segmentation?.status === 'done' ? state.segmentation.classes : []).map((c) => c.count);
    await page.keyboard.press('g');
    await page.getByTestId('color-mode').selectOption('overlay:segmentation');
    const segmented = await waitForState(page, (s) => s.settings.colorMode === 'overlay:segmentation' && s.legend?.kind === 'labels');
    const overlay = legendCounts(segmented);
    await saveScreenshot(page, 'scannet-segmented');

    const [plyDownload] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-ply').click()]);
    expect(plyDownload.suggestedFilename()).toBe(SCENE.file.split('/').pop()!.replace(/\.ply$/, '.labelled.ply'));
    const ply = await bytesOf(plyDownload);
    const exported = (await parseFiles([{ name: 'export.ply', bytes: ply }])).data;
    const original = (await parseFiles([{ name: 'scene.ply', bytes: new Uint8Array(readFileSync(resolve(SAMPLES, SCENE.file))) }])).data;
    expect(exported.positions).toEqual(original.positions);
    expect([...exported.fields.label]).toEqual([...original.fields.label]);
    expect([...exported.fields.instance]).toEqual([...original.fields.instance]);
    expect(histogram(exported.fields.pred)).toEqual(overlay);
    expect(Object.entries(histogram(exported.fields.pred)).map(([c, n]) => counts[Number(c)] === n)).not.toContain(false);
    expect(Math.min(...exported.fields.confidence)).toBeGreaterThan(0);
    expect(Math.max(...exported.fields.confidence)).toBeLessThanOrEqual(1);

    const [jsonDownload] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-json').click()]);
    const json = JSON.parse(new TextDecoder().decode(await bytesOf(jsonDownload))) as PredictionsJson;
    expect(json).toMatchObject({ format: 'pointlens-predictions', file: SCENE.file.split('/').pop(), points: SCENE.points });
    expect(json.segmentation!.classes.map((c) => c.count)).toEqual(counts);
    expect(json.segmentation!.boxes.length).toBe(state.boxSets.detections?.boxes.length);

    // filtered by height to the lowest 20 cm, the JSON keeps the boxes that still hold a point shown
    await page.getByTestId('color-mode').selectOption('height');
    const full = (await waitForState(page, (s) => s.legend?.kind === 'scale' && s.settings.colorMode === 'height')).legend as Extract<AppSnapshot['legend'], { kind: 'scale' }>;
    const top = Number((full.min + 0.2).toFixed(2));
    await page.getByTestId('scale-max').fill(String(top));
    await page.getByTestId('scale-max').press('Enter');
    await waitForState(page, (s) => s.settings.scaleRanges.height?.[1] === top);
    await page.getByTestId('value-filter').check();
    const shown = Uint8Array.from({ length: SCENE.points }, (_, i) => Number(original.positions[3 * i + 2] <= top));
    await page.waitForFunction((n) => Number(document.querySelector('[data-testid="value-filter-kept"]')?.getAttribute('data-kept')) === n, shown.reduce((n, k) => n + k, 0));
    const [filteredDownload] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-json').click()]);
    const filtered = JSON.parse(new TextDecoder().decode(await bytesOf(filteredDownload))) as PredictionsJson;
    const holding = json.segmentation!.boxes.filter((b) => holdsKeptPoint(b, original.positions, shown));
    expect(holding.length).toBeGreaterThan(0);
    expect(holding.length).toBeLessThan(json.segmentation!.boxes.length);
    expect(filtered.segmentation!.boxes).toEqual(holding);
    await page.getByTestId('value-filter').uncheck();
    await page.getByTestId('color-mode').selectOption('overlay:segmentation');
    await waitForState(page, (s) => s.settings.colorMode === 'overlay:segmentation' && !s.settings.filterByValue);

    // O takes the overlay away and brings it back (shortcuts are off while the select has the focus)
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await page.keyboard.press('o');
    await waitForState(page, (s) => s.settings.colorMode === 'rgb');
    await page.keyboard.press('o');
    await waitForState(page, (s) => s.settings.colorMode === 'overlay:segmentation');

    await dropFiles(page, [{ name: plyDownload.suggestedFilename(), bytes: ply }]);
    const back = await waitForState(page, (s) => s.layer?.fileName === plyDownload.suggestedFilename());
    expect(back.layer!.attributes).toEqual(expect.arrayContaining(['rgb', 'label', 'instance', 'pred', 'confidence']));
    // the export names the classes pred stands for, with their colours: it opens coloured by them
    expect(back.layer!.colorModes.find((m) => m.id === 'field:pred')?.label).toBe('pred (classes the file names)');
    await expect(page.getByTestId('gallery-shown').count()).resolves.toBe(0);
    expect(new URL(page.url()).searchParams.has('sample')).toBe(false);
    // it opens coloured by pred; the scene is segmented again on load, which shows the new overlay
    await page.getByTestId('color-mode').selectOption('field:pred');
    const reopened = await waitForState(page, (s) => s.settings.colorMode === 'field:pred' && s.legend?.kind === 'labels');
    expect(legendCounts(reopened)).toEqual(overlay);
    const named = (s: AppSnapshot) => new Map(s.legend?.kind === 'labels' ? s.legend.entries.filter((e) => e.count).map((e) => [e.id, `${e.name} ${e.color.join()}`]) : []);
    expect(named(reopened)).toEqual(named(segmented));
    expect([...named(reopened).values()].some((v) => v.startsWith('wall '))).toBe(true);
    await saveScreenshot(page, 'scannet-export-reopened');
  });

  it('evaluates the ShapeNet objects and agrees with their cards', async () => {
    await page.getByTestId('gallery-dataset').selectOption('ShapeNetCore');
    const shapenet = index.samples.filter((s) => s.dataset === 'ShapeNetCore' && s.kind === 'object');
    await page.getByTestId('gallery-evaluate').click();
    const accuracy = page.getByTestId('evaluation-accuracy');
    await accuracy.waitFor({ timeout: 170_000 });
    const cards = await page.getByTestId('sample-card').evaluateAll((els) =>
      els.map((el) => ({ id: el.getAttribute('data-sample')!, truth: el.getAttribute('data-truth')!, predicted: el.getAttribute('data-predicted') })),
    );
    expect(cards.map((c) => c.id).sort()).toEqual(shapenet.map((s) => s.id).sort());
    expect(cards.every((c) => c.predicted)).toBe(true);
    const right = cards.filter((c) => c.truth === c.predicted).length;
    await expect(accuracy.getAttribute('data-correct')).resolves.toBe(String(right));
    await expect(accuracy.getAttribute('data-total')).resolves.toBe(String(cards.length));
    const cells = await page.locator('[data-testid="confusion"] td[data-count]').evaluateAll((els) =>
      els.map((el) => ({ truth: el.getAttribute('data-truth')!, predicted: el.getAttribute('data-predicted')!, count: Number(el.getAttribute('data-count')) })),
    );
    for (const cell of cells) {
      expect(cell.count, `${cell.truth} -> ${cell.predicted}`).toBe(cards.filter((c) => c.truth === cell.truth && c.predicted === cell.predicted).length);
    }
    // the accuracy on the shapes the classifier never saw, apart from those it learned from
    const split = (id: string) => sample(id).classifierSplit!;
    const held = cards.filter((c) => split(c.id) === 'test');
    expect(held.length).toBeGreaterThan(0);
    expect(held.length).toBeLessThan(cards.length);
    const heldLine = page.getByTestId('evaluation-held-out');
    await expect(heldLine.getAttribute('data-total')).resolves.toBe(String(held.length));
    await expect(heldLine.getAttribute('data-correct')).resolves.toBe(String(held.filter((c) => c.truth === c.predicted).length));
    await expect(heldLine.textContent()).resolves.toMatch(
      new RegExp(`^Held out: [\\d.]+% \\(\\d+ of ${held.length} right\\) · the classifier was trained or tuned on the other ${cards.length - held.length}, so the accuracy over all flatters it$`),
    );
    const trainedCard = page.locator(`[data-testid="sample-card"][data-classifier-split="train"]`).first();
    await expect(trainedCard.locator('.card-labels').textContent()).resolves.toMatch(/· trained on/);
    await saveScreenshot(page, 'gallery-evaluated');

    // under another filter the figures stay, saying which selection they are of, until it is theirs again
    await page.getByTestId('gallery-dataset').selectOption('ModelNet40');
    await expect(page.getByTestId('evaluation-selection').textContent()).resolves.toBe(
      `These figures are of the earlier selection, ShapeNetCore (${cards.length} objects), not of the one shown: Evaluate for its own.`,
    );
    await saveScreenshot(page, 'gallery-evaluated-other-selection');
    await page.getByTestId('gallery-dataset').selectOption('ShapeNetCore');
    await expect(page.getByTestId('evaluation-selection').count()).resolves.toBe(0);

    // a cell opens its sample
    const cell = page.locator('[data-testid="confusion"] td.diag, [data-testid="confusion"] td.off').first();
    const [truth, predicted] = [await cell.getAttribute('data-truth'), await cell.getAttribute('data-predicted')];
    const target = cards.find((c) => c.truth === truth && c.predicted === predicted)!;
    await cell.click();
    await waitForState(page, (s) => s.layer?.points === sample(target.id).points && s.loading === null);
    await expect(page.getByTestId('gallery-shown').textContent()).resolves.toContain(sample(target.id).name);
  });

  it('counts a sample of a class it does not serve as right where it is called unknown', async () => {
    await page.getByTestId('gallery-dataset').selectOption('ModelNet40');
    await page.getByTestId('gallery-label').selectOption('flower_pot');
    const pots = index.samples.filter((s) => s.dataset === 'ModelNet40' && s.label === 'flower_pot');
    expect(pots.length).toBeGreaterThan(1);
    await page.getByTestId('gallery-evaluate').click();
    await waitForState(page, (s) => s.gallery.evaluation.status === 'done' && s.gallery.evaluation.ids.length === pots.length, 120_000);
    const cards = await page.getByTestId('sample-card').evaluateAll((els) =>
      els.map((el) => ({ truth: el.getAttribute('data-truth'), expected: el.getAttribute('data-expected'), predicted: el.getAttribute('data-predicted')!, text: el.textContent! })),
    );
    expect(cards).toHaveLength(pots.length);
    for (const card of cards) {
      expect(card).toMatchObject({ truth: 'flower_pot', expected: 'unknown' });
      expect(card.text).toContain('true: flower pot (not served)');
    }
    const accuracy = page.getByTestId('evaluation-accuracy');
    await expect(accuracy.getAttribute('data-correct')).resolves.toBe(String(cards.filter((c) => c.predicted === 'unknown').length));
    // the pots' row is unknown's; no row is a class the classifier does not serve
    const rows = await page.locator('[data-testid="confusion"] td[data-count]').evaluateAll((els) => [...new Set(els.map((el) => el.getAttribute('data-truth')))]);
    expect(rows).toContain('unknown');
    expect(rows).not.toContain('flower_pot');
    for (const predicted of new Set(cards.map((c) => c.predicted))) {
      await expect(page.locator(`[data-testid="confusion"] td[data-truth="unknown"][data-predicted="${predicted}"]`).getAttribute('data-count')).resolves.toBe(String(cards.filter((c) => c.predicted === predicted).length));
    }
    await saveScreenshot(page, 'gallery-evaluated-unserved');
  });
});

describe('a shared link', () => {
  it('opens a ?sample= link and keeps the view settings over a reload', async () => {
    const app = await launchApp('webgl');
    try {
      const linked = await app.open({ sample: LINKED.id });
      let state = await waitForState(linked, classified);
      expect(state.helpOpen).toBe(false);
      expect(state.layer).toMatchObject({ format: 'xyz', points: LINKED.points });
      expect(state.settings.upAxis).toBe(`+${LINKED.upAxis}`);
      await linked.getByTestId('point-size').fill('7');
      await linked.getByTestId('color-mode').selectOption('uniform');
      // shortcuts are off while a form field has the focus
      await linked.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
      await linked.keyboard.press('b');
      state = await waitForState(linked, (s) => s.settings.pointSize === 7 && !s.settings.showBoxes && s.settings.colorMode === 'uniform');
      await linked.reload();
      state = await waitForState(linked, (s) => classified(s) && s.settings.colorMode === 'uniform');
      expect(state.settings).toMatchObject({ pointSize: 7, showBoxes: false });
      expect(state.layer?.points).toBe(LINKED.points);
      expect((await appState(linked)).error).toBeNull();
    } finally {
      await app.close();
    }
  });
});
