// Where the notes are and what the panel says of them: each drawn where its layer is placed now (its
// transform, up axis and origin, in the scene's frame, as measurements are), and given in its file's
// own coordinates and unit, as the inspector gives a point.
import type { LengthUnit } from '../core/types';
import { placedInScene } from '../core/layers/placement';
import { pointInFile } from '../core/io/shift';
import { layerDataOf, layerSettings } from './layerStack';
import { layerUnitOf } from './measurements';
import { placementOf, viewOrigin } from './placement';
import type { NotePoint } from './slices/notes';
import { useMemo } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useAppStore, type AppState } from './store';

export interface PlacedNote {
  /** null for the point clicked, waiting for its text */
  id: number | null;
  text: string;
  layerId: string;
  fileName: string;
  /** where it is drawn, in the scene's frame */
  at: [number, number, number];
  /** as its file stores it */
  inFile: number[];
  unit: LengthUnit | undefined;
}

type NotesInputs = Pick<AppState, 'layer' | 'layerData' | 'layers' | 'parked' | 'settings' | 'notes'>;

/** Layer `id`'s unit, active or not: each layer is read with its own up axis. */
export function unitOfLayer(s: Omit<NotesInputs, 'notes'>, id: string): LengthUnit | undefined {
  const layer = s.layers.find((e) => e.meta.id === id)?.meta ?? null;
  return layerUnitOf({ layer, layerData: layerDataOf(s, id), settings: { ...s.settings, upAxis: layerSettings(s, id).upAxis } });
}

/** Every note whose layer is there, then the point waiting for its text, each where its layer places it now. */
export function notesOf(s: NotesInputs): PlacedNote[] {
  const reference = viewOrigin(s);
  const place = (n: NotePoint, id: number | null, text: string): PlacedNote[] => {
    const entry = s.layers.find((e) => e.meta.id === n.layerId);
    const placement = placementOf(s, n.layerId);
    if (!entry || !placement) return [];
    const at = placedInScene(n.position, placement, reference);
    return [{ id, text, layerId: n.layerId, fileName: entry.meta.fileName, at, inFile: pointInFile(n.position, entry.meta.origin), unit: unitOfLayer(s, n.layerId) }];
  };
  const pending = s.notes.pending;
  return [...s.notes.notes.flatMap((n) => place(n, n.id, n.text)), ...(pending ? place(pending, null, '') : [])];
}

/** notesOf over the store, made again only when what it reads changes: what the Notes panel lists and the view draws. */
export function usePlacedNotes(): PlacedNote[] {
  const inputs = useAppStore(useShallow((s): NotesInputs => ({ layer: s.layer, layerData: s.layerData, layers: s.layers, parked: s.parked, settings: s.settings, notes: s.notes })));
  return useMemo(() => notesOf(inputs), [inputs]);
}
