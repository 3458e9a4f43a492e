// The notes feature: "Add note" (or A) takes up a tool as Measure does, the next click snaps to the
// nearest point of any visible layer (the viewer's picking) and the panel asks for the note's text.
// A note belongs to the layer of its point and is drawn where that layer is placed; it goes when
// its layer goes. Notes are saved as JSON, in their files' coordinates, and read back onto the
// active layer by those coordinates.
import { MAX_NOTES_FILE_BYTES, readNotesJson, writeNotesJson, type NoteRecord } from '../../core/notes/notesJson';
import { plural } from '../../core/format';
import { unitName } from '../../core/units';
import { layerDataOf } from '../../state/layerStack';
import { notesOf, unitOfLayer, type PlacedNote } from '../../state/notes';
import type { Note } from '../../state/slices/notes';
import { useAppStore, type LayerMeta } from '../../state/store';
import { baseName, download } from '../export/exportResults';
import { chooseSelectTool } from '../labelling/labelling';
import { chooseTool } from '../measure/measure';
import { toggleProfileDrawing } from '../profile/profile';

export const nextId = (notes: readonly Note[]) => notes.reduce((m, n) => Math.max(m, n.id), 0) + 1;

/** Whether clicks pin a note rather than inspect a point. */
export function addingNote(): boolean {
  return useAppStore.getState().notes.adding;
}

/** A and the panel's button: takes up the tool (the other tools put down), or puts it down with the point clicked. */
export function toggleAddingNote(on = !addingNote()): void {
  const { layer, updateNotes } = useAppStore.getState();
  if (on && !layer) return;
  if (on) {
    chooseTool(null);
    chooseSelectTool(null);
    toggleProfileDrawing(false);
  }
  updateNotes({ adding: on, pending: null });
}

/** Point `index` of layer `layerId` as the note's point, waiting for its text; a click on nothing (-1) pins nothing. */
export function placeNote(layerId: string | null, index: number): void {
  const state = useAppStore.getState();
  const data = layerId === null ? null : layerDataOf(state, layerId);
  if (!state.notes.adding || !data || index < 0) return;
  const p = data.geometry.positions;
  state.updateNotes({ pending: { layerId: data.id, index, position: [p[index * 3], p[index * 3 + 1], p[index * 3 + 2]] } });
}

/** The text typed for the point clicked: the note is pinned and the tool put down. Blank text pins nothing. */
export function saveNote(text: string): void {
  const { notes, updateNotes } = useAppStore.getState();
  if (!notes.pending || !text.trim()) return;
  updateNotes({ adding: false, pending: null, notes: [...notes.notes, { ...notes.pending, id: nextId(notes.notes), text: text.trim() }] });
}

/** Escape: drops the point clicked, or, with none, puts the tool down; false where it was not in hand. */
export function cancelNote(): boolean {
  const { notes, updateNotes } = useAppStore.getState();
  if (!notes.adding) return false;
  updateNotes(notes.pending ? { pending: null } : { adding: false });
  return true;
}

export function editNote(id: number, text: string): void {
  const { notes, updateNotes } = useAppStore.getState();
  if (text.trim()) updateNotes({ notes: notes.notes.map((n) => (n.id === id ? { ...n, text: text.trim() } : n)) });
}

export function removeNote(id: number): void {
  const { notes, updateNotes } = useAppStore.getState();
  updateNotes({ notes: notes.notes.filter((n) => n.id !== id) });
}

/** Turns the camera to the note's point. */
export function frameNote(id: number): void {
  useAppStore.getState().updateNotes({ framing: { noteId: id } });
}

/** Notes as a notes file holds them: in their files' coordinates and units. */
export function recordsOf(placed: readonly PlacedNote[]): NoteRecord[] {
  return placed.flatMap((n) => (n.id === null ? [] : [{ text: n.text, layer: n.fileName, point: n.inFile as NoteRecord['point'], unit: n.unit ?? null }]));
}

/** Every note, as a notes file holds them. */
export function noteRecords(): NoteRecord[] {
  return recordsOf(notesOf(useAppStore.getState()));
}

