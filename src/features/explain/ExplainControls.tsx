// The classification panel's look inside the model: toggles for the critical points and the
// upper-bound shape, with what each shows.
import { cssColor, EXPLAIN_COLORS } from '../../core/color/explainColors';
import { formatCount, formatNumber } from '../../core/format';
import { useAppStore } from '../../state/store';
import { colorMapGradient } from '../../core/color/colorMaps';
import { showCriticalPoints, showSaliency, showUpperBound } from './explain';

export function ExplainControls() {
  const explain = useAppStore((s) => s.explain);
  const colorMap = useAppStore((s) => s.settings.colorMap);
  const layerId = useAppStore((s) => s.layer?.id);
  if (!explain || explain.layerId !== layerId || !explain.critical) return null;
  const { critical, upperBound: ub, saliency: sal } = explain;
  const shownUb = ub.status === 'shown' || ub.status === 'running';
  const shownSal = sal.status === 'shown' || sal.status === 'running';
  return (
    <div className="explain" data-testid="explain">
      <label className="check" title="PointNet's global feature is a max over the points: these are the points that win at least one of its channels, and the prediction depends on them alone">
        <input type="checkbox" data-testid="explain-critical" checked={explain.showCritical} onChange={(e) => showCriticalPoints(e.target.checked)} />{' '}
        <span className="swatch" style={{ background: cssColor(EXPLAIN_COLORS.critical) }} /> Critical points
      </label>
      <p className="muted" data-testid="explain-critical-count" data-count={critical.count}>
        {formatCount(critical.count)} of the {formatCount(critical.sampled)} sampled points decide the global feature
      </p>
      <label className="check" title="Points of a grid over the object's box that, added to it, would change nothing: no channel of theirs beats the object's max">
        <input type="checkbox" data-testid="explain-upper-bound" checked={shownUb} disabled={ub.status === 'running'} onChange={(e) => void showUpperBound(e.target.checked)} />{' '}
        <span className="swatch" style={{ background: cssColor(EXPLAIN_COLORS.upperBound) }} /> Upper-bound shape
      </label>
      {ub.status === 'running' && <p className="muted">testing the grid…</p>}
      {(ub.status === 'shown' || ub.status === 'hidden') && (
        <p className="muted" data-testid="explain-upper-bound-count" data-count={ub.points}>
          {formatCount(ub.points)} of {formatCount(ub.grid)} grid points leave it unchanged ({formatNumber(ub.ms, 0)} ms)
        </p>
      )}
      {ub.status === 'error' && <p className="error-text">{ub.message}</p>}
      <label className="check" title="Each sampled point coloured by how much the top class's probability falls when the point and its nearest neighbours are dropped">
        <input type="checkbox" data-testid="explain-saliency" checked={shownSal} disabled={sal.status === 'running'} onChange={(e) => void showSaliency(e.target.checked)} /> Saliency
      </label>
      {sal.status === 'running' && <p className="muted">dropping each neighbourhood…</p>}
      {(sal.status === 'shown' || sal.status === 'hidden') && (
        <div data-testid="explain-saliency-facts" data-bound={sal.bound}>
          <p className="muted">
            {sal.label.replace(/_/g, ' ')} ({formatNumber(sal.probability * 100, 0)}%) loses this much when a point and its {sal.neighbours - 1} nearest
            neighbours are dropped ({formatNumber(sal.ms, 0)} ms)
          </p>
          <div className="legend-bar" style={{ background: colorMapGradient(colorMap) }} />
          <p className="muted legend-ends">
            <span>−{formatNumber(sal.bound * 100, 1)}%</span>
            <span>0</span>
            <span>+{formatNumber(sal.bound * 100, 1)}%</span>
          </p>
        </div>
      )}
      {sal.status === 'error' && <p className="error-text">{sal.message}</p>}
    </div>
  );
}
