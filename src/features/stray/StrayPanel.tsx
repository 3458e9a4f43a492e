// Stray points: k and n·σ, the search, what it found, and hiding them or showing them again.
import { useState } from 'react';
import { formatCount, formatNumber, formatReading } from '../../core/format';
import { MAX_STRAY_NEIGHBOURS } from '../../core/geometry/strayPoints';
import { useAppStore } from '../../state/store';
import { cancelStrayPoints, findStrayPointsOfLayer, hideStrayPoints, strayParameters } from './stray';
import { strayReason } from './strayReason';

/** A field's number; NaN where it is empty (a number field holds '' for what is no number), which Number would take as 0. */
const typedNumber = (text: string) => (text.trim() === '' ? NaN : Number(text));

export function StrayPanel() {
  const layer = useAppStore((s) => s.layer);
  const view = useAppStore((s) => s.stray);
  const startK = useAppStore((s) => strayParameters(s).k);
  const startSigma = useAppStore((s) => strayParameters(s).sigma);
  // the inputs as typed, per layer: another layer's panel starts from its own search
  const [typed, setTyped] = useState<{ layerId: string; k: string; sigma: string } | null>(null);
  if (!layer) return <p className="muted">Open a file to find its stray points.</p>;
  const inputs = typed?.layerId === layer.id ? typed : { layerId: layer.id, k: String(startK), sigma: String(startSigma) };
  const busy = view?.status === 'running';
  const unit = view?.status === 'done' ? view.unit : '';
  const length = (v: number) => `${formatReading(v)}${unit ? ` ${unit}` : ''}`;
  return (
    <div className="controls" data-testid="stray">
      <div className="fields">
        <label title="How many nearest neighbours each point's mean distance is taken over">
          Neighbours (k)
          <input data-testid="stray-k" type="number" min={1} max={MAX_STRAY_NEIGHBOURS} step={1} value={inputs.k} disabled={busy} onChange={(e) => setTyped({ ...inputs, k: e.target.value })} />
        </label>
        <label title="A point is stray where its mean distance is past the cloud's mean by this many standard deviations">
          n·σ
          <input data-testid="stray-sigma" type="number" min={0} step={0.5} value={inputs.sigma} disabled={busy} onChange={(e) => setTyped({ ...inputs, sigma: e.target.value })} />
        </label>
      </div>
      {busy ? (
        <p className="muted" data-testid="stray-running">
          Finding stray points… {formatNumber(view.progress * 100, 0)}% <button onClick={cancelStrayPoints}>Cancel</button>
        </p>
      ) : (
        <button
          data-testid="stray-find"
          onClick={() => void findStrayPointsOfLayer(typedNumber(inputs.k), typedNumber(inputs.sigma))}
          title="Each point's mean distance to its k nearest neighbours; stray where it is past the mean of them by n standard deviations"
        >
          Find stray points
        </button>
      )}
      {view?.status === 'error' && <p className="error-text" data-testid="stray-error">{view.message}</p>}
      {view?.status === 'done' && (
        <>
          <p data-testid="stray-found" data-count={view.count}>
            <strong>{formatCount(view.count)}</strong> stray {view.count === 1 ? 'point' : 'points'} ({formatNumber((100 * view.count) / Math.max(1, view.points), 2)}% of{' '}
            {formatCount(view.points)}){view.count > 0 && !view.hidden && <span className="muted">, marked in magenta</span>}
          </p>
          <p className="muted" data-testid="stray-why">
            {strayReason(view, length)} Found in {formatNumber(view.ms / 1000, 1)} s.
          </p>
          {view.count > 0 &&
            (view.hidden ? (
              <>
                <button data-testid="stray-show" onClick={() => hideStrayPoints(false)} title="Takes the hiding back (Ctrl+Z takes back label edits only)">
                  Show them again
                </button>
                <p className="muted" data-testid="stray-hidden">
                  Hidden: left out of the view, picking, the legend&apos;s counts, the exports and the next classification or segmentation, as the clip leaves
                  points out.
                </p>
              </>
            ) : (
              <button data-testid="stray-hide" onClick={() => hideStrayPoints(true)}>
                Hide them
              </button>
            ))}
        </>
      )}
    </div>
  );
}
