// A height grid as an ESRI ASCII grid (.asc), which GIS packages (QGIS, ArcGIS, GDAL) open as a DEM:
// a header (ncols, nrows, xllcorner, yllcorner, cellsize, NODATA_value) then one line per row, the
// northmost (highest along the second horizontal axis) first. Corners and heights are in the file's
// own coordinates (its origin added back); an empty cell holds NODATA_value, or the base where the
// empty cells are filled with it. A grid of differences (one cloud less another) is written the same
// way, its cells as they are.
import type { HeightGrid } from '../geometry/heightGrid';
import { heightOfOrigin, type Origin } from './shift';

/** The usual no-data value; one below the lowest height where a grid reaches it, so that no height reads as none. */
export const NODATA = -9999;

/** A value worked out from float32 coordinates (no more digits than they hold), `shift` added without new digits (a contour file's coordinates too). */
export function inFile(v: number, shift: number): number {
  const d = Number(v.toPrecision(7));
  if (!shift) return d;
  const [digits, exponent = '0'] = String(d).split('e');
  const decimals = Math.max(0, (digits.split('.')[1]?.length ?? 0) - Number(exponent));
  return Number((d + shift).toFixed(Math.min(20, decimals)));
}

export interface AsciiGridOptions {
  /** what the file's coordinates were kept relative to */
  origin?: Origin;
  /** the height empty cells take (the base, in the positions' frame); NODATA where absent */
  fillWith?: number;
  /** the cells hold differences of heights (one cloud less another), not heights: the origin's height is not added to them */
  differences?: boolean;
}

/** `grid` as the text of an ESRI ASCII grid. */
export function asciiGrid(grid: HeightGrid, options: AsciiGridOptions = {}): string {
  const { origin, fillWith } = options;
  const lift = options.differences ? 0 : heightOfOrigin(origin, grid.up);
  const written = grid.heights.map((h) => (Number.isNaN(h) ? (fillWith === undefined ? NaN : inFile(fillWith, lift)) : inFile(h, lift)));
  let lowest = Infinity;
  for (const h of written) if (h < lowest) lowest = h;
  const nodata = lowest <= NODATA ? Math.floor(lowest) - 1 : NODATA;
  const lines = [
    `ncols ${grid.columns}`,
    `nrows ${grid.rows}`,
    `xllcorner ${inFile(grid.corner[0], origin?.[grid.across[0]] ?? 0)}`,
    `yllcorner ${inFile(grid.corner[1], origin?.[grid.across[1]] ?? 0)}`,
    `cellsize ${grid.cell}`,
    `NODATA_value ${nodata}`,
  ];
  const row: string[] = new Array(grid.columns);
  for (let r = grid.rows - 1; r >= 0; r--) {
    for (let c = 0; c < grid.columns; c++) {
      const h = written[r * grid.columns + c];
      row[c] = Number.isNaN(h) ? String(nodata) : String(h);
    }
    lines.push(row.join(' '));
  }
  return lines.join('\n') + '\n';
}
