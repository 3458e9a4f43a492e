// Merging layers as a person does it: the real ScanNet fixture shown, a second scan of the room
// dropped beside it and moved 3 m along x in its Transform fields, then "Merge visible layers": a
// new layer joins the Layers panel, active, with the points of both, coloured by the layer each came
// from, and the legend counts each layer's points under its name.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { dropFiles, fixtureFile, quietPagePerSuite, saveScreenshot, waitForState } from './browser';

const SCAN = fixtureFile('e2e/scene0000_00.ply');
const ODD = fixtureFile('e2e/scene0000_00_odd.ply');

describe('merge', () => {
  let page: Page;
  quietPagePerSuite(SCAN, (shown) => (page = shown));

  it('joins a scan and a moved second scan into a layer of all their points, its source legend counting each', async () => {
    await expect(page.getByTestId('merge-run').isDisabled()).resolves.toBe(true);
    await dropFiles(page, [ODD]);
    const two = await waitForState(page, (s) => s.layers.length === 2 && s.layer?.id === s.layers[1].meta.id && s.loading === null);
    const [scan, odd] = two.layers.map((e) => e.meta);
    const row = page.locator(`[data-testid="layer-row"][data-layer="${odd.id}"]`);
    await row.getByTestId('layer-transform').click();
    await row.getByTestId('layer-translate-x').fill('3');
    await waitForState(page, (s) => s.layers[1].transform.translate[0] === 3);
    await expect(page.getByTestId('merge-note').textContent()).resolves.toMatch(new RegExp(`^Joins the 2 visible layers into a new layer, each point where it is drawn, in ${ODD.name}'s file coordinates`));

    await page.getByTestId('merge-run').click();
    const s = await waitForState(page, (s) => (s.merge?.status === 'done' && s.layers.length === 3) || s.merge?.status === 'error', 60_000);
    if (s.merge?.status !== 'done') throw new Error(`no merge: ${JSON.stringify(s.merge)}`);
    const made = s.layers[2];
    expect(made.meta.fileName).toBe('merged (2 layers)');
    expect(s.layer!.id).toBe(made.meta.id);
    expect(made.meta.points).toBe(scan.points + odd.points);
    // the layers merged are hidden, so that what is drawn is the merged layer
    expect(s.layers.map((e) => e.visible)).toEqual([false, false, true]);
    const legend = s.legend?.kind === 'labels' ? s.legend.entries.map((e) => [e.name, e.count]) : [];
    expect(legend).toEqual([
      [ODD.name, odd.points],
      [SCAN.name, scan.points],
    ]);
    await expect(page.getByTestId('merge-result').getAttribute('data-points')).resolves.toBe(String(scan.points + odd.points));
    await page.waitForFunction((id) => window.__pointlens?.drawn(id)?.points, made.meta.id);
    await saveScreenshot(page, 'merge-layers');
    await page.getByTestId('merge-result').scrollIntoViewIfNeeded();
    await saveScreenshot(page, 'merge-panel');
  });
});
