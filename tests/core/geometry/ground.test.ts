import { describe, expect, it } from 'vitest';
import { checkGroundCell, defaultGroundCell, findGround, GROUND, GROUND_FIELD, groundClasses, LOW_NOISE, NOT_GROUND, NOT_SEARCHED, unitsPerMetre } from '../../../src/core/geometry/ground';
import { openProgressively } from '../../../src/core/geometry/gridOpening';
import { METRES_PER } from '../../../src/core/units';
import { burst, terrain, terrainHeight, TRUTH, withPoints, withShaft } from './groundTerrain';

/** The share of the ground found, and of the points standing on it (more than LOW up) left out of it. */
function scores(truth: Uint8Array, labels: Uint8Array): { recall: number; objectsLeft: number } {
  let found = 0, ground = 0, left = 0, objects = 0;
  for (let i = 0; i < truth.length; i++) {
    if (truth[i] === TRUTH.ground) {
      ground++;
      if (labels[i] === GROUND) found++;
    } else if (truth[i] === TRUTH.object) {
      objects++;
      if (labels[i] === NOT_GROUND) left++;
    }
  }
  return { recall: found / ground, objectsLeft: left / objects };
}

describe('ground', () => {
  const survey = terrain();

  it('finds the rolling ground and leaves out the buildings and trees on it', () => {
    const split = findGround(survey.positions, { up: '+z' });
    const { recall, objectsLeft } = scores(survey.truth, split.labels);
    // measured: every ground point found and every roof, wall and stem point above 1 m left out
    expect(recall).toBeGreaterThanOrEqual(0.99);
    expect(objectsLeft).toBeGreaterThanOrEqual(0.99);
    expect(split).toMatchObject({ cell: 1, maxWindow: 18, slope: 0.15, threshold: 0.5, scalar: 1.25, columns: 200, rows: 200 });
    expect(split.ground + split.notGround).toBe(survey.truth.length);
    expect(split.objectCells).toBeGreaterThan(0);
  });

  it('gives the same file in feet the same labels, its defaults turned into feet', () => {
    const perMetre = unitsPerMetre('ft');
    expect(perMetre).toBeCloseTo(1 / METRES_PER.ft, 12);
    // a file that declares no unit is read as in metres
    expect(unitsPerMetre(undefined)).toBe(1);
    const metres = findGround(survey.positions, { up: '+z' });
    const feet = findGround(terrain(perMetre).positions, { up: '+z', unitsPerMetre: perMetre });
    expect(feet.cell).toBeCloseTo(perMetre, 9);
    expect(feet.threshold).toBeCloseTo(0.5 * perMetre, 9);
    expect(feet.columns).toBe(metres.columns);
    expect(Array.from(feet.labels)).toEqual(Array.from(metres.labels));
  });

  it('keeps a plane sloped 20° all ground, its downhill and uphill edges too', () => {
    const rise = Math.tan((20 * Math.PI) / 180);
    const xyz: number[] = [];
    for (let x = 0; x <= 60; x += 0.5) for (let y = 0; y <= 60; y += 0.5) xyz.push(x, y, rise * x);
    const split = findGround(new Float32Array(xyz), { up: '+z' });
    expect(split.notGround).toBe(0);
    expect(split.objectCells).toBe(0);
  });

  it('reads heights along the layer\'s up axis, and leaves the points the kept mask drops unsearched', () => {
    // the survey with y and z swapped, so that +y is its up and its grid the same
    const turned = survey.positions.map((_, i, p) => (i % 3 === 0 ? p[i] : i % 3 === 1 ? p[i + 1] : p[i - 1]));
    const kept = new Uint8Array(survey.truth.length).fill(1);
    kept[0] = 0;
    const split = findGround(turned, { up: '+y', kept });
    expect(split.labels[0]).toBe(NOT_SEARCHED);
    const whole = findGround(survey.positions, { up: '+z' });
    const differ = split.labels.filter((l, i) => i > 0 && l !== whole.labels[i]).length;
    expect(differ).toBe(0);
  });

  it('refuses a cell too fine for the ground covered, or for its openings, naming one that fits', () => {
    expect(() => findGround(survey.positions, { up: '+z', cell: 0.01, unit: 'm' })).toThrow(/more than the 10,000,000 a grid may hold: take a cell of 0\.064 m or more/);
    expect(() => checkGroundCell(0.1, 18, [200, 200], 'm')).toThrow(/^A cell of 0\.1 m with a window of 18 m makes 180 openings of a grid of [\d,]+ cells, more than the 200,000,000 cell-openings a search may take: take a cell of 0\.(\d+) m or more, or make the window smaller\.$/);
    const fits = Number(/take a cell of ([\d.]+)/.exec((() => { try { checkGroundCell(0.1, 18, [200, 200]); } catch (e) { return String(e); } return ''; })())![1]);
    expect(() => checkGroundCell(fits, 18, [200, 200])).not.toThrow();
    // a window far past the ground opens as one as wide as the ground: a cell that fits the ground is named
    expect(() => checkGroundCell(1, 1e9, [300, 300], 'ft')).toThrow(/^A cell of 1 ft with a window of 1000000000 ft makes 300 openings of a grid of 2,250,000 cells, .*: take a cell of ([\d.]+) ft or more, or make the window smaller\.$/);
    expect(() => findGround(survey.positions, { up: '+z', slope: 0 })).toThrow(/The slope must be a rise over a run above 0 \(0\.15 for 15%\), not 0\./);
  });

  it('searches with a window far wider than the ground as with one as wide as it, rather than refusing it', () => {
    // 40 × 40 m of ground rising 1 in 20, a 10 m block 5 m high on it: a grid of 40 × 40 cells of 1 m
    const xyz: number[] = [];
    for (let x = 0; x <= 40; x += 0.5) for (let y = 0; y <= 40; y += 0.5) xyz.push(x, y, 0.05 * x + (x >= 10 && x < 20 && y >= 10 && y < 20 ? 5 : 0));
    const positions = new Float32Array(xyz);
    const asWide = findGround(positions, { up: '+z', cell: 1, maxWindow: 40 });
    const wider = findGround(positions, { up: '+z', cell: 1, maxWindow: 1e6 });
    expect(wider.maxWindow).toBe(1e6);
    expect(Array.from(wider.labels)).toEqual(Array.from(asWide.labels));
    expect(wider.objectCells).toBe(asWide.objectCells);
    // the block is taken away, the slope kept
    expect(wider.notGround).toBe(20 * 20);
  });

  it('takes no cell wider than a tiny cloud by default, and refuses one typed so', () => {
    // two points 0.3 apart each way: twice their spacing rounds up to 0.5
    const two = new Float32Array([0, 0, 0, 0.3, 0.3, 0.1]);
    expect(defaultGroundCell([0.3, 0.3], 2)).toBe(0.1);
    const split = findGround(two, { up: '+z' });
    expect(split.cell).toBe(0.1);
    // 0.3 as a 32-bit float is a hair over three cells
    expect([split.columns, split.rows]).toEqual([4, 4]);
    expect(() => findGround(two, { up: '+z', cell: 1, unit: 'm' })).toThrow(/^A cell of 1 m is wider than the 0\.3 × 0\.3 m the points cover/);
  });

  it('takes 1 m cells over a wide footprint and finer ones over a small cloud, no finer than twice its spacing', () => {
    expect(defaultGroundCell([200, 150], 60_000)).toBe(1);
    expect(defaultGroundCell([200, 150], 60_000, 1 / METRES_PER.ft)).toBeCloseTo(1 / METRES_PER.ft, 9);
    // 10 m across: a fiftieth is 0.2 m; 10,000 points are 0.1 m apart
    expect(defaultGroundCell([10, 10], 10_000)).toBe(0.2);
    // 100 points 1 m apart: 2 m, but no more than the 1 m cell
    expect(defaultGroundCell([10, 10], 100)).toBe(1);
  });

  it('names its classes as the ASPRS classes a LAS holds', () => {
    expect(GROUND_FIELD).toBe('ground');
    expect(groundClasses().map((c) => [c.id, c.name])).toEqual([[0, 'not searched'], [1, 'not ground'], [2, 'ground'], [7, 'low noise']]);
  });

  it('takes a few points 30 m below the ground for low noise first, where left in they would cost the ground around them', () => {
    // five strays on open ground (two of them 2 m apart) and two at the foot of a building's walls
    const strays = [[60, 70], [61, 71.5], [110, 160], [175, 90], [100, 60], [19.3, 40], [49.5, 35]];
    const n = survey.truth.length;
    const positions = new Float32Array(survey.positions.length + 3 * strays.length);
    positions.set(survey.positions);
    strays.forEach(([x, y], k) => positions.set([x, y, terrainHeight(x, y) - 30], 3 * (n + k)));
    const near = (truth: number, radius: number) =>
      Array.from({ length: n }, (_, i) => i).filter((i) => survey.truth[i] === truth && strays.some(([x, y]) => Math.hypot(survey.positions[3 * i] - x, survey.positions[3 * i + 1] - y) < radius));
    const groundNear = near(TRUTH.ground, 1.5);
    const wallsNear = near(TRUTH.object, 2);
    const taken = (labels: Uint8Array, points: number[]) => points.filter((i) => labels[i] === GROUND).length;

    const left = findGround(positions, { up: '+z', lowNoise: false });
    expect(left).toMatchObject({ lowNoise: 0, noiseDepth: null, noiseCell: null });
    // measured: each stray pulls its cell's surface 30 m down, so 16 of the 90 ground points within
    // 1.5 m are lost, and the steep sides of the pit widen the threshold so that 102 wall points
    // within 2 m are taken for ground
    expect(groundNear.length - taken(left.labels, groundNear)).toBeGreaterThanOrEqual(10);
    expect(taken(left.labels, wallsNear)).toBeGreaterThanOrEqual(50);

    const split = findGround(positions, { up: '+z' });
    expect(split).toMatchObject({ lowNoise: strays.length, noiseDepth: 5, noiseCell: 10 });
    expect(Array.from(split.labels.subarray(n))).toEqual(strays.map(() => LOW_NOISE));
    expect(taken(split.labels, groundNear)).toBe(groundNear.length);
    expect(taken(split.labels, wallsNear)).toBe(0);
    const { recall, objectsLeft } = scores(survey.truth, split.labels.subarray(0, n));
    expect(recall).toBeGreaterThanOrEqual(0.99);
    expect(objectsLeft).toBeGreaterThanOrEqual(0.99);
    expect(split.labels.subarray(0, n).includes(LOW_NOISE)).toBe(false);
    expect(split.ground + split.notGround + split.lowNoise).toBe(n + strays.length);
  });

  it('takes nothing on rolling ground, buildings and trees for low noise, its depth turned into the file\'s unit', () => {
    expect(findGround(survey.positions, { up: '+z' }).lowNoise).toBe(0);
    const feet = findGround(terrain(unitsPerMetre('ft')).positions, { up: '+z', unitsPerMetre: unitsPerMetre('ft') });
    expect(feet.noiseDepth).toBeCloseTo(5 * unitsPerMetre('ft'), 9);
    expect(feet.lowNoise).toBe(0);
    expect(() => findGround(survey.positions, { up: '+z', noiseDepth: -1 })).toThrow(/The low noise depth must be a length above 0, not -1\./);
  });

  /** The indices of the points the split takes for low noise. */
  const lowNoiseOf = (labels: Uint8Array) => Array.from(labels.keys()).filter((i) => labels[i] === LOW_NOISE);
  const last = (total: number, count: number) => Array.from({ length: count }, (_, k) => total - count + k);

  it('takes a burst of 20 strays 30 m down within 2 m of a corner of four noise cells for low noise, and every ground point again', () => {
    const burstIn = withPoints(survey, burst(100, 100, -30, 20, 2));
    const split = findGround(burstIn.positions, { up: '+z' });
    // measured: ELM's lowest points took the burst for the ground of the cells around it, and it cost 28 ground points
    expect(lowNoiseOf(split.labels)).toEqual(last(burstIn.truth.length, 20));
    expect(scores(burstIn.truth, split.labels).recall).toBe(1);
  });

  it('takes strays at the survey\'s edges and corners for low noise, judged against the cells beside them', () => {
    const strays: [number, number, number][] = [[0.3, 100, -30], [199.7, 60, -30], [120, 0.3, -30], [199.7, 199.7, -30], [0.3, 0.3, -25]];
    const edged = withPoints(survey, strays);
    const split = findGround(edged.positions, { up: '+z' });
    expect(lowNoiseOf(split.labels)).toEqual(last(edged.truth.length, strays.length));
    expect(scores(edged.truth, split.labels).recall).toBe(1);
  });

  it('keeps a shaft 2 m wide and 8 m deep whose walls are seen down to its floor out of the low noise, and takes a stray 30 m down under it', () => {
    const pitted = withPoints(withShaft(survey, 105, 65, 2, 8), [[105.2, 64.8, -30]]);
    const split = findGround(pitted.positions, { up: '+z' });
    // measured: ELM took the 105 points of its walls and floor more than 5 m down for low noise
    expect(lowNoiseOf(split.labels)).toEqual(last(pitted.truth.length, 1));
  });
});

