// Measurements and a profile's line as kept in the browser: written and read back the same, and
// text that is not what was kept refused whole with what is wrong with it.
import { describe, expect, it } from 'vitest';
import { readMeasurementsJson, readProfileLineJson, writeMeasurementsJson, writeProfileLineJson, type MeasurementRecord } from '../../../src/core/geometry/keptPicks';

const kept = (measurements: unknown) => JSON.stringify({ kind: 'pointlens-measurements', version: 1, measurements });
const p = (index: number) => ({ index, point: [index, 0.5, 1e6 + 0.25] });

describe('kept measurements', () => {
  it('read back as written', () => {
    const records: MeasurementRecord[] = [
      { tool: 'area', points: [p(0), p(1), p(2), p(3)] as MeasurementRecord['points'] },
      { tool: 'angle', points: [p(4), p(5), p(6)] as MeasurementRecord['points'] },
    ];
    expect(readMeasurementsJson(writeMeasurementsJson(records), 7)).toEqual({ measurements: records });
  });

  it.each([
    ['[1, 2', 'they are not JSON'],
    ['{"kind": "pointlens-notes", "version": 1}', 'they are not measurements pointlens kept'],
    [JSON.stringify({ kind: 'pointlens-measurements', version: 2, measurements: [] }), 'they are of version 2; this pointlens reads version 1'],
    [kept({}), 'they hold no list of measurements'],
    [kept([{ tool: 'volume', points: [] }]), 'measurement 1 is none of distance, height, area, angle'],
    [kept([{ tool: 'distance', points: [p(1)] }]), 'measurement 1, a distance, has 1 point'],
    [kept([{ tool: 'area', points: [p(1), p(2)] }]), 'measurement 1, an area, has 2 points'],
    [kept([{ tool: 'height', points: [{ index: -1, point: [0, 0, 0] }] }]), "measurement 1's point 1 has no point number"],
    [kept([{ tool: 'height', points: [p(1)] }, { tool: 'height', points: [p(9)] }]), "measurement 2's point 1 is number 9, past the file's 7 points"],
    [kept([{ tool: 'height', points: [{ index: 1, point: [0, null, 0] }] }]), "measurement 1's point 1 is not three numbers (x, y, z)"],
  ])('refuse %s', (text, problem) => {
    expect(readMeasurementsJson(text, 7)).toEqual({ problem });
  });
});

describe("a profile's kept line", () => {
  it('reads back as written', () => {
    const line = { line: [p(0), p(3)] as MeasurementRecord['points'], width: 0.25 };
    expect(readProfileLineJson(writeProfileLineJson(line), 4)).toEqual(line);
    expect(readProfileLineJson(writeProfileLineJson({ ...line, width: null }), 4)).toEqual({ ...line, width: null });
  });

  it.each([
    ['{}', "it is not a profile's line pointlens kept"],
    [JSON.stringify({ kind: 'pointlens-profile-line', version: 1, line: [p(0)], width: null }), 'the line has 1 corner, not two or more'],
    [JSON.stringify({ kind: 'pointlens-profile-line', version: 1, line: [p(0), p(1)], width: -1 }), 'the corridor width is not a length above 0'],
    [JSON.stringify({ kind: 'pointlens-profile-line', version: 1, line: [p(0), p(4)], width: null }), "the line's point 2 is number 4, past the file's 4 points"],
  ])('refuses %s', (text, problem) => {
    expect(readProfileLineJson(text, 4)).toEqual({ problem });
  });
});
