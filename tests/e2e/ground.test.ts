// Ground as a person finds it: a test-written yard in map coordinates (40 × 40 m of gently sloping
// ground with a 10 × 10 m box 5 m tall on it, an XYZ file) dropped on the app, "Find ground" in the
// Ground panel: the counts it shows are those the same search gives in Node, the box counted as
// standing on the ground, and the view coloured by the ground field: the box's roof in the
// "not ground" grey, the yard around it in the ground's brown; "Ground only" then hides the roof, and
// a LAS export would take its classes from the ground found.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { canvasImage, quietPagePerSuite, saveScreenshot, screenPosition, waitForState, type TestFile } from './browser';
import { findGround, GROUND, NOT_GROUND } from '../../src/core/geometry/ground';
import { parseFiles } from '../../src/core/io';

const [EAST, NORTH, ELEVATION] = [512000, 4210000, 120];
const inBox = (x: number, y: number) => x >= 15 && x < 25 && y >= 15 && y < 25;
const rows: string[] = [];
for (let x = 0; x <= 40; x += 0.25) for (let y = 0; y <= 40; y += 0.25) if (!inBox(x, y)) rows.push(`${EAST + x} ${NORTH + y} ${(ELEVATION + 0.02 * x).toFixed(3)}`);
const roofStart = rows.length;
for (let x = 15; x < 25; x += 0.25) for (let y = 15; y < 25; y += 0.25) rows.push(`${EAST + x} ${NORTH + y} ${(ELEVATION + 0.5 + 5).toFixed(3)}`);
const roofEnd = rows.length;
const YARD: TestFile = { name: 'yard.xyz', bytes: new TextEncoder().encode(rows.join('\n')) };

describe('ground', () => {
  let page: Page;
  quietPagePerSuite(YARD, (shown) => (page = shown));

  it('splits the yard from the box on it, with the counts Node gives, colours the box as not ground, and hides it showing the ground only', async () => {
    const p = page;
    const up = (await waitForState(p, (s) => s.layer !== null)).settings.upAxis;
    expect(up).toBe('+z');
    const positions = (await parseFiles([{ name: YARD.name, bytes: YARD.bytes }])).data.positions;
    const expected = findGround(positions, { up });
    expect(expected.labels.slice(roofStart, roofEnd).every((l) => l === NOT_GROUND)).toBe(true);
    expect(expected.ground).toBe(roofStart);

    await p.getByTestId('ground-find').click();
    await waitForState(p, (s) => s.ground?.status === 'done' && s.settings.colorMode === 'field:ground', 60_000);
    const found = p.getByTestId('ground-found');
    await expect(found.getAttribute('data-ground')).resolves.toBe(String(expected.ground));
    await expect(found.getAttribute('data-not-ground')).resolves.toBe(String(expected.notGround));
    await expect(found.textContent()).resolves.toBe(
      `${expected.ground.toLocaleString('en-US')} ground points (${((100 * expected.ground) / (positions.length / 3)).toFixed(1)}%) and ${expected.notGround.toLocaleString('en-US')} standing on it (${((100 * expected.notGround) / (positions.length / 3)).toFixed(1)}%) of the ${(positions.length / 3).toLocaleString('en-US')} points searched`,
    );
    await expect(p.getByTestId('ground-why').textContent()).resolves.toMatch(
      /^The lowest point of each 1 m cell \(40 × 40\), opened with windows up to 18 m: \d+ cells rise more steeply than a slope of 0\.15 from the ground around\. A point is ground within 0\.5 m of the ground surface, and 1\.25 m more for each unit of its slope\. No point lay more than 5 m below the ground around it \(in 10 m cells\): none was taken for low noise\. Heights along the layer's up \(\+z\)\. Found in/,
    );

    // the roof's middle and a corner of the yard where they are drawn
    const image = await canvasImage(p);
    const pixel = async (index: number) => {
      const [x, y] = (await screenPosition(p, index)).map(Math.round);
      const at = 4 * (y * image.width + x);
      return [image.data[at], image.data[at + 1], image.data[at + 2]];
    };
    const roofMiddle = roofStart + 20 * 40 + 20;
    const [r, g, b] = await pixel(roofMiddle);
    expect(expected.labels[roofMiddle]).toBe(NOT_GROUND);
    // "not ground" is grey, ground brown (its red well above its blue)
    expect(Math.abs(r - b), `roof ${r}, ${g}, ${b}`).toBeLessThan(30);
    const yard = 40 * 161 + 10;
    expect(expected.labels[yard]).toBe(GROUND);
    const [yr, , yb] = await pixel(yard);
    expect(yr - yb, `yard ${yr}, ${yb}`).toBeGreaterThan(40);
    await saveScreenshot(p, 'ground-found');

    // "Ground only": the legend's hiding of the ground field's other labels, the roof gone, the yard still brown
    const [rx, ry] = (await screenPosition(p, roofMiddle)).map(Math.round);
    const greyAroundRoof = (shown: typeof image) => {
      let n = 0;
      for (let y = ry - 10; y <= ry + 10; y++)
        for (let x = rx - 10; x <= rx + 10; x++) {
          const at = 4 * (y * shown.width + x);
          const [pr, pg, pb] = [shown.data[at], shown.data[at + 1], shown.data[at + 2]];
          if (Math.abs(pr - pb) < 30 && Math.abs(pr - pg) < 30 && pr > 100) n++;
        }
      return n;
    };
    expect(greyAroundRoof(image)).toBeGreaterThan(200);
    await p.getByTestId('ground-shown-ground').check();
    await waitForState(p, (s) => s.settings.colorMode === 'field:ground' && [...(s.settings.hiddenLabels['field:ground'] ?? [])].sort().join() === '0,1,7');
    const groundOnly = await canvasImage(p);
    expect(greyAroundRoof(groundOnly)).toBe(0);
    const [yx, yy] = (await screenPosition(p, yard)).map(Math.round);
    const at = 4 * (yy * groundOnly.width + yx);
    expect(groundOnly.data[at] - groundOnly.data[at + 2], 'the yard still brown').toBeGreaterThan(40);
    await expect(p.getByTestId('ground-shown-ground').isChecked()).resolves.toBe(true);
    // the Export panel's LAS classes now come from the ground found, without a choice made
    await expect(p.getByTestId('export-las-classes').inputValue()).resolves.toBe('ground');
    await saveScreenshot(p, 'ground-only');
  });
});
