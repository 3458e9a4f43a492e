// Notes pinned to points of a scan, as a JSON file that goes with the data: each note's text, the
// name of the file it was pinned on, its point in that file's own coordinates (as the file stores
// them, so that another tool finds it there) and the unit those coordinates are in, where known.
// Read back, a file that is not such a list is refused whole, with what is wrong with it.
import type { LengthUnit } from '../types';
import { METRES_PER } from '../units';

export interface NoteRecord {
  text: string;
  /** the name of the file the note was pinned on */
  layer: string;
  /** in the file's own coordinates */
  point: [number, number, number];
  /** null where the file declares none and it is not read as a room scan */
  unit: LengthUnit | null;
}

/** What tells a notes file from any other JSON. */
const KIND = 'pointlens-notes';
const VERSION = 1;

/** Larger than any list of notes a person writes: a file over it is no notes file, and is not read. */
export const MAX_NOTES_FILE_BYTES = 4 * 1024 * 1024;
export const MAX_NOTES = 10_000;
export const MAX_NOTE_LENGTH = 1000;

export function writeNotesJson(notes: readonly NoteRecord[]): string {
  return `${JSON.stringify({ kind: KIND, version: VERSION, notes }, null, 2)}\n`;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Note `k` of the file (counted from 1 for a person), or what is wrong with it. */
function readNote(v: unknown, k: number): NoteRecord | string {
  const which = `Note ${k + 1}`;
  if (!isObject(v)) return `${which} is not a note (an object with its text and point).`;
  const { text, layer, point, unit } = v;
  if (typeof text !== 'string' || !text.trim()) return `${which} has no text.`;
  if (text.length > MAX_NOTE_LENGTH) return `${which}'s text is longer than ${MAX_NOTE_LENGTH} characters.`;
  if (!Array.isArray(point) || point.length !== 3 || !point.every((x) => typeof x === 'number' && Number.isFinite(x))) return `${which}'s point is not three numbers (x, y, z).`;
  if (layer !== undefined && typeof layer !== 'string') return `${which}'s layer is not a file name.`;
  if (unit !== undefined && unit !== null && !(typeof unit === 'string' && unit in METRES_PER)) return `${which}'s unit "${String(unit)}" is none of ${Object.keys(METRES_PER).join(', ')}.`;
  return { text: text.trim(), layer: layer ?? '', point: point as [number, number, number], unit: (unit as LengthUnit | null | undefined) ?? null };
}

/** The notes of a notes file's text, or why it is not one (nothing of a file with one bad note is taken). */
export function readNotesJson(text: string): { notes: NoteRecord[] } | { problem: string } {
  if (text.length > MAX_NOTES_FILE_BYTES) return { problem: `The file is larger than a notes file can be (${MAX_NOTES_FILE_BYTES / 1024 / 1024} MB).` };
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return { problem: 'The file is not JSON.' };
  }
  if (!isObject(data) || data.kind !== KIND) return { problem: "The file is JSON but not notes pointlens saved (it has no \"kind\": \"pointlens-notes\")." };
  if (data.version !== VERSION) return { problem: `The notes file is of version ${String(data.version)}; this pointlens reads version ${VERSION}.` };
  if (!Array.isArray(data.notes)) return { problem: 'The notes file has no list of notes.' };
  if (data.notes.length > MAX_NOTES) return { problem: `The file holds ${data.notes.length} notes, more than the ${MAX_NOTES} pointlens takes.` };
  const notes: NoteRecord[] = [];
  for (const [k, v] of data.notes.entries()) {
    const note = readNote(v, k);
    if (typeof note === 'string') return { problem: note };
    notes.push(note);
  }
  return { notes };
}
