import { describe, expect, it } from 'vitest';
import { MAX_NOTE_LENGTH, MAX_NOTES, MAX_NOTES_FILE_BYTES, readNotesJson, writeNotesJson, type NoteRecord } from '../../../src/core/notes/notesJson';

const NOTES: NoteRecord[] = [
  { text: 'crack here', layer: 'room.las', point: [512_345.125, 4_123_456.5, 118.25], unit: 'ftUS' },
  { text: 'valve 3', layer: 'bathtub_0001.off', point: [-0.5, 0, 0.25], unit: null },
];
const file = (notes: unknown, extra: Record<string, unknown> = {}) => JSON.stringify({ kind: 'pointlens-notes', version: 1, notes, ...extra });
const problem = (text: string) => {
  const read = readNotesJson(text);
  return 'problem' in read ? read.problem : null;
};

describe('notes JSON', () => {
  it('reads back what it writes, coordinates to the last digit', () => {
    const text = writeNotesJson(NOTES);
    expect(JSON.parse(text)).toMatchObject({ kind: 'pointlens-notes', version: 1 });
    expect(readNotesJson(text)).toEqual({ notes: NOTES });
  });

  it('takes a note without a layer or unit, its text trimmed', () => {
    expect(readNotesJson(file([{ text: '  pipe  ', point: [1, 2, 3] }]))).toEqual({ notes: [{ text: 'pipe', layer: '', point: [1, 2, 3], unit: null }] });
  });

  it('refuses what is not JSON, or JSON that is not a notes file', () => {
    expect(problem('{"kind": "pointlens-notes", ')).toBe('The file is not JSON.');
    expect(problem('[1, 2, 3]')).toMatch(/^The file is JSON but not notes pointlens saved/);
    expect(problem(JSON.stringify({ notes: [] }))).toMatch(/^The file is JSON but not notes pointlens saved/);
    expect(problem(file([], { version: 2 }))).toBe('The notes file is of version 2; this pointlens reads version 1.');
    expect(problem(JSON.stringify({ kind: 'pointlens-notes', version: 1 }))).toBe('The notes file has no list of notes.');
  });

  it('refuses the whole file for one bad note, and names it', () => {
    const good = { text: 'ok', point: [0, 0, 0] };
    expect(problem(file([good, 'crack']))).toBe('Note 2 is not a note (an object with its text and point).');
    expect(problem(file([good, { text: ' ', point: [0, 0, 0] }]))).toBe('Note 2 has no text.');
    expect(problem(file([{ text: 'x', point: [0, 0] }]))).toBe("Note 1's point is not three numbers (x, y, z).");
    expect(problem(file([{ text: 'x', point: [0, '1', 2] }]))).toBe("Note 1's point is not three numbers (x, y, z).");
    expect(problem(file([{ text: 'x', point: [0, 1, 2], unit: 'furlong' }]))).toBe('Note 1\'s unit "furlong" is none of m, cm, mm, ft, ftUS.');
    expect(problem(file([{ text: 'x', point: [0, 1, 2], layer: 7 }]))).toBe("Note 1's layer is not a file name.");
    expect(problem(file([{ text: 'x'.repeat(MAX_NOTE_LENGTH + 1), point: [0, 1, 2] }]))).toBe(`Note 1's text is longer than ${MAX_NOTE_LENGTH} characters.`);
  });

  it('refuses more notes than it takes, and a file too large to be notes, before reading them', () => {
    expect(problem(file(Array.from({ length: MAX_NOTES + 1 }, () => 0)))).toBe(`The file holds ${MAX_NOTES + 1} notes, more than the ${MAX_NOTES} pointlens takes.`);
    expect(problem(' '.repeat(MAX_NOTES_FILE_BYTES + 1))).toBe('The file is larger than a notes file can be (4 MB).');
  });
});
