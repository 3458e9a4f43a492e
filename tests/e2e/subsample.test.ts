// Subsampling as a person does it: the real ScanNet fixture (25,000 points) shown, a spacing typed
// with a decimal comma into the Subsample panel, "Subsample into a new layer": a second layer joins
// the Layers panel, active, with as many points as the same subsample gives in Node, drawn whole
// where the scan is, and the panel reports the points before and after.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { fixtureFile, quietPagePerSuite, saveScreenshot, waitForState } from './browser';
import { formatCount } from '../../src/core/format';
import { subsample } from '../../src/core/geometry/subsample';
import { parseFiles } from '../../src/core/io';

const SCAN = fixtureFile('e2e/scene0000_00.ply');

describe('subsample', () => {
  let page: Page;
  quietPagePerSuite(SCAN, (shown) => (page = shown));

  it('makes a layer of the points at least 0,1 m apart, whose count in the Layers panel is what Node keeps', async () => {
    const positions = (await parseFiles([{ name: SCAN.name, bytes: SCAN.bytes }])).data.positions;
    const kept = subsample(positions, { kind: 'spacing', spacing: 0.1 }).reduce((t, v) => t + v, 0);
    const source = (await waitForState(page, (s) => s.layers.length === 1)).layer!.id;

    await expect(page.getByTestId('subsample-taken').textContent()).resolves.toBe(`Takes all 25,000 points of ${SCAN.name}.`);
    await page.getByTestId('subsample-length').fill('0,1');
    await page.getByTestId('subsample-run').click();
    const s = await waitForState(page, (s) => s.subsample?.status === 'done' && s.layers.length === 2, 60_000);
    const made = s.layers[1];
    expect(made.meta.fileName).toBe(`${SCAN.name} · 0.1 m spacing`);
    expect(s.layer!.id).toBe(made.meta.id);
    expect(made.upAxis).toBe(s.layers[0].upAxis);

    const row = page.locator(`[data-testid="layer-row"][data-layer="${made.meta.id}"]`);
    await expect(row.locator('.layer-facts').textContent()).resolves.toMatch(new RegExp(`^${formatCount(kept)} points · `));
    const result = page.getByTestId('subsample-result');
    await expect(result.getAttribute('data-after')).resolves.toBe(String(kept));
    await expect(result.textContent()).resolves.toMatch(new RegExp(`^${SCAN.name} · 0\\.1 m spacing: 25,000 → ${formatCount(kept)} points \\(`));

    // drawn whole, the source hidden so that the picture is of the subsample alone
    await page.waitForFunction((id) => window.__pointlens?.drawn(id)?.points, made.meta.id);
    await expect(page.evaluate((id) => window.__pointlens!.drawn(id)?.points, made.meta.id)).resolves.toBe(kept);
    await page.locator(`[data-testid="layer-row"][data-layer="${source}"]`).getByTestId('layer-visible').uncheck();
    await page.waitForTimeout(300);
    await saveScreenshot(page, 'subsample-spacing');
    await result.scrollIntoViewIfNeeded();
    await saveScreenshot(page, 'subsample-panel');
  });
});
