import { useAppStore } from '../../state/store';
import { loadWholeStreamedLayer } from '../load/loadFiles';
import { streamedNote } from './streamed';

/** In the recognition panels of a streamed layer: why they wait, and the button that loads every point. */
export function StreamedNote() {
  const layer = useAppStore((s) => s.layer);
  const loading = useAppStore((s) => s.loading !== null);
  const note = streamedNote(layer);
  if (!note) return null;
  return (
    <div className="streamed-note">
      <p className="muted" data-testid="streamed-note">
        {note}
      </p>
      <button data-testid="load-whole" disabled={loading} onClick={() => void loadWholeStreamedLayer()}>
        Load every point
      </button>
    </div>
  );
}
