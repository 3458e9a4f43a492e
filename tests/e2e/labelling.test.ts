// Correcting a real ScanNet room's labels as a person does: start from the file's ground truth,
// drag a box over the view (Shift adds a second), give the selection a class, undo and redo it with
// the keys, export the corrected PLY and drop it back on the app, where the corrected class is the
// file's truth. Then, on a segmented room: the segmentation scored against labels started from its
// own prediction, and a clip that selection, the legend and the predictions JSON all respect. Every
// count is checked against one worked out in Node from the file and the points' screen positions.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { OUT, canvasImage, dropFiles, fixtureFile, launchApp, saveScreenshot, showQuietly, waitForState, type App } from './browser';
import { parseFiles } from '../../src/core/io';
import { labelsFromTruth } from '../../src/core/labelling/startLabels';
import type { LabelSet } from '../../src/core/labelling/labelEdits';
import type { AppSnapshot } from '../../src/state/store';

const SCENE = fixtureFile('e2e/scene0000_00.ply');
type Rect = [number, number, number, number];

/** Where every point of the shown layer is drawn (relative to the canvas), null behind the camera. */
async function screenPositions(page: Page): Promise<([number, number] | null)[]> {
  return page.evaluate(() => {
    const hook = window.__pointlens!;
    return Array.from({ length: hook.state().layer!.points }, (_, i) => hook.project(i));
  });
}

/** Drags a rectangle over the canvas with the left button, with `modifier` held. */
async function dragBox(page: Page, [x0, y0, x1, y1]: Rect, modifier?: 'Shift' | 'Alt'): Promise<void> {
  const canvas = (await page.locator('canvas').first().boundingBox())!;
  // the rectangle lies on the canvas, clear of the panels
  for (const [x, y] of [[x0, y0], [x1, y1], [x0, y1], [x1, y0]]) {
    expect(await page.evaluate(([x, y]) => document.elementFromPoint(x, y)?.tagName, [canvas.x + x, canvas.y + y])).toBe('CANVAS');
  }
  if (modifier) await page.keyboard.down(modifier);
  await page.mouse.move(canvas.x + x0, canvas.y + y0);
  await page.mouse.down();
  await page.mouse.move(canvas.x + x1, canvas.y + y1, { steps: 6 });
  await page.mouse.up();
  if (modifier) await page.keyboard.up(modifier);
}

/** Draws a lasso through `corners` (closed back to the first) with the left button and `modifier` held, in steps of about 10 pixels. */
async function drawLasso(page: Page, corners: [number, number][], modifier?: 'Shift' | 'Alt'): Promise<void> {
  const canvas = (await page.locator('canvas').first().boundingBox())!;
  if (modifier) await page.keyboard.down(modifier);
  await page.mouse.move(canvas.x + corners[0][0], canvas.y + corners[0][1]);
  await page.mouse.down();
  for (let k = 1; k <= corners.length; k++) {
    const [from, to] = [corners[k - 1], corners[k % corners.length]];
    await page.mouse.move(canvas.x + to[0], canvas.y + to[1], { steps: Math.ceil(Math.hypot(to[0] - from[0], to[1] - from[1]) / 10) });
  }
  await page.mouse.up();
  if (modifier) await page.keyboard.up(modifier);
}

const inRect = (p: [number, number] | null, [x0, y0, x1, y1]: Rect) => p !== null && p[0] >= x0 && p[0] <= x1 && p[1] >= y0 && p[1] <= y1;

function legendCount(s: AppSnapshot, name: string): number {
  return s.legend?.kind === 'labels' ? (s.legend.entries.find((e) => e.name === name)?.count ?? 0) : NaN;
}

async function chooseClass(page: Page, name: string): Promise<number> {
  const index = Number(await page.locator(`[data-testid="label-class"] option`, { hasText: new RegExp(`^${name}$`) }).getAttribute('value'));
  await page.getByTestId('label-class').selectOption(String(index));
  return index;
}

