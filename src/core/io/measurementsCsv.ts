// Measurements as CSV, for a spreadsheet or a survey report: a row a measurement, with its kind,
// its value and unit, and its points in the file's own coordinates (x1, y1, z1, x2, ...: as many
// columns as the measurement with most points needs; fewer points leave the rest blank).
import type { MeasureTool } from '../geometry/measure';

export interface MeasurementRow {
  tool: MeasureTool;
  value: number;
  /** as the value is read: "m", "m²", "°", or "" for the file's own units */
  unit: string;
  /** in the file's own coordinates */
  points: readonly (readonly number[])[];
}

/** The unit a measurement of `tool` is read in, lengths being in `lengthUnit` ("" for the file's own). */
export function measureUnit(tool: MeasureTool, lengthUnit: string): string {
  if (tool === 'angle') return '°';
  return lengthUnit && tool === 'area' ? `${lengthUnit}²` : lengthUnit;
}

export function measurementsCsv(rows: readonly MeasurementRow[]): string {
  const most = Math.max(0, ...rows.map((r) => r.points.length));
  const header = ['kind', 'value', 'unit', ...Array.from({ length: most }, (_, k) => [`x${k + 1}`, `y${k + 1}`, `z${k + 1}`]).flat()];
  const lines = rows.map((r) => [r.tool, Number.isFinite(r.value) ? String(r.value) : '', r.unit, ...r.points.flatMap((p) => p.map(String)), ...Array(3 * (most - r.points.length)).fill('')].join(','));
  return `${[header.join(','), ...lines].join('\n')}\n`;
}
