// "Merge visible layers", under the layers list: which layers it takes, whose file coordinates the
// new layer keeps and which points each gives, then what it made.
import { formatCount, formatNumber } from '../../core/format';
import { useAppStore } from '../../state/store';
import { cancelMerge, mergedLayers, mergeVisibleLayers } from './merge';
import './merge.css';

export function MergeControls() {
  const layer = useAppStore((s) => s.layer);
  const layers = useAppStore((s) => s.layers);
  const view = useAppStore((s) => s.merge);
  const taken = mergedLayers({ layer, layers });
  const running = view?.status === 'running';
  const frame = taken?.[0].meta.fileName;
  return (
    <div className="merge-layers" data-testid="merge">
      <button data-testid="merge-run" disabled={!taken || running} onClick={() => void mergeVisibleLayers()} title="Joins the visible layers into a new layer, each point where it is drawn (CloudCompare's Merge)">
        Merge visible layers
      </button>
      <p className="muted" data-testid="merge-note">
        {taken
          ? `Joins the ${taken.length} visible layers into a new layer, each point where it is drawn, in ${frame}'s file coordinates; ${taken.some((e) => e.meta.id === layer?.id) ? `${frame} gives the points its clip, hidden stray points and filter keep, the others all theirs` : 'every layer gives all its points'}. A label field, source, names each point's layer; the layers merged are hidden, not removed.`
          : 'Show two layers or more to merge them into one.'}
      </p>
      {running && (
        <p className="muted" data-testid="merge-running">
          Merging… <button data-testid="merge-cancel" onClick={cancelMerge}>Cancel</button>
        </p>
      )}
      {view?.status === 'error' && (
        <p className="error-text" data-testid="merge-error">
          {view.message}
        </p>
      )}
      {view?.status === 'done' && (
        <div data-testid="merge-result" data-points={view.points}>
          <p>
            <strong>{view.name}</strong>: {formatCount(view.points)} points ({view.parts.map((p) => `${p.name} ${formatCount(p.points)}`).join(' · ')}) in {formatNumber(view.ms / 1000, 2)} s, in {view.frame}&apos;s coordinates.
          </p>
          {view.notes.map((note) => (
            <p className="muted" key={note}>
              {note}
            </p>
          ))}
        </div>
      )}
    </div>
  );
}
