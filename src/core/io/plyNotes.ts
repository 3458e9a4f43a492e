// What pointlens states in the headers of the PLY files it exports, and reads back:
// - the up it showed the cloud with, so that what it saved opens standing as it was shown (a room
//   the estimate alone would turn over, an up the person chose);
// - the classes a label field's ids stand for, with their colours, so that an export's predictions
//   open named and coloured as they were shown, not as "pred 3";
// - the unit of length and the coordinate system its source file declared (a LAS file in feet), which
//   PLY has no place for: without them a scan exported from feet would measure in unnamed units.
import type { SignedAxis } from '../geometry/signedAxis';
import type { LengthUnit, NamedClass } from '../types';
import { METRES_PER } from '../units';

export interface PlyNotes {
  up?: SignedAxis;
  unit?: LengthUnit;
  crs?: string;
  /** by field name */
  classes?: Record<string, NamedClass[]>;
}

/** The header comments (without PLY's `comment` keyword) that state `notes`. */
export function noteComments(notes: PlyNotes): string[] {
  const lines = notes.up ? [`pointlens up ${notes.up}`] : [];
  if (notes.unit) lines.push(`pointlens unit ${notes.unit}`);
  // a header line holds no line break: a WKT record's layout is not part of what it says
  if (notes.crs) lines.push(`pointlens crs ${notes.crs.replace(/\s+/g, ' ').trim()}`);
  for (const [field, classes] of Object.entries(notes.classes ?? {})) {
    for (const c of classes) lines.push(`pointlens class ${field} ${c.id} ${c.color.join(' ')} ${c.name.replace(/\s+/g, ' ')}`);
  }
  return lines;
}

const UP = /^comment\s+pointlens\s+up\s+([+-][xyz])\s*$/;
const UNIT = /^comment\s+pointlens\s+unit\s+(\S+)\s*$/;
const CRS = /^comment\s+pointlens\s+crs\s+(\S.*?)\s*$/;
const CLASS = /^comment\s+pointlens\s+class\s+(\S+)\s+(-?\d+)\s+(\d{1,3})\s+(\d{1,3})\s+(\d{1,3})\s+(\S.*?)\s*$/;

/** Adds what a PLY header line states to `notes`, where it is one of pointlens's comments. */
export function readNote(line: string, notes: PlyNotes): void {
  const text = line.trim();
  const up = UP.exec(text);
  if (up) notes.up = up[1] as SignedAxis;
  const unit = UNIT.exec(text)?.[1];
  if (unit && Object.hasOwn(METRES_PER, unit)) notes.unit = unit as LengthUnit;
  const crs = CRS.exec(text)?.[1];
  if (crs) notes.crs = crs;
  const named = CLASS.exec(text);
  if (!named) return;
  const [, field, id, r, g, b, name] = named;
  const color = [r, g, b].map(Number) as [number, number, number];
  if (color.some((v) => v > 255)) return;
  (notes.classes ??= {})[field] = [...(notes.classes[field] ?? []), { id: Number(id), name, color }];
}
