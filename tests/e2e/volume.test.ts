// Volume as a person reads it: a test-written stockpile (a 4 × 2 ft block 1.5 ft high on 10 × 10 ft
// of ground, a LAS file in feet far from (0, 0, 0)) shown, a cell of 0,5 typed into the Volume
// panel, "Compute volume": the panel's fill, cut, net, area and cells are those Node's core gives
// the same file, in cubic feet, and "Export height grid (.asc)" saves that grid in the file's coordinates.
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { quietPagePerSuite, saveScreenshot, waitForState, type TestFile } from './browser';
import { baseHeight, gridVolume } from '../../src/core/geometry/gridVolume';
import { heightGrid } from '../../src/core/geometry/heightGrid';
import { parseFiles } from '../../src/core/io';
import { geoKeyRecord, las12 } from '../core/io/helpers';
import { heapCloud } from '../core/geometry/heapCloud';

const positions = heapCloud(10, 10, (x, y) => (x >= 3 && x < 7 && y >= 4 && y < 6 ? 1.5 : 0));
const n = positions.length / 3;
const PILE: TestFile = {
  name: 'pile.las',
  bytes: las12({ kind: 'points', positions, colors: new Uint8Array(3 * n).fill(160), fields: { instance: new Uint16Array(n), label: new Uint8Array(n) } }, [2000000, 500000, 300], [
    geoKeyRecord([[1024, 1], [3076, 9002]]),
  ]),
};

describe('volume', () => {
  let page: Page;
  quietPagePerSuite(PILE, (shown) => (page = shown));

  it("reports the stockpile's fill, cut, net and area over the floor as Node's core does, in cubic feet, and saves its grid", async () => {
    const read = (await parseFiles([{ name: PILE.name, bytes: PILE.bytes }])).data.positions;
    const up = (await waitForState(page, (s) => s.layers.length === 1)).settings.upAxis;
    expect(up).toBe('+z');
    const grid = heightGrid(read, { up, cell: 0.5, height: 'mean' });
    const v = gridVolume(grid, baseHeight(read, up, { kind: 'floor' }));

    await expect(page.getByTestId('volume-taken').textContent()).resolves.toBe(`Takes all ${n.toLocaleString('en-US')} points of pile.las.`);
    await page.getByTestId('volume-cell').fill('0,5');
    await page.getByTestId('volume-run').click();
    await waitForState(page, (s) => s.volume?.status === 'done');
    const result = page.getByTestId('volume-result');
    for (const [name, value] of Object.entries({ fill: v.fill, cut: v.cut, net: v.net, area: v.area, cells: v.cells, empty: v.empty })) {
      await expect(result.getAttribute(`data-${name}`), name).resolves.toBe(String(value));
    }
    expect(v.fill).toBeCloseTo(12, 6);
    await expect(page.getByTestId('volume-fill').textContent()).resolves.toBe('12.000 ft³');
    await expect(page.getByTestId('volume-area').textContent()).resolves.toBe('100.0 ft²');
    await expect(page.getByTestId('volume-why').textContent()).resolves.toMatch(/^Over the floor at 300\.0 ft, on 20 × 20 cells of 0\.500 ft, each the mean height of its points: 400 cells hold points, 0 are empty/);
    await result.scrollIntoViewIfNeeded();
    await saveScreenshot(page, 'volume-panel');

    // the grid saved is the one reported on, in the file's coordinates: the block's top 1.5 ft over the ground at 300 ft
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('volume-export').click()]);
    expect(download.suggestedFilename()).toBe('pile.grid.asc');
    const lines = readFileSync((await download.path())!, 'utf8').split('\n');
    expect(lines.slice(0, 6)).toEqual(['ncols 20', 'nrows 20', 'xllcorner 2000000', 'yllcorner 500000', 'cellsize 0.5', 'NODATA_value -9999']);
    expect(lines[6 + 19 - 8].split(' ').slice(5, 15)).toEqual(['300', ...Array(8).fill('301.5'), '300']);
  });
});