/** `records` as notes on `layer`, at their coordinates in its file, numbered from `firstId`. */
export function notesOnLayer(records: readonly NoteRecord[], layer: Pick<LayerMeta, 'id' | 'origin'>, firstId: number): Note[] {
  const origin = layer.origin ?? [0, 0, 0];
  return records.map((n, k) => ({ id: firstId + k, layerId: layer.id, text: n.text, position: n.point.map((v, j) => v - origin[j]) as Note['position'] }));
}

export function exportNotes(): void {
  const { layer } = useAppStore.getState();
  download(writeNotesJson(noteRecords()), 'application/json', `${baseName(layer?.fileName ?? 'pointlens')}.notes.json`);
}

/**
 * Notes read from `file` pinned at their coordinates (the file's own, as the notes file keeps them):
 * onto the active layer, or, `byName`, each onto the open layer of the file it names, and onto the
 * active layer where no layer is that file (said in the notice). A file that is not a notes file,
 * or notes in another unit than their layer's, are refused whole with the reason; notes that fall
 * outside their layer's box are pinned and counted in a notice.
 */
export async function importNotes(file: File, { byName = false } = {}): Promise<void> {
  const state = useAppStore.getState();
  const { layer } = state;
  const refuse = (why: string) => state.showError(`Notes not imported from ${file.name}: ${why}`);
  if (!layer) return byName ? refuse('no scan is open to pin them on (open the scan, then drop its notes).') : undefined;
  if (file.size > MAX_NOTES_FILE_BYTES) return refuse(`it is larger than a notes file can be (${MAX_NOTES_FILE_BYTES / 1024 / 1024} MB).`);
  const read = readNotesJson(await file.text());
  if ('problem' in read) return refuse(read.problem);
  const targets = new Map<LayerMeta, NoteRecord[]>();
  for (const n of read.notes) {
    const target = byName && n.layer !== layer.fileName ? (state.layers.find((e) => e.meta.fileName === n.layer)?.meta ?? layer) : layer;
    targets.set(target, [...(targets.get(target) ?? []), n]);
  }
  for (const [target, records] of targets) {
    const unit = unitOfLayer(state, target.id);
    const other = records.find((n) => n.unit !== null && unit !== undefined && n.unit !== unit);
    if (other) return refuse(`they are in ${unitName(other.unit!)}, ${target.fileName} in ${unitName(unit!)}.`);
  }
  const now = useAppStore.getState();
  let id = nextId(now.notes.notes);
  let outside = 0;
  const added: Note[] = [];
  const onto: string[] = [];
  for (const [target, records] of targets) {
    const notes = notesOnLayer(records, target, id);
    id += notes.length;
    added.push(...notes);
    outside += notes.filter((n) => outsideBox(n.position, target.bounds)).length;
    const unnamed = target === layer ? [...new Set(records.filter((n) => n.layer !== layer.fileName).map((n) => n.layer))] : [];
    const why = !byName || !unnamed.length ? '' : ` (the active layer: ${unnamed.every((name) => !name) ? 'the notes name no file' : `no open layer is ${unnamed.filter(Boolean).join(', ')}`})`;
    onto.push(`${targets.size > 1 ? `${records.length} ` : ''}onto ${target.fileName}${why}`);
  }
  now.updateNotes({ notes: [...now.notes.notes, ...added] });
  const said = targets.size > 1 ? `${plural(added.length, 'note')} imported, ${onto.slice(0, -1).join(', ')} and ${onto.at(-1)}` : `${plural(added.length, 'note')} imported ${onto[0]}`;
  const box = targets.size > 1 ? "their layer's box" : 'its box';
  now.showNotice(outside ? `${said}; ${outside} of them ${outside === 1 ? 'lies' : 'lie'} outside ${box} (pinned on another scan?).` : `${said}.`);
}

/** Whether `position` lies outside `bounds`, by more than a little: a point on its face is inside, whatever float32 made of it. */
function outsideBox(position: Note['position'], { min, max }: LayerMeta['bounds']): boolean {
  const slack = Math.hypot(...max.map((v, k) => v - min[k])) * 1e-3;
  return position.some((v, k) => v < min[k] - slack || v > max[k] + slack);
}

/** What the notice on a layer's removal says of its notes. */
export function notesRemovedWith(fileName: string, count: number): string {
  return `${plural(count, 'note')} on ${fileName} ${count === 1 ? 'was' : 'were'} removed with it.`;
}
