// Clusters as a person finds them: "Leave out the planes found" refused while there are none, the
// ScanNet fixture's planes found in the Planes panel, then "Find clusters" in the Clusters panel, whose list has as many
// clusters as `pointlens clusters --without-planes` finds; then "Name the clusters", whose name for
// the first is the one the command line gives it. Then a cluster's row pointed at highlights its
// points in the view, and its upright box's size is the one Node finds.
import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { FIXTURES, fixtureFile, quietPagePerSuite, saveScreenshot, viewPixels, waitForState } from './browser';
import { findClusters } from '../../src/core/geometry/clusters';
import { parseFiles } from '../../src/core/io';
import { uprightBoxText } from '../../src/features/clusters/clusterText';

const SCENE = fixtureFile('e2e/scene0000_00.ply');
const BIN = resolve(import.meta.dirname, '../../bin/pointlens.mjs');

describe('clusters', () => {
  let page: Page;
  quietPagePerSuite(SCENE, (shown) => (page = shown));

  it('splits a scan off its planes into as many clusters as Node finds, and names the first as Node names it, a class no room holds unknown, drawing each named cluster\'s box', async () => {
    const cli = promisify(execFile)(process.execPath, [BIN, 'clusters', '--without-planes', '--name', resolve(FIXTURES, 'e2e/scene0000_00.ply')], { encoding: 'utf8' });
    await waitForState(page, (s) => s.layer !== null);
    // before the planes are found there are none to leave out, and the panel says where to find them
    await page.getByTestId('clusters-without-planes').check();
    await page.getByTestId('clusters-find').click();
    await expect(page.getByTestId('clusters-error').textContent()).resolves.toBe('No planes to leave out: find them first in the Planes panel.');
    await page.getByTestId('planes-find').click();
    await waitForState(page, (s) => s.planes?.status === 'done', 60_000);
    await page.getByTestId('clusters-find').click();
    const s = await waitForState(page, (s) => s.clusters?.status === 'done' && s.settings.colorMode === 'field:cluster', 60_000);
    const node = JSON.parse((await cli).stdout);
    const shown = s.clusters?.status === 'done' ? s.clusters : null;
    expect(shown?.clusters.map((c) => c.points)).toEqual(node.clusters.map((c: { points: number }) => c.points));
    await expect(page.getByTestId('clusters-found').getAttribute('data-count')).resolves.toBe(String(node.clusters.length));
    await expect(page.getByTestId('cluster-row').count()).resolves.toBe(node.clusters.length);
    await expect(page.getByTestId('clusters-why').textContent()).resolves.toContain(`The ${node.planes_left_out.toLocaleString('en-US')} points on the planes found were left out.`);

    await page.getByTestId('clusters-name').click();
    const named = await waitForState(page, (s) => s.clusters?.status === 'done' && s.clusters.naming?.status === 'done', 120_000);
    const names = named.clusters?.status === 'done' && named.clusters.naming?.status === 'done' ? named.clusters.naming.names : [];
    const [expected] = node.clusters;
    expect(names[0]).toMatchObject({ label: expected.class, unknown: expected.unknown });
    // the page's WASM and Node's runtime agree to rounding
    expect(names[0].probability).toBeCloseTo(expected.probability, 3);
    const first = page.getByTestId('cluster-name').first();
    const label = expected.class.replace(/_/g, ' ');
    await expect(first.textContent()).resolves.toMatch(expected.unknown ? `— unknown — closest: ${label} (` : new RegExp(`^ — ${label} \\(\\d+%\\)$`));
    // in a room, a cluster closest to a class no room holds is unknown, as Node says, and the panel says why
    const outOfPlace = node.clusters.findIndex((c: { out_of_place?: boolean }) => c.out_of_place);
    expect(outOfPlace).toBeGreaterThan(0);
    expect(names[outOfPlace]).toMatchObject({ label: node.clusters[outOfPlace].class, unknown: true, outOfPlace: true });
    await expect(page.getByTestId('cluster-name').nth(outOfPlace).textContent()).resolves.toMatch(/, which no room holds$/);
    // each named cluster's box is drawn with its name on top
    expect(named.boxSets.clusters?.boxes.map((b) => b.label)).toEqual(names.map((n, i) => `${i + 1}: ${n.unknown ? `unknown (closest: ${n.label})` : n.label}`));
    await saveScreenshot(page, 'clusters-named');
  });

  it('highlights the points of the cluster whose row the pointer is on, and gives its upright box the size Node finds', async () => {
    await waitForState(page, (s) => s.layer !== null);
    await page.getByTestId('clusters-without-planes').setChecked(false);
    await page.getByTestId('clusters-find').click();
    const s = await waitForState(page, (s) => s.clusters?.status === 'done' && !s.clusters.withoutPlanes && s.settings.colorMode === 'field:cluster', 60_000);
    const shown = s.clusters?.status === 'done' ? s.clusters : null;
    const node = findClusters((await parseFiles([{ name: SCENE.name, bytes: SCENE.bytes }])).data.positions, { up: shown!.up });
    const row = page.getByTestId('cluster-row').first();
    const box = row.getByTestId('cluster-box');
    await expect(box.getAttribute('data-size')).resolves.toBe(node.clusters[0].box.size.join(' '));
    await expect(box.textContent()).resolves.toBe(`box ${uprightBoxText(node.clusters[0].box, shown!.unit)}`);

    const cyan = (r: number, g: number, b: number) => r < 60 && g > 200 && b > 200;
    expect(await viewPixels(page, cyan)).toBe(0);
    await row.hover();
    await waitForState(page, (s) => s.rowHighlight?.field === 'cluster' && s.rowHighlight.id === 1);
    expect(await viewPixels(page, cyan)).toBeGreaterThan(2_000);
    await saveScreenshot(page, 'clusters-row-highlighted');
    // the pointer gone from the row, the highlight goes with it
    await page.getByTestId('clusters-found').hover();
    await waitForState(page, (s) => s.rowHighlight === null);
    expect(await viewPixels(page, cyan)).toBe(0);
  });
});
