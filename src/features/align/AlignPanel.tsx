// Align to another layer: the layer to align to, the run, what it came to and the transform it set.
import { useState } from 'react';
import { formatCount, formatNumber, formatReading } from '../../core/format';
import { MAX_ITERATIONS } from '../../core/layers/align';
import { useAppStore } from '../../state/store';
import type { AlignmentView } from '../../state/slices/alignment';
import { referenceChoices } from '../compare/compare';
import { alignToLayer, cancelAlignment, undoableAlignment, undoAlignment } from './align';
import { ReferenceSelect } from '../compare/ReferenceSelect';

function Outcome({ view }: { view: Extract<AlignmentView, { status: 'done' }> }) {
  const undoable = useAppStore((s) => undoableAlignment(s) !== null);
  const length = (v: number) => `${formatReading(v)}${view.unit ? ` ${view.unit}` : ''}`;
  const { translate, rotateDeg, scale } = view.transform;
  return (
    <>
      <p className="muted" data-testid="align-done">
        Moved onto {view.reference} in {formatNumber(view.ms / 1000, 1)} s, from {formatCount(view.sampled)} of its points searched. {view.unit ? '' : "In the file's own units."}
      </p>
      <dl className="facts" data-testid="align-summary">
        <dt>RMS distance</dt>
        <dd data-testid="align-rms" title="Of the points matched to the reference once aligned, before and after">
          {length(view.rmsBefore)} → {length(view.rmsAfter)}
        </dd>
        <dt>Overlap</dt>
        <dd data-testid="align-overlap" title="The share of the points searched that lie within a few point spacings of the reference once aligned">
          {formatNumber(view.overlap * 100, 1)}%
        </dd>
        <dt>Scale</dt>
        <dd data-testid="align-scale" title="The factor the layer's scale was multiplied by, about its centre">
          {view.adjustScale ? `×${formatReading(view.scaleFound)} found` : 'kept (not adjusted)'}
        </dd>
        <dt>Iterations</dt>
        <dd data-testid="align-iterations">{view.converged ? `${view.iterations}, settled` : `${view.iterations}, stopped before it settled: align again to go on`}</dd>
        <dt>Transform set</dt>
        <dd data-testid="align-transform">
          move {translate.map((v) => formatReading(v)).join(', ')}, turn {formatReading(rotateDeg)}°{view.adjustScale && `, scale ${formatReading(scale)}`}
        </dd>
      </dl>
      {view.undone ? (
        <p className="muted" data-testid="align-undone">
          Undone: the layer is back where it was before.
        </p>
      ) : undoable ? (
        <button data-testid="align-undo" onClick={undoAlignment} title="Put back the transform the layer had before it was aligned">
          Undo alignment
        </button>
      ) : (
        <p className="muted">The layer has been moved since.</p>
      )}
    </>
  );
}

export function AlignPanel() {
  const layer = useAppStore((s) => s.layer);
  const layers = useAppStore((s) => s.layers);
  const view = useAppStore((s) => s.alignment);
  const [chosen, setChosen] = useState('');
  const [adjustScale, setAdjustScale] = useState(false);
  if (!layer) return <p className="muted">Open a file to align it with another.</p>;
  const choices = referenceChoices({ layer, layers });
  if (!choices.length && !view) {
    return (
      <p className="muted" data-testid="align-none">
        Open a second file of the same place beside this one (drop it, or Shift-click a sample) to move this layer onto it.
      </p>
    );
  }
  const reference = choices.find((c) => c.id === chosen) ?? choices[0];
  const busy = view?.status === 'running';
  return (
    <div className="controls" data-testid="align">
      {reference && <ReferenceSelect label="Align to" testId="align-reference" choices={choices} value={reference.id} onChange={setChosen} disabled={busy} />}
      {busy && (
        <p className="muted" data-testid="align-running">
          Aligning to {view.reference}… {view.iteration ? `iteration ${view.iteration} of at most ${MAX_ITERATIONS}, RMS ${formatReading(view.rms)}` : 'preparing'} <button onClick={cancelAlignment}>Cancel</button>
        </p>
      )}
      {!busy && reference && (
        <>
          <label className="check" title="Also solve a uniform scale about the layer's centre, as CloudCompare's adjust scale: for a scan without scale, or a model in units a little off. A scale past a factor of 2 either way is refused">
            <input data-testid="align-adjust-scale" type="checkbox" checked={adjustScale} onChange={(e) => setAdjustScale(e.target.checked)} /> Adjust scale
          </label>
          <button
            data-testid="align-run"
            onClick={() => void alignToLayer(reference.id, adjustScale)}
            title={`Moves this layer onto the other by iterative closest points: a move and a turn about the up axis, ${adjustScale ? 'and a scale' : 'the scale kept'}`}
          >
            Align
          </button>
          <p className="muted">It finds the nearest fit, so bring the layers roughly together first (the Layers panel's transform).</p>
        </>
      )}
      {!busy && !reference && <p className="muted">Open another file beside this one to align again.</p>}
      {view?.status === 'error' && (
        <p className="error-text" data-testid="align-error">
          Aligning to {view.reference}: {view.message}
        </p>
      )}
      {view?.status === 'done' && <Outcome view={view} />}
    </div>
  );
}
