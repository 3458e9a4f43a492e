// The representations panel end to end: a person opens a ShapeNet mesh, unfolds Representations
// and asks for the comparison; the table gives each representation's memory and chamfer distance
// as the core computes them, and each has its own drawn view.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { dropFiles, launchApp, saveScreenshot, waitForState, type App, type TestFile } from './browser';
import { parseFiles } from '../../src/core/io';
import { compareRepresentations } from '../../src/core/representations/compareRepresentations';

const ROOT = resolve(import.meta.dirname, '../..');
const sample = (path: string): TestFile => ({ name: path.split('/').pop()!, bytes: new Uint8Array(readFileSync(resolve(ROOT, 'samples', path))) });
const CHAIR = [sample('shapenet/chair-356fc758/model_normalized.obj'), sample('shapenet/chair-356fc758/model_normalized.mtl')];

/** Canvas pixels that differ from the preview's background. */
async function drawnPixels(page: Page, testId: string): Promise<number> {
  return page.getByTestId(testId).evaluate((canvas: HTMLCanvasElement) => {
    const { data } = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height);
    let n = 0;
    for (let i = 0; i < data.length; i += 4) if (Math.abs(data[i] - 0x11) + Math.abs(data[i + 1] - 0x15) + Math.abs(data[i + 2] - 0x1c) > 30) n++;
    return n;
  });
}

describe('representations side by side', () => {
  let app: App;
  beforeAll(async () => {
    app = await launchApp('webgl');
  });
  afterAll(async () => {
    await app?.close();
  });

  it('compares a ShapeNet mesh as mesh, points, voxels and depth views, each drawn', async () => {
    const page = await app.open({ backend: 'wasm' });
    await dropFiles(page, CHAIR);
    await waitForState(page, (s) => s.layer?.fileName === 'model_normalized.obj', 60_000);
    await page.getByTestId('panel-representations').getByRole('button', { name: /Representations/ }).click();
    await page.getByTestId('representations-run').click();
    const rows = page.getByTestId('representations-table').locator('tbody tr');
    await rows.first().waitFor({ timeout: 60_000 });
    const shown = await rows.evaluateAll((trs) =>
      trs.map((tr) => ({ kind: tr.getAttribute('data-kind'), bytes: Number(tr.getAttribute('data-bytes')), chamfer: Number(tr.getAttribute('data-chamfer')) })),
    );
    const { data } = await parseFiles(CHAIR);
    const want = compareRepresentations(data, '+y').stats;
    expect(shown.map((r) => r.kind)).toEqual(want.map((s) => s.kind));
    shown.forEach((r, i) => {
      expect(r.bytes).toBe(want[i].bytes);
      expect(r.chamfer).toBeCloseTo(want[i].chamferRelative, 6);
    });
    for (const view of ['mesh', 'points', 'voxels', 'depth']) expect(await drawnPixels(page, `representation-view-${view}`)).toBeGreaterThan(300);
    await page.getByTestId('representation-view-depth').scrollIntoViewIfNeeded();
    await saveScreenshot(page, 'representations-chair');
  });
});