describe('progressive openings', () => {
  it('keep a tilted plane whole to its edges and take away a box narrower than the window', () => {
    const [columns, rows] = [30, 20];
    const heights = new Float64Array(columns * rows);
    for (let r = 0; r < rows; r++) for (let c = 0; c < columns; c++) heights[r * columns + c] = 0.4 * c - 0.3 * r + (c >= 10 && c < 14 && r >= 8 && r < 12 ? 5 : 0);
    const opened: Float32Array[] = [];
    openProgressively(heights, { columns, rows, radius: 3, step: (_, o) => opened.push(Float32Array.from(o)) });
    expect(opened.length).toBe(3);
    // radius 1 leaves the 4-cell box standing (its top as high as a 3-cell window's fits under it); radius 2 (a 5-cell window) takes it away
    expect(opened[0][9 * columns + 11] - (0.4 * 11 - 0.3 * 9)).toBeGreaterThan(4.5);
    // the box's 5 taken away but for the shadow it casts on the windows whose lowest corner it covers, and the plane itself out to every edge
    for (let r = 0; r < rows; r++)
      for (let c = 0; c < columns; c++) {
        const off = opened[2][r * columns + c] - (0.4 * c - 0.3 * r);
        if (c < 6 || c > 17 || r < 4 || r > 15) expect(off, `${r}, ${c}`).toBeCloseTo(0, 4);
        else expect(Math.abs(off), `${r}, ${c}`).toBeLessThan(2);
      }
  });
});
