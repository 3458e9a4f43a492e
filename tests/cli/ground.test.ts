import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findGround, GROUND, LOW_NOISE, NOT_GROUND } from '../../src/core/geometry/ground';
import { METRES_PER } from '../../src/core/units';
import { geoKeyRecord, las12 } from '../core/io/helpers';
import { terrain, terrainHeight } from '../core/geometry/groundTerrain';
import { pointlens, readBack } from './pointlens';

const FEET = 1 / METRES_PER.ft;

/** Points 30 m below the ground, in metres, added to the survey as low noise. */
const STRAYS = [[65, 45], [55, 75], [15, 85]];

/** The test-written survey, 100 m across, with STRAYS, as a LAS file in feet far from (0, 0, 0). */
function surveyInFeet(folder: string): string {
  const survey = terrain(FEET, 100).positions;
  const positions = new Float32Array(survey.length + 3 * STRAYS.length);
  positions.set(survey);
  STRAYS.forEach(([x, y], k) => positions.set([x * FEET, y * FEET, (terrainHeight(x, y) - 30) * FEET], survey.length + 3 * k));
  const n = positions.length / 3;
  const file = join(folder, 'survey_ft.las');
  const cloud = { kind: 'points' as const, positions, colors: new Uint8Array(3 * n), fields: { instance: new Uint16Array(n), label: new Uint8Array(n) } };
  writeFileSync(file, las12(cloud, [2000000, 500000, 300], [geoKeyRecord([[1024, 1], [3076, 9002]])]));
  return file;
}

describe('pointlens ground', () => {
  it('splits a survey in feet with its metre defaults turned into feet, and writes the ground as LAS class 2, its low noise as 7', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'pointlens-ground-'));
    const file = surveyInFeet(folder);
    const out = join(folder, 'split.las');
    const r = pointlens('ground', file, '--out', out, '--las-classes', 'ground');
    expect(r.stderr).toBe(`pointlens ground: ${out}: the LAS classes (0 to 255) are the values of ground, also kept whole as its own dimension\n`);
    expect(r.code).toBe(0);
    const [line] = r.lines;
    const read = await readBack(file);
    const expected = findGround(read.data.positions, { up: '+z', unitsPerMetre: FEET });
    expect(expected.lowNoise).toBe(STRAYS.length);
    expect(line).toMatchObject({ file, points: read.data.positions.length / 3, ground: expected.ground, not_ground: expected.notGround, low_noise: STRAYS.length, noise_depth: 16.4042, noise_cell: 32.8084, cell: 3.28084, max_window: 59.0551, slope: 0.15, threshold: 1.64042, scalar: 4.10105, columns: 100, rows: 100, up: '+z', unit: 'ft' });
    expect(line.ground_share).toBeCloseTo(expected.ground / line.points, 4);
    const saved = await readBack(out);
    const classes = saved.data.fields.classification;
    const counted = (id: number) => Array.from(classes).filter((c) => c === id).length;
    expect([counted(GROUND), counted(NOT_GROUND), counted(LOW_NOISE)]).toEqual([expected.ground, expected.notGround, STRAYS.length]);
    expect(Array.from(classes.slice(-STRAYS.length))).toEqual(STRAYS.map(() => LOW_NOISE));
    expect(Array.from(saved.data.fields.ground)).toEqual(Array.from(expected.labels));
  });

  it('takes the parameters given, reads a file declaring no unit as metres, and says what is wrong with a flag or a cell', () => {
    const folder = mkdtempSync(join(tmpdir(), 'pointlens-ground-'));
    const file = join(folder, 'survey.xyz');
    const { positions } = terrain(1, 60);
    const rows: string[] = [];
    for (let i = 0; i < positions.length; i += 3) rows.push(`${positions[i]} ${positions[i + 1]} ${positions[i + 2]}`);
    writeFileSync(file, rows.join('\n'));
    const [line] = pointlens('ground', file, '--cell', '2', '--max-window', '12', '--slope', '0.3', '--threshold', '0.25').lines;
    expect(line).toMatchObject({ cell: 2, max_window: 12, slope: 0.3, threshold: 0.25, scalar: 1.25, columns: 30, rows: 30, unit: 'm (none declared)', low_noise: 0, noise_depth: 5, noise_cell: 20 });
    const [kept] = pointlens('ground', file, '--keep-low-noise', '--noise-depth', '2').lines;
    expect(kept).toMatchObject({ low_noise: 0, noise_depth: null, noise_cell: null });
    for (const [args, message] of [
      [['--slope', 'steep'], /--slope must be a number above 0, not "steep"/],
      [['--noise-depth', '0'], /--noise-depth must be a number above 0, not "0"/],
      [['--las-classes', 'ground'], /--las-classes ground names the field a LAS's classes come from: give --out with a name ending in \.las or \.laz/],
    ] as const) {
      const r = pointlens('ground', file, ...args);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(message);
    }
    const fine = pointlens('ground', file, '--cell', '0.001');
    expect(fine.code).toBe(1);
    expect(fine.stderr).toMatch(/more than the 10,000,000 a grid may hold: take a cell of 0\.019 or more/);
  });
});
