// Planes as a person finds them: the ScanNet fixture, "Find planes" in the Planes panel, the list it
// shows (the floor first, level, with as many points as the same search gives in Node), and the
// scan coloured by plane with a legend that names them; then, with a section cut, the search again
// over the points it keeps alone.
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { fixtureFile, quietPagePerSuite, saveScreenshot, waitForState } from './browser';
import { findPlanes } from '../../src/core/geometry/planes';
import { parseFiles } from '../../src/core/io';

const SCENE = fixtureFile('e2e/scene0000_00.ply');

describe('planes', () => {
  let page: Page;
  quietPagePerSuite(SCENE, (shown) => (page = shown));

  it('finds a scan\'s planes, the floor first and level with the points Node finds, colours the scan by plane, and searches only what a section keeps', async () => {
    const up = (await waitForState(page, (s) => s.layer !== null)).settings.upAxis;
    const positions = (await parseFiles([{ name: SCENE.name, bytes: SCENE.bytes }])).data.positions;
    const expected = findPlanes(positions, { up });
    await page.getByTestId('planes-find').click();
    const s = await waitForState(page, (s) => s.planes?.status === 'done' && s.settings.colorMode === 'field:plane', 60_000);
    expect(s.planes?.status === 'done' && s.planes.planes.map((p) => p.points)).toEqual(expected.planes.map((p) => p.points));
    const rows = page.getByTestId('plane-row');
    await expect(rows.count()).resolves.toBe(expected.planes.length);
    const first = rows.first();
    await expect(first.getAttribute('data-orientation')).resolves.toBe('horizontal');
    await expect(first.getAttribute('data-points')).resolves.toBe(String(expected.planes[0].points));
    await expect(first.textContent()).resolves.toMatch(/^plane 1 horizontal \(0\.\d°\), [\d,]+ points \(\d+\.\d%\)normal \(/);
    // the legend names each plane with its count, and the points on none
    const legend = s.legend?.kind === 'labels' ? s.legend.entries.map((e) => [e.name, e.count]) : [];
    const onNone = expected.labels.filter((l) => l === -1).length;
    expect(legend).toEqual([['no plane', onNone], ...expected.planes.map((p, i) => [`plane ${i + 1}`, p.points])]);
    await saveScreenshot(page, 'planes-found');

    // a section cut: the points above it are left out of the next search, and on no plane
    await page.mouse.click(640, 780);
    await page.keyboard.press('s');
    const height = (await waitForState(page, (s) => s.clip.section !== null)).clip.section!;
    const kept: number[] = [];
    for (let i = 0; i < positions.length; i += 3) if (positions[i + 2] <= height) kept.push(positions[i], positions[i + 1], positions[i + 2]);
    const below = kept.length / 3;
    expect(below).toBeLessThan(positions.length / 3);
    const again = findPlanes(new Float32Array(kept), { up });
    await page.getByTestId('planes-find').click();
    const cut = await waitForState(page, (s) => s.planes?.status === 'done' && s.planes.points === below, 60_000);
    expect(cut.planes?.status === 'done' && cut.planes.planes.map((p) => p.points)).toEqual(again.planes.map((p) => p.points));
    await expect(page.getByTestId('planes-why').textContent()).resolves.toContain(`The ${(positions.length / 3 - below).toLocaleString('en-US')} points the clip or the hidden stray points leave out were not searched.`);
    await saveScreenshot(page, 'planes-section');
  });
});
