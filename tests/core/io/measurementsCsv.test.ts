// Measurements as CSV: a row each, with as many point columns as the longest needs.
import { describe, expect, it } from 'vitest';
import { measureUnit, measurementsCsv } from '../../../src/core/io/measurementsCsv';

describe('measurements as CSV', () => {
  it('give a row a measurement: kind, value, unit and its points, the shorter ones left blank', () => {
    const csv = measurementsCsv([
      { tool: 'distance', value: 2.5, unit: measureUnit('distance', 'm'), points: [[0, 0, 0], [2.5, 0, 1000.25]] },
      { tool: 'area', value: 4, unit: measureUnit('area', 'm'), points: [[0, 0, 0], [2, 0, 0], [2, 2, 0]] },
      { tool: 'angle', value: 90, unit: measureUnit('angle', 'm'), points: [[1, 0, 0], [0, 0, 0], [0, 1, 0]] },
      { tool: 'height', value: 1.5, unit: measureUnit('height', ''), points: [[0, 0, 1.5]] },
    ]);
    expect(csv.split('\n')).toEqual([
      'kind,value,unit,x1,y1,z1,x2,y2,z2,x3,y3,z3',
      'distance,2.5,m,0,0,0,2.5,0,1000.25,,,',
      'area,4,m²,0,0,0,2,0,0,2,2,0',
      'angle,90,°,1,0,0,0,0,0,0,1,0',
      'height,1.5,,0,0,1.5,,,,,,',
      '',
    ]);
  });
});
