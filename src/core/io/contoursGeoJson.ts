// Contour lines as GeoJSON (RFC 7946), which QGIS and other GIS packages open as a line layer: a
// FeatureCollection of LineStrings, each with its `level`, its coordinates [x, y, level] in the file's
// own coordinates (the origin added back). The first two are the grid's horizontal axes in the file's
// order, as the height grid's corners are (x and y of a z-up layer, x and z of a y-up one); a ring
// repeats its first point last, as GeoJSON closes one.
import type { ContourLine } from '../geometry/contours';
import type { HeightGrid } from '../geometry/heightGrid';
import { inFile } from './asciiGrid';
import type { Origin } from './shift';

/** Where the lines lie: the grid's axes, and what the file's coordinates were kept relative to. */
export interface ContourFrame {
  grid: Pick<HeightGrid, 'across'>;
  origin?: Origin;
}

/** Each line's points as [across 0, across 1] in the file's coordinates, a ring's first repeated last. */
export function linePlan(line: ContourLine, { grid, origin }: ContourFrame): [number, number][] {
  const [a0, a1] = grid.across;
  const out: [number, number][] = [];
  for (let i = 0; i < line.points.length; i += 3) out.push([inFile(line.points[i + a0], origin?.[a0] ?? 0), inFile(line.points[i + a1], origin?.[a1] ?? 0)]);
  if (line.closed && out.length) out.push(out[0]);
  return out;
}

export function contoursGeoJson(lines: readonly ContourLine[], frame: ContourFrame): string {
  const features = lines.map((line) => ({
    type: 'Feature',
    properties: { level: line.level },
    geometry: { type: 'LineString', coordinates: linePlan(line, frame).map(([x, y]) => [x, y, line.level]) },
  }));
  return JSON.stringify({ type: 'FeatureCollection', features }) + '\n';
}
