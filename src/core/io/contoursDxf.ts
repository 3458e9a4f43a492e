// Contour lines as a DXF drawing for CAD (AutoCAD, BricsCAD, LibreCAD, Civil 3D): an R12 file of one
// ENTITIES section, each line a POLYLINE at its level as elevation (group 30), on layer CONTOURS,
// closed (flag 1) where it is a ring, its vertices in the file's own coordinates as the GeoJSON's
// are (the grid's horizontal axes in the file's order, the origin added back).
import type { ContourLine } from '../geometry/contours';
import { linePlan, type ContourFrame } from './contoursGeoJson';

export function contoursDxf(lines: readonly ContourLine[], frame: ContourFrame): string {
  const out: (string | number)[] = [0, 'SECTION', 2, 'ENTITIES'];
  for (const line of lines) {
    const plan = linePlan(line, frame);
    // the ring's first point repeated last is what flag 1 says
    if (line.closed) plan.pop();
    out.push(0, 'POLYLINE', 8, 'CONTOURS', 66, 1, 10, 0, 20, 0, 30, line.level, 70, line.closed ? 1 : 0);
    for (const [x, y] of plan) out.push(0, 'VERTEX', 8, 'CONTOURS', 10, x, 20, y, 30, line.level);
    out.push(0, 'SEQEND', 8, 'CONTOURS');
  }
  out.push(0, 'ENDSEC', 0, 'EOF');
  const text: string[] = [];
  for (let i = 0; i < out.length; i += 2) text.push(String(out[i]), String(out[i + 1]));
  return text.join('\n') + '\n';
}