describe('correct and label', () => {
  let app: App;
  let positions: Float32Array;
  let truth: LabelSet;

  beforeAll(async () => {
    const parsed = await parseFiles([{ name: SCENE.name, bytes: SCENE.bytes }]);
    positions = parsed.data.positions;
    truth = labelsFromTruth(positions.length / 3, parsed.data.fields);
    app = await launchApp('webgl');
  });
  afterAll(async () => {
    await app?.close();
  });

  it('sets the class of a box selection, undoes and redoes it, and the corrected label survives export and re-import', async () => {
    const page = await showQuietly(app, SCENE);
    await page.getByTestId('label-start-truth').click();
    await waitForState(page, (s) => s.labelling.source === 'truth' && s.settings.colorMode === 'overlay:corrected');
    // the panel as it starts: its "Start again from" buttons on one line under their name
    mkdirSync(OUT, { recursive: true });
    writeFileSync(join(OUT, 'labelling-panel.png'), await page.getByTestId('labelling').screenshot());
    await page.keyboard.press('x');
    await waitForState(page, (s) => s.labelling.tool === 'box');

    const at = await screenPositions(page);
    const first: Rect = [480, 260, 700, 430];
    const second: Rect = [720, 300, 800, 380];
    await dragBox(page, first);
    const inFirst = at.flatMap((p, i) => (inRect(p, first) ? [i] : []));
    expect(inFirst.length).toBeGreaterThan(200);
    await waitForState(page, (s) => s.labelling.selected === inFirst.length);
    await dragBox(page, second, 'Shift');
    const both = at.filter((p) => inRect(p, first) || inRect(p, second)).length;
    await waitForState(page, (s) => s.labelling.selected === both);
    // Alt and a lasso shaped like an L take its points away: it covers the union of two rectangles
    await page.keyboard.press('l');
    await waitForState(page, (s) => s.labelling.tool === 'lasso');
    await drawLasso(page, [[500, 280], [680, 280], [680, 340], [590, 340], [590, 420], [500, 420]], 'Alt');
    const lassoed = (p: [number, number] | null) => inRect(p, [500, 280, 680, 340]) || inRect(p, [500, 340, 590, 420]);
    const selected = at.flatMap((p, i) => ((inRect(p, first) || inRect(p, second)) && !lassoed(p) ? [i] : []));
    expect(both - selected.length).toBeGreaterThan(100);
    expect(selected.length).toBeGreaterThan(100);
    await waitForState(page, (s) => s.labelling.selected === selected.length);

    // the selection takes "bookshelf": the points that were not one change, counted here from the file
    const target = 'bookshelf';
    const index = await chooseClass(page, target);
    const before = truth.classes.filter((c) => c === index).length;
    const changed = selected.filter((i) => truth.classes[i] !== index).length;
    expect(changed).toBeGreaterThan(100);
    const start = await waitForState(page, () => true);
    expect(legendCount(start, target)).toBe(before);
    await page.getByTestId('label-set-class').click();
    const done = await waitForState(page, (s) => s.labelling.undoName === `class ${target}`);
    expect(legendCount(done, target)).toBe(before + changed);
    expect(done.labelling.unlabelled).toBe(start.labelling.unlabelled - selected.filter((i) => truth.classes[i] < 0).length);
    // the view is drawn on demand: once two looks at it agree, it shows the change
    await canvasImage(page);
    await saveScreenshot(page, 'labelling-selection');

    // the selection becomes an instance of its own: the instances are those of the file with one more, counted here
    await page.getByTestId('label-split').click();
    const next = Math.max(...truth.instances) + 1;
    const split = truth.instances.slice();
    for (const i of selected) split[i] = next;
    const distinct = new Set(split.filter((id) => id > 0)).size;
    expect((await waitForState(page, (s) => s.labelling.undoName === 'new instance')).labelling.instances).toBe(distinct);
    const [jsonDownload] = await Promise.all([page.waitForEvent('download'), page.getByTestId('label-export-json').click()]);
    const json = JSON.parse(readFileSync((await jsonDownload.path())!, 'utf8'));
    expect(json.segGroups).toHaveLength(distinct);
    expect(json.segGroups.find((g: { id: number }) => g.id === next)).toMatchObject({ label: target, classIndex: index, points: selected });
    await page.getByTestId('label-clear').click();
    await waitForState(page, (s) => s.labelling.selected === 0);
    await canvasImage(page);
    await saveScreenshot(page, 'labelling-corrected');
    // saveScreenshot made the folder
    writeFileSync(join(OUT, 'labelling-corrected-legend.png'), await page.getByTestId('legend').screenshot());

    await page.keyboard.press('Control+z');
    await waitForState(page, (s) => s.labelling.undoName === `class ${target}`);
    await page.keyboard.press('Control+z');
    const undone = await waitForState(page, (s) => s.labelling.undoName === null && s.labelling.redoName === `class ${target}`);
    expect(legendCount(undone, target)).toBe(before);
    await page.keyboard.press('Control+Shift+z');
    expect(legendCount(await waitForState(page, (s) => s.labelling.undoName === `class ${target}`), target)).toBe(before + changed);
    await page.getByTestId('label-undo').click();
    await waitForState(page, (s) => s.labelling.redoName !== null);
    await page.keyboard.press('Control+y');
    expect(legendCount(await waitForState(page, (s) => s.labelling.redoName === 'new instance'), target)).toBe(before + changed);

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('label-export-ply').click()]);
    const bytes = new Uint8Array(readFileSync((await download.path())!));
    const exported = await parseFiles([{ name: 'corrected.ply', bytes }]);
    const back = labelsFromTruth(exported.data.positions.length / 3, exported.data.fields);
    expect(exported.data.positions).toEqual(positions);
    for (const i of selected) expect(back.classes[i]).toBe(index);
    expect(back.classes.filter((c) => c === index).length).toBe(before + changed);
    expect(back.instances).toEqual(truth.instances);
    // the export states the up it was shown with, which the app reads back
    expect(exported.statedUp).toBe('+z');

    // dropped back on the app, the corrected class is the file's ground truth
    await dropFiles(page, [{ name: 'scene0000_00.corrected.ply', bytes }]);
    await waitForState(page, (s) => s.layer?.fileName === 'scene0000_00.corrected.ply' && s.loading === null);
    await page.getByTestId('label-start-truth').click();
    const reopened = await waitForState(page, (s) => s.labelling.source === 'truth' && s.settings.colorMode === 'overlay:corrected');
    expect(legendCount(reopened, target)).toBe(before + changed);
    expect(reopened.layer!.up).toEqual({ axis: '+z', source: 'file' });
    await expect(page.getByTestId('up-source').textContent()).resolves.toBe('as the file states');
    await page.close();
  });

  it('scores the segmentation against corrected labels, and selection, legend and predictions JSON count only what the clip keeps', async () => {
    const page = await showQuietly(app, SCENE);
    await page.getByTestId('segment-button').click();
    await waitForState(page, (s) => s.segmentation?.status === 'done', 150_000);
    const fileScore = Number(await page.getByTestId('metric-oa').getAttribute('data-value'));
    await page.getByTestId('label-start-prediction').click();
    await waitForState(page, (s) => s.labelling.source === 'prediction');
    await page.getByTestId('label-as-truth').check();
    // labels that are the prediction itself: it is right at every point
    await page.getByTestId('metrics-truth').waitFor();
    expect(Number(await page.getByTestId('metric-oa').getAttribute('data-value'))).toBe(1);
    expect(Number(await page.getByTestId('metric-miou').getAttribute('data-value'))).toBe(1);

    // the object boxes' labels float over the canvas; hidden, the rectangle starts on the points
    await page.getByTestId('boxes-toggle').click();
    await waitForState(page, (s) => !s.settings.showBoxes);
    await page.keyboard.press('x');
    await waitForState(page, (s) => s.labelling.tool === 'box');
    const box: Rect = [480, 260, 700, 430];
    await dragBox(page, box);
    const target = 'bathtub';
    await chooseClass(page, target);
    const start = await waitForState(page, (s) => s.labelling.selected > 0);
    await page.getByTestId('label-set-class').click();
    const done = await waitForState(page, (s) => s.labelling.undoName === `class ${target}`);
    const changed = legendCount(done, target) - legendCount(start, target);
    expect(changed).toBeGreaterThan(100);
    const n = positions.length / 3;
    await page.waitForFunction((v) => Number(document.querySelector('[data-testid="metric-oa"]')?.getAttribute('data-value')) === v, (n - changed) / n);
    // back to the file's truth
    await page.getByTestId('label-as-truth').uncheck();
    await page.waitForFunction((v) => Number(document.querySelector('[data-testid="metric-oa"]')?.getAttribute('data-value')) === v, fileScore);

    // a clip box: a selection over the whole view takes only the kept points it covers
    await page.keyboard.press('c');
    const clip = (await waitForState(page, (s) => s.clip.box !== null)).clip.box!;
    const kept = (i: number) => [0, 1, 2].every((k) => Math.abs(positions[i * 3 + k] - clip.center[k]) <= clip.size[k] / 2);
    const keptCount = Array.from({ length: n }, (_, i) => i).filter(kept).length;
    const at = await screenPositions(page);
    const wide: Rect = [320, 80, 900, 700];
    await dragBox(page, wide);
    const expected = at.filter((p, i) => inRect(p, wide) && kept(i)).length;
    expect(expected).toBeGreaterThan(100);
    expect(at.filter((p) => inRect(p, wide)).length).toBeGreaterThan(expected);
    await waitForState(page, (s) => s.labelling.selected === expected);

    // the legend counts the kept points only, and so does the predictions JSON
    await page.getByTestId('seg-view-overlay').click();
    const legend = (await waitForState(page, (s) => s.settings.colorMode === 'overlay:segmentation')).legend;
    expect(legend?.kind === 'labels' && legend.entries.reduce((sum, e) => sum + e.count, 0)).toBe(keptCount);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-json').click()]);
    const json = JSON.parse(readFileSync((await download.path())!, 'utf8'));
    expect(json.points).toBe(keptCount);
    expect(json.segmentation.classes.reduce((sum: number, k: { count: number }) => sum + k.count, 0)).toBe(keptCount);
    await page.close();
  });
});
