// The notes feature's slice: text pinned to points of the layers. A note keeps its layer and its
// point in that layer's kept positions (relative to its origin, before its transform), so that it
// is drawn where the layer is placed now and goes when its layer goes.

export interface NotePoint {
  layerId: string;
  /** the point clicked; absent for a note read from a file, placed by its coordinates */
  index?: number;
  /** in its layer's kept positions (relative to its origin, before its transform) */
  position: [number, number, number];
}

export interface Note extends NotePoint {
  id: number;
  text: string;
}

export interface NotesState {
  /** true: the next click pins a note to the nearest point */
  adding: boolean;
  /** the point clicked, waiting for its text */
  pending: NotePoint | null;
  notes: Note[];
  /** the note the camera was last asked to turn to: a new object at every ask, the same note again too */
  framing: { noteId: number } | null;
}

export const INITIAL_NOTES: NotesState = { adding: false, pending: null, notes: [], framing: null };

/** The notes less those on layer `id`, which is gone. */
export function notesWithout(s: NotesState, id: string): NotesState {
  if (!s.notes.some((n) => n.layerId === id) && s.pending?.layerId !== id) return s;
  return { ...s, notes: s.notes.filter((n) => n.layerId !== id), pending: s.pending?.layerId === id ? null : s.pending };
}
