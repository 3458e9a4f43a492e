// The flags `pointlens volume` and `pointlens raster` share, and the height grid of a file they make
// as the app's Volume panel does: the cell, each cell's height, what empty cells take, the base.
import type { CliArgs, CliFlag } from './command';
import { decimalValue, positiveFlag } from './flags';
import { CELL_HEIGHT_BY_DEFAULT, CELL_HEIGHTS, CELL_SPACINGS, defaultCell, heightGrid, type CellHeight, type HeightGrid } from '../core/geometry/heightGrid';
import { baseHeight, EMPTY_CELLS, type BaseChoice, type EmptyCells } from '../core/geometry/gridVolume';
import type { SignedAxis } from '../core/geometry/signedAxis';
import { heightsAlongNote } from '../core/geometry/heightsAlong';
import { heightOfOrigin } from '../core/io/shift';
import { unitSymbol } from '../core/units';
import { InputError, type ParseResult } from '../core/types';
import { checkGroundLeft, groundKept, groundSourceOf } from '../core/geometry/groundPoints';

export const GRID_FLAGS: Record<string, CliFlag> = {
  cell: { type: 'string', description: `the grid's cell, in the file's units (default: a round number near ${CELL_SPACINGS} times the points' median spacing)` },
  height: { type: 'string', description: `each cell's height: ${CELL_HEIGHTS.join(', ')} of its points`, default: CELL_HEIGHT_BY_DEFAULT },
  fill: {
    type: 'string',
    description: 'cells no point falls in: empty (left out), base (taken as lying on the base), or interpolate (those inside the ground covered filled from the cells around them)',
    default: 'empty',
  },
  // no default the parser fills in, so that a --base typed beside --base-file is told from none
  base: { type: 'string', description: "the level base: a height in the file's coordinates, floor (the scan's floor, stray points below it left out) or lowest (its lowest point) (default floor)" },
  ground: {
    type: 'boolean',
    description:
      "grid the ground points alone (the bare earth): class 2 of the file's `ground` field (pointlens ground --out writes it), else of its LAS classification; a file with neither is refused: run pointlens ground on it first",
  },
};

export interface GridChoices {
  /** undefined: the default cell */
  cell: number | undefined;
  height: CellHeight;
  fill: EmptyCells;
  /** a height typed is one in the file's coordinates */
  base: BaseChoice;
  /** grid the file's ground points alone */
  ground: boolean;
}

/** The grid flags as choices, or null after saying on stderr what is wrong with one. */
export function gridChoices(command: string, flags: CliArgs['flags']): GridChoices | null {
  const cell = flags.cell === undefined ? undefined : positiveFlag(command, flags, 'cell');
  if (flags.cell !== undefined && cell === undefined) return null;
  const height = String(flags.height ?? CELL_HEIGHT_BY_DEFAULT) as CellHeight;
  if (!CELL_HEIGHTS.includes(height)) {
    process.stderr.write(`pointlens ${command}: --height must be ${CELL_HEIGHTS.join(', ')}, not "${flags.height}"\n`);
    return null;
  }
  const fill = String(flags.fill ?? 'empty') as EmptyCells;
  if (!EMPTY_CELLS.includes(fill)) {
    process.stderr.write(`pointlens ${command}: --fill must be ${EMPTY_CELLS.join(', ')}, not "${flags.fill}"\n`);
    return null;
  }
  const typed = String(flags.base ?? 'floor');
  const level = decimalValue(typed);
  const base: BaseChoice | null = typed === 'floor' || typed === 'lowest' ? { kind: typed } : Number.isFinite(level) ? { kind: 'height', height: level } : null;
  if (!base) {
    process.stderr.write(`pointlens ${command}: --base must be a height, floor or lowest, not "${flags.base}"\n`);
    return null;
  }
  return { cell, height, fill, base, ground: flags.ground === true };
}

export interface FileGrid {
  grid: HeightGrid;
  /** with --ground: the field the ground was read from */
  groundFrom?: string;
  /** the base along up in the positions' frame, and in the file's coordinates */
  base: number;
  baseInFile: number;
  unit: string;
}

/** A parsed file's ground points (refused in words where none is), or null where it has no ground classes. */
function groundPointsOf(r: ParseResult): { kept: Uint8Array; groundFrom: string } | null {
  const source = groundSourceOf(r.data.fields);
  if (!source) return null;
  const { mask, count } = groundKept(source.labels, null);
  checkGroundLeft(count, source, false);
  return { kept: mask, groundFrom: source.field };
}

/** The points of a parsed file a grid takes: every one, or with --ground its ground points alone (refused in words where it has no ground classes). */
export function gridPoints(r: ParseResult, choices: Pick<GridChoices, 'ground'>): { kept: Uint8Array | null; groundFrom?: string } {
  if (!choices.ground) return { kept: null };
  const found = groundPointsOf(r);
  if (!found)
    throw new InputError(
      'no ground classes to grid with --ground (no `ground` field, no LAS classification with class 2): run pointlens ground on it with --out first, and grid the file it writes',
    );
  return found;
}

/**
 * The points of a base file a grid takes: with --ground its ground points too, so that the roofs and
 * trees of the survey before are not read as ground taken away; all of them where it has no ground
 * classes (groundFrom null), as an unclassified survey of bare ground before the works often is.
 */
export function baseGridPoints(r: ParseResult, choices: Pick<GridChoices, 'ground'>): { kept: Uint8Array | null; groundFrom?: string | null } {
  if (!choices.ground) return { kept: null };
  return groundPointsOf(r) ?? { kept: null, groundFrom: null };
}

/** The height grid of a parsed file about `up` (of its ground points alone with --ground), and its base. */
export function fileGrid(r: ParseResult, up: SignedAxis, choices: GridChoices): FileGrid {
  const positions = r.data.positions;
  const unit = r.unit ? unitSymbol(r.unit) : '';
  const { kept, groundFrom } = gridPoints(r, choices);
  const cell = choices.cell ?? defaultCell(positions, up, kept);
  const grid = heightGrid(positions, { up, cell, height: choices.height, kept, unit, fillHoles: choices.fill === 'interpolate' });
  const lift = heightOfOrigin(r.origin, up);
  const base = choices.base.kind === 'height' ? choices.base.height - lift : baseHeight(positions, up, choices.base, kept);
  return { grid, ...(groundFrom && { groundFrom }), base, baseInFile: base + lift, unit };
}

/** The JSON field naming the axis a grid's heights are measured along, said on stderr too where it points down. */
export function heightsAlong(command: string, up: SignedAxis): { heights_along: SignedAxis } {
  const note = heightsAlongNote(up);
  if (note) process.stderr.write(`pointlens ${command}: ${note}\n`);
  return { heights_along: up };
}
