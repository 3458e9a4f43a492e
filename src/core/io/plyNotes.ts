// What pointlens states in the headers of the PLY files it exports, and reads back:
// - the up it showed the cloud with, so that what it saved opens standing as it was shown (a room
//   the estimate alone would turn over, an up the person chose);
// - the classes a label field's ids stand for, with their colours, so that an export's predictions
//   open named and coloured as they were shown, not as "pred 3".
import type { SignedAxis } from '../geometry/signedAxis';
import type { NamedClass } from '../types';

export interface PlyNotes {
  up?: SignedAxis;
  /** by field name */
  classes?: Record<string, NamedClass[]>;
}

/** The header comments (without PLY's `comment` keyword) that state `notes`. */
export function noteComments(notes: PlyNotes): string[] {
  const lines = notes.up ? [`pointlens up ${notes.up}`] : [];
  for (const [field, classes] of Object.entries(notes.classes ?? {})) {
    for (const c of classes) lines.push(`pointlens class ${field} ${c.id} ${c.color.join(' ')} ${c.name.replace(/\s+/g, ' ')}`);
  }
  return lines;
}

const UP = /^comment\s+pointlens\s+up\s+([+-][xyz])\s*$/;
const CLASS = /^comment\s+pointlens\s+class\s+(\S+)\s+(-?\d+)\s+(\d{1,3})\s+(\d{1,3})\s+(\d{1,3})\s+(\S.*?)\s*$/;

/** Adds what a PLY header line states to `notes`, where it is one of pointlens's comments. */
export function readNote(line: string, notes: PlyNotes): void {
  const text = line.trim();
  const up = UP.exec(text);
  if (up) notes.up = up[1] as SignedAxis;
  const named = CLASS.exec(text);
  if (!named) return;
  const [, field, id, r, g, b, name] = named;
  const color = [r, g, b].map(Number) as [number, number, number];
  if (color.some((v) => v > 255)) return;
  (notes.classes ??= {})[field] = [...(notes.classes[field] ?? []), { id: Number(id), name, color }];
}
