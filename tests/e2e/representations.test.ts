// The Representations panel end to end on a ShapeNetCore mesh: the four forms drawn in their own
// views, with memory, time and chamfer distance.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPRESENTATION } from '../../src/core/geometry/representations';
import { browserPerSuite, dropFiles, saveScreenshot, waitForState } from './browser';

const ROOT = resolve(import.meta.dirname, '../..');
const CHAIR = ['model_normalized.obj', 'model_normalized.mtl'].map((name) => ({ name, bytes: new Uint8Array(readFileSync(resolve(ROOT, 'samples/shapenet/chair-356fc758', name))) }));

describe('representations (WebGL renderer)', () => {
  const app = browserPerSuite('webgl');

  it('shows a ShapeNet mesh as surface, cloud, 32^3 voxels and 12 depth views, each with memory, time and chamfer distance', async () => {
    const page = await app().open({ backend: 'wasm' });
    await dropFiles(page, CHAIR);
    await waitForState(page, (s) => s.layer?.fileName === 'model_normalized.obj', 90_000);
    await page.getByTestId('panel-representations').locator('.panel-title').click();
    await page.getByTestId('representations-button').click();
    const table = page.locator('[data-testid^="representation-"][data-bytes]');
    await table.nth(3).waitFor({ timeout: 90_000 });
    const rows = await table.evaluateAll((trs) => trs.map((tr) => ({ id: tr.getAttribute('data-testid'), bytes: Number(tr.getAttribute('data-bytes')), chamfer: Number(tr.getAttribute('data-chamfer')) })));
    expect(rows.map((r) => r.id)).toEqual(['representation-original', 'representation-cloud', 'representation-voxels', 'representation-views']);
    const [mesh, cloud, voxels, views] = rows;
    expect(mesh.chamfer).toBe(0);
    expect(cloud.bytes).toBe(REPRESENTATION.cloudPoints * 12);
    expect(voxels.bytes).toBe(REPRESENTATION.voxels ** 3);
    expect(views.bytes).toBe(REPRESENTATION.views * REPRESENTATION.viewSize ** 2 * 4);
    for (const r of [cloud, voxels, views]) expect(r.chamfer).toBeGreaterThan(0);
    // every view has drawn something besides its background
    const drawn = await page.locator('.representations canvas').evaluateAll((canvases) =>
      canvases.map((c) => {
        const { data } = (c as HTMLCanvasElement).getContext('2d')!.getImageData(0, 0, (c as HTMLCanvasElement).width, (c as HTMLCanvasElement).height);
        let lit = 0;
        for (let i = 0; i < data.length; i += 4) if (data[i] > 60) lit++;
        return lit;
      }),
    );
    expect(drawn).toHaveLength(3 + REPRESENTATION.views);
    for (const lit of drawn) expect(lit).toBeGreaterThan(20);
    await saveScreenshot(page, 'representations-shapenet-chair');
  });
});
