// Ground as a person finds it: a test-written yard in map coordinates (40 × 40 m of gently sloping
// ground with a 10 × 10 m box 5 m tall on it, an XYZ file) dropped on the app, "Find ground" in the
// Ground panel: the counts it shows are those the same search gives in Node, the box counted as
// standing on the ground, and the view coloured by the ground field: the box's roof in the
// "not ground" grey, the yard around it in the ground's brown; "Ground only" then hides the roof, and
// a LAS export would take its classes from the ground found. Its contours drawn from the ground
// points, looking straight down, leave the roof bare; drawn from every point, they ring the box.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { canvasImage, quietPagePerSuite, saveScreenshot, screenPosition, viewPixels, waitForState, type TestFile } from './browser';
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
  
    // contours from the ground points, looking straight down on the roof shown again: the yard's lines
    // stop at the box's edge, none over the roof; from every point, lines ring the box
    await p.getByTestId('ground-shown-all').check();
    await p.getByTestId('view-top').click();
    await waitForState(p, (s) => s.viewFrom === 'top');
    await expect(p.getByTestId('volume-heights-from').inputValue()).resolves.toBe('ground');
    await p.getByTestId('volume-cell').fill('1');
    const drawContours = async (from: 'ground' | 'all') => {
      await p.getByTestId('volume-heights-from').selectOption(from);
      await p.getByTestId('volume-run').click();
      await waitForState(p, (s) => s.volume?.status === 'done' && (from === 'ground') === (s.volume.groundFrom === 'ground'));
      await p.getByTestId('volume-contours-run').click();
      await waitForState(p, (s) => s.volume?.status === 'done' && s.volume.contours?.status === 'done');
      return Number(await p.getByTestId('volume-contour-lines').getAttribute('data-rings'));
    };
    const orange = (r: number, g: number, b: number) => r > 200 && g > 80 && g < 170 && b < 80;
    // the roof a metre in from its edges, where it is drawn: a ground line just past the box, 5.5 m lower, is drawn closer to the roof's middle than the roof's edge
    const inner = await Promise.all([roofStart + 4 * 40 + 4, roofEnd - 4 * 40 - 5].map(async (i) => (await screenPosition(p, i)).map(Math.round)));
    const orangeOnRoof = async () => {
      const shown = await canvasImage(p);
      let n = 0;
      for (let y = Math.min(inner[0][1], inner[1][1]); y <= Math.max(inner[0][1], inner[1][1]); y++)
        for (let x = Math.min(inner[0][0], inner[1][0]); x <= Math.max(inner[0][0], inner[1][0]); x++) {
          const o = 4 * (y * shown.width + x);
          if (orange(shown.data[o], shown.data[o + 1], shown.data[o + 2])) n++;
        }
      return n;
    };
    expect(await drawContours('ground')).toBe(0);
    const result = p.getByTestId('volume-result');
    await expect(result.getAttribute('data-points')).resolves.toBe(String(expected.ground));
    await expect(p.getByTestId('volume-why').textContent()).resolves.toMatch(
      new RegExp(`are empty and left out \\(where buildings and trees stood among them: interpolate holes to fill those inside the ground covered\\)\\. Heights from the ${expected.ground.toLocaleString('en-US')} ground points \\(the ground found; the ${expected.notGround.toLocaleString('en-US')} others`),
    );
    expect(await viewPixels(p, orange), "the yard's lines").toBeGreaterThan(100);
    expect(await orangeOnRoof()).toBe(0);
    await p.getByTestId('volume-contour-lines').scrollIntoViewIfNeeded();
    await saveScreenshot(p, 'ground-contours');
    expect(await drawContours('all')).toBeGreaterThan(0);
    await saveScreenshot(p, 'ground-contours-every-point');
  });
});
