import { formatNumber } from '../../core/format';
import { useAppStore } from '../../state/store';
import { FetchedSinceNote } from '../FetchedSinceNote';
import { estimateShownNormals, lacksNormals } from './normals';

export function NormalsPanel() {
  const layer = useAppStore((s) => s.layer);
  const normals = useAppStore((s) => s.layerData?.geometry.normals);
  const hasNormals = normals !== undefined;
  const lacking = useAppStore(lacksNormals);
  const view = useAppStore((s) => s.normals);
  const lit = useAppStore((s) => s.settings.litPoints);
  const updateSettings = useAppStore((s) => s.updateSettings);
  if (!layer) return <p className="muted">Open a file to see its normals.</p>;
  return (
    <div className="controls" data-testid="normals">
      {view?.status === 'running' && (
        <p className="muted" data-testid="normals-running">
          Estimating normals… {formatNumber(view.progress * 100, 0)}%
        </p>
      )}
      {view?.status === 'error' && <p className="error-text">{view.message}</p>}
      {view?.status === 'done' && (
        <p className="muted" data-testid="normals-done">
          Estimated from {view.k} neighbours a point in {formatNumber(view.ms / 1000, 1)} s
        </p>
      )}
      <FetchedSinceNote values={normals} stride={3} what="normal" shown="drawn grey in the Normal colour mode" again="Estimate normals again" testId="normals-fetched-since" />
      {lacking && view?.status !== 'running' && (
        <button data-testid="normals-estimate" onClick={() => void estimateShownNormals()} title="A plane fitted to each point's nearest neighbours (N)">
          {hasNormals ? 'Estimate normals again' : 'Estimate normals'}
        </button>
      )}
      {hasNormals && view?.status !== 'done' && <p className="muted">From the file.</p>}
      <label className="check">
        <input type="checkbox" data-testid="lit-points" disabled={!hasNormals} checked={lit && hasNormals} onChange={(e) => updateSettings({ litPoints: e.target.checked })} />
        Lit points (a light from the camera)
      </label>
    </div>
  );
}
