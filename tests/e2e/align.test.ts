// Align to a layer, driven as a person would: ScanNet scene0000 opened twice, the second copy moved
// and turned in its Transform fields, then aligned back onto the first. The fields must return to
// where the file put it, the panel's RMS must fall, and Undo must put the move back; a copy scaled
// by hand must come back to its file's scale with Adjust scale; a bathtub aligned to the room must be
// refused in the person's terms and stay where it was.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canvasImage, countChanged, dropFiles, fixtureFile, holdWorker, launchApp, saveScreenshot, showQuietly, waitForState, type App } from './browser';

const SCAN = fixtureFile('e2e/scene0000_00.ply');
const TUB = fixtureFile('io/bathtub_0002.off');

/** The number a transform field of layer `id` shows. */
async function field(page: Page, id: string, name: string): Promise<number> {
  return Number(await page.locator(`[data-testid="layer-row"][data-layer="${id}"]`).getByTestId(name).inputValue());
}

describe('align to a layer', () => {
  let app: App;
  let page: Page;

  beforeAll(async () => {
    app = await launchApp('webgl');
    page = await showQuietly(app, SCAN);
  });
  afterAll(async () => {
    await app?.close();
  });

  it('asks for a second layer while there is one', async () => {
    const alone = await showQuietly(app, SCAN);
    await expect(alone.getByTestId('align-none').textContent()).resolves.toMatch(/Open a second file of the same place beside this one/);
    await alone.close();
  });

  it('moves a copy of the scan, moved and turned by hand, back onto the scan; Undo alignment puts the move back', async () => {
    await dropFiles(page, [SCAN]);
    const two = await waitForState(page, (s) => s.layers.length === 2 && s.layer?.id === s.layers[1].meta.id && s.loading === null);
    const copy = two.layers[1].meta.id;
    const row = page.locator(`[data-testid="layer-row"][data-layer="${copy}"]`);
    await row.getByTestId('layer-transform').click();
    await row.getByTestId('layer-translate-x').fill('0.3');
    await row.getByTestId('layer-translate-y').fill('0.2');
    await row.getByTestId('layer-rotate').fill('7');
    await waitForState(page, (s) => s.layers[1].transform.rotateDeg === 7 && s.layers[1].transform.translate[1] === 0.2);
    const apart = await canvasImage(page);
    await saveScreenshot(page, 'align-apart');

    await expect(page.getByTestId('align-reference').inputValue()).resolves.toBe(two.layers[0].meta.id);
    await page.getByTestId('align-run').click();
    const s = await waitForState(page, (s) => s.alignment?.status === 'done' || s.alignment?.status === 'error');
    if (s.alignment?.status !== 'done') throw new Error(`no alignment: ${JSON.stringify(s.alignment)}`);
    // back where the file put it, as the state and the Layers panel's fields say
    const t = s.layers[1].transform;
    expect(Math.abs(t.rotateDeg)).toBeLessThan(1e-3);
    t.translate.forEach((v) => expect(Math.abs(v)).toBeLessThan(1e-4));
    for (const name of ['layer-translate-x', 'layer-translate-y', 'layer-translate-z', 'layer-rotate']) await expect.poll(async () => Math.abs(await field(page, copy, name))).toBeLessThan(1e-3);
    // the RMS shown falls from the move's size to nothing
    const [before, after] = (await page.getByTestId('align-rms').textContent())!.split('→').map((v) => parseFloat(v));
    expect(before).toBeCloseTo(s.alignment.rmsBefore, 3);
    expect(before).toBeGreaterThan(0.1);
    expect(after).toBeLessThan(1e-4);
    await expect(page.getByTestId('align-overlap').textContent()).resolves.toBe('100%');
    await expect(page.getByTestId('align-iterations').textContent()).resolves.toMatch(/^\d+, settled$/);
    await expect(page.getByTestId('align-transform').textContent()).resolves.toMatch(/^move [-0-9.e, ]+, turn [-0-9.e]+°$/);
    // the copy is drawn somewhere else now: on the scan
    await expect.poll(async () => countChanged(apart, await canvasImage(page)), { timeout: 10_000 }).toBeGreaterThan(1_000);
    await page.getByTestId('align-summary').scrollIntoViewIfNeeded();
    await saveScreenshot(page, 'align-done');
    await row.scrollIntoViewIfNeeded();
    await saveScreenshot(page, 'align-done-fields');

    await page.getByTestId('align-undo').click();
    await waitForState(page, (s) => s.layers[1].transform.rotateDeg === 7);
    await expect.poll(() => field(page, copy, 'layer-translate-x')).toBe(0.3);
    await expect.poll(() => field(page, copy, 'layer-rotate')).toBe(7);
    await expect(page.getByTestId('align-undone').textContent()).resolves.toMatch(/back where it was/);
  });

  it('with Adjust scale, brings a copy scaled by 1.1, moved and turned by hand, back to its scale and place; Undo puts the scale back', async () => {
    const alone = await showQuietly(app, SCAN);
    await dropFiles(alone, [SCAN]);
    const two = await waitForState(alone, (s) => s.layers.length === 2 && s.layer?.id === s.layers[1].meta.id && s.loading === null);
    const copy = two.layers[1].meta.id;
    const row = alone.locator(`[data-testid="layer-row"][data-layer="${copy}"]`);
    await row.getByTestId('layer-transform').click();
    await row.getByTestId('layer-scale').fill('1.1');
    await row.getByTestId('layer-translate-x').fill('0.2');
    await row.getByTestId('layer-rotate').fill('5');
    await waitForState(alone, (s) => s.layers[1].transform.scale === 1.1 && s.layers[1].transform.rotateDeg === 5 && s.layers[1].transform.translate[0] === 0.2);
    await alone.getByTestId('align-adjust-scale').check();
    await alone.getByTestId('align-run').click();
    const s = await waitForState(alone, (s) => s.alignment?.status === 'done' || s.alignment?.status === 'error');
    if (s.alignment?.status !== 'done') throw new Error(`no alignment: ${JSON.stringify(s.alignment)}`);
    const t = s.layers[1].transform;
    expect(Math.abs(t.scale - 1)).toBeLessThan(0.002);
    expect(Math.abs(t.rotateDeg)).toBeLessThan(0.1);
    t.translate.forEach((v) => expect(Math.abs(v)).toBeLessThan(0.005));
    await expect.poll(async () => Math.abs((await field(alone, copy, 'layer-scale')) - 1)).toBeLessThan(0.002);
    const found = (await alone.getByTestId('align-scale').textContent())!;
    expect(found).toMatch(/^×0\.9\d* found$/);
    expect(Math.abs(parseFloat(found.slice(1)) * 1.1 - 1)).toBeLessThan(0.002);
    await expect(alone.getByTestId('align-transform').textContent()).resolves.toMatch(/, scale [0-9.]+$/);
    await alone.getByTestId('align-summary').scrollIntoViewIfNeeded();
    await saveScreenshot(alone, 'align-scale-done');
    await alone.getByTestId('align-undo').click();
    await waitForState(alone, (s) => s.layers[1].transform.scale === 1.1);
    await expect.poll(() => field(alone, copy, 'layer-scale')).toBe(1.1);
    await expect.poll(() => field(alone, copy, 'layer-rotate')).toBe(5);
    await alone.close();
  });

  it('refuses, in the person\'s terms, to align a bathtub to the room, and leaves it where it was', async () => {
    await dropFiles(page, [TUB]);
    const s = await waitForState(page, (s) => s.layer?.fileName === TUB.name && s.loading === null);
    await page.getByTestId('align-reference').selectOption(s.layers[0].meta.id);
    await page.getByTestId('align-run').click();
    await waitForState(page, (s) => s.alignment?.status === 'error');
    await expect(page.getByTestId('align-error').textContent()).resolves.toMatch(/^Aligning to scene0000_00\.ply: the layers overlap too little to align: move them closer first \(after \d+ iterations, \d+% of the layer's points lie near the reference\)$/);
    const tub = (await waitForState(page, () => true)).layers.find((e) => e.meta.id === s.layer!.id)!;
    expect(tub.transform).toEqual({ translate: [0, 0, 0], rotateDeg: 0, scale: 1 });
    await page.getByTestId('align-error').scrollIntoViewIfNeeded();
    await saveScreenshot(page, 'align-refused');
  });

  it('stops, in words, when the layer it aligns to is removed while it runs, and leaves the layer where it was', async () => {
    const alone = await showQuietly(app, SCAN);
    await dropFiles(alone, [SCAN]);
    const two = await waitForState(alone, (s) => s.layers.length === 2 && s.layer?.id === s.layers[1].meta.id && s.loading === null);
    const [reference, copy] = two.layers.map((e) => e.meta.id);
    const row = alone.locator(`[data-testid="layer-row"][data-layer="${copy}"]`);
    await row.getByTestId('layer-transform').click();
    await row.getByTestId('layer-translate-x').fill('0.3');
    await waitForState(alone, (s) => s.layers[1].transform.translate[0] === 0.3);
    // the run starts, and stays at its start until the reference is gone
    const release = await holdWorker(alone, 'align');
    await alone.getByTestId('align-run').click();
    await waitForState(alone, (s) => s.alignment?.status === 'running');
    await alone.locator(`[data-testid="layer-row"][data-layer="${reference}"]`).getByTestId('layer-remove').click();
    release();
    const s = await waitForState(alone, (s) => s.layers.length === 1 && s.alignment?.status !== 'running');
    expect(s.alignment).toMatchObject({ status: 'error', message: 'it was removed meanwhile: this layer was not moved.' });
    expect(s.layers[0].transform).toEqual({ translate: [0.3, 0, 0], rotateDeg: 0, scale: 1 });
    await expect(alone.getByTestId('align-error').textContent()).resolves.toBe('Aligning to scene0000_00.ply: it was removed meanwhile: this layer was not moved.');
    await alone.close();
  });

  it('says of a layer of one point that it has nothing to align, naming the layer it was to be aligned to as such', async () => {
    const alone = await showQuietly(app, SCAN);
    await dropFiles(alone, [{ name: 'one.xyz', bytes: new TextEncoder().encode('1 2 3\n') }]);
    await waitForState(alone, (s) => s.layers.length === 2 && s.layer?.fileName === 'one.xyz' && s.loading === null);
    await alone.getByTestId('align-run').click();
    await waitForState(alone, (s) => s.alignment?.status === 'error');
    await expect(alone.getByTestId('align-error').textContent()).resolves.toBe(
      'Aligning to scene0000_00.ply: the layer has fewer than 3 points with a finite position: there is nothing to align',
    );
    await alone.close();
  });
});
