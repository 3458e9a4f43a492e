// Normals for a scan without them, as a person gets them: N estimates them in a worker, the view
// turns to the normal colours and lit points, the inspector reads a point's normal, which is what
// the same estimate gives in Node.
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { canvasImage, countChanged, fixtureFile, lonePoints, quietPagePerSuite, saveScreenshot, waitForState } from './browser';
import { parseFiles } from '../../src/core/io';
import { estimateNormals } from '../../src/core/geometry/normals';

const SCENE = fixtureFile('e2e/scene0000_00.ply');

describe('normals', () => {
  let page: Page;
  quietPagePerSuite(SCENE, (shown) => (page = shown));

  it('estimates normals with N, shows them as colours and lights the points', async () => {
    const before = await canvasImage(page);
    expect((await waitForState(page, () => true)).layer!.attributes).not.toContain('normal');
    await page.mouse.click(640, 780);
    await page.keyboard.press('n');
    const state = await waitForState(page, (s) => s.normals?.status === 'done' && s.settings.colorMode === 'normal', 120_000);
    expect(state.layer!.attributes).toContain('normal');
    expect(state.layer!.colorModes.map((m) => m.id)).toContain('normal');
    expect(state.settings.litPoints).toBe(true);
    const litNormals = await canvasImage(page);
    expect(countChanged(before, litNormals)).toBeGreaterThan(before.width * before.height * 0.02);
    await saveScreenshot(page, 'normals-lit');
    // lit against unlit, in the file's colours
    await page.getByTestId('color-mode').selectOption('rgb');
    await waitForState(page, (s) => s.settings.colorMode === 'rgb');
    const lit = await canvasImage(page);
    await page.getByTestId('lit-points').uncheck();
    await waitForState(page, (s) => !s.settings.litPoints);
    const unlit = await canvasImage(page);
    expect(countChanged(lit, unlit, 12)).toBeGreaterThan(lit.width * lit.height * 0.01);
    await page.getByTestId('lit-points').check();
  });

  it('gives the inspector each point\'s normal, the one the estimate gives in Node', async () => {
    const parsed = await parseFiles([{ name: SCENE.name, bytes: SCENE.bytes }]);
    const expected = estimateNormals(parsed.data.positions, { facing: 'inward' });
    const p = (await lonePoints(page))[0];
    await page.mouse.click(p.at[0], p.at[1]);
    const s = await waitForState(page, (s) => s.pick?.index === p.index);
    const n = s.pick!.normal!;
    for (let k = 0; k < 3; k++) expect(n[k]).toBeCloseTo(expected[p.index * 3 + k], 5);
  });
});
