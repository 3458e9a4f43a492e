// Distance to another layer: the layer to measure to, the run, and what the distances come to.
import { useMemo, useState } from 'react';
import { formatCount, formatNumber, formatReading, parseDecimal, plural } from '../../core/format';
import { summariseDistances } from '../../core/layers/cloudDistance';
import { keptMaskOf } from '../../state/clipMask';
import { lengthUnitOf } from '../../state/measurements';
import { useAppStore } from '../../state/store';
import type { ComparisonView } from '../../state/slices/comparison';
import { canSignTo, cancelDistances, limitText, measureDistances, movedSinceMeasured, referenceChoices } from './compare';
import { ReferenceSelect } from './ReferenceSelect';
import { FetchedSinceNote } from '../FetchedSinceNote';

function Summary({ view }: { view: Extract<ComparisonView, { status: 'done' }> }) {
  const values = useAppStore((s) => s.layerData?.geometry.fields[view.field]);
  const kept = useAppStore(keptMaskOf);
  // a streamed layer's points change with the view: its figures are of the points held now that have a distance
  const octree = useAppStore((s) => (s.layer?.stream ? s.layerData?.octree : undefined));
  // over the points kept (by the clip, and where stray points are hidden), as the legend and the exports count
  const d = useMemo(
    () =>
      values instanceof Float32Array && (kept || octree)
        ? summariseDistances(kept ? values.filter((_, i) => kept[i] === 1) : values, view.maxDistance, view.signed)
        : view.summary,
    [values, kept, octree, view.summary, view.maxDistance, view.signed],
  );
  const held = values !== undefined;
  const moved = useAppStore((s) => movedSinceMeasured(s, view));
  const { unit } = view;
  const length = (v: number) => `${formatReading(v)}${unit ? ` ${unit}` : ''}`;
  const share = (n = 0) => `${formatNumber((100 * n) / Math.max(1, d.count), 1)}% (${formatCount(n)})`;
  return (
    <>
      <p className="muted" data-testid="compare-done">
        {plural(d.count, 'point')}{kept && held ? ' kept' : ''} measured to the nearest of {plural(view.referencePoints, 'point')} of {view.reference}
        {view.surfaceSamples > 0 && ` (a mesh: its vertices and ${formatCount(view.surfaceSamples)} points sampled on its surface)`}, as the layers are drawn,
        in {formatNumber(view.ms / 1000, 1)} s. {unit ? '' : "In the file's own units."}
      </p>
      {view.maxDistance !== undefined && (
        <p className="muted" data-testid="compare-beyond">
          {d.beyond === 0
            ? `No point lies beyond ${limitText(view.maxDistance, unit)}: every one was measured.`
            : `${plural(d.beyond, 'point')} beyond ${limitText(view.maxDistance, unit)}: each search stopped there, and they are kept as ${limitText(view.maxDistance, unit)}. The figures are of the ${formatCount(d.count)} within it.`}
        </p>
      )}
      <dl className="facts" data-testid="compare-summary">
        <dt>{view.signed ? 'Mean (signed)' : 'Mean'}</dt>
        <dd data-testid="compare-mean">{length(d.mean)}</dd>
        <dt>RMS</dt>
        <dd data-testid="compare-rms">{length(d.rms)}</dd>
        {view.signed && (
          <>
            <dt>In front</dt>
            <dd data-testid="compare-front">{share(d.front)}</dd>
            <dt>Behind</dt>
            <dd data-testid="compare-behind">{share(d.behind)}</dd>
          </>
        )}
        <dt>{view.signed ? 'Median length' : 'Median'}</dt>
        <dd data-testid="compare-median">{length(d.median)}</dd>
        <dt>95% within</dt>
        <dd data-testid="compare-p95">{length(d.p95)}</dd>
        <dt>Largest</dt>
        <dd data-testid="compare-max">{length(d.max)}</dd>
      </dl>
      {view.signed && (
        <p className="muted" data-testid="compare-signed">
          Signed by {view.reference}'s normals: above 0 in front of it (the side its normals face), below 0 behind. The median, 95% and largest are of the lengths, either side.
        </p>
      )}
      {held ? (
        <p className="muted">
          Kept as the field <code>{view.field}</code>
          {view.offsetFields && (
            <>
              , and each point's offset from its nearest point (the point minus it) along the layer's own x, y and z as <code>{view.offsetFields.join(', ')}</code>
            </>
          )}
          : {view.offsetFields ? 'their colour modes show them' : 'its colour mode shows them'}, the inspector reads a point's, and the PLY exports keep them.
        </p>
      ) : (
        <p className="muted" data-testid="compare-stale">
          The layer's points have changed since: measure again.
        </p>
      )}
      <FetchedSinceNote values={values} what="distance" shown="drawn grey and left out of the figures" again="Measure again" testId="compare-unmeasured" />
      {held && moved && (
        <p className="muted" data-testid="compare-moved">
          This layer or {view.reference} has been moved since: the distances are of where they were then. Measure again.
        </p>
      )}
    </>
  );
}

/** The reference the panel shows: the one chosen while it is still a layer, else the first. */
function chosenOrFirst(s: Parameters<typeof referenceChoices>[0], chosen: string): string | undefined {
  const choices = referenceChoices(s);
  return (choices.find((c) => c.id === chosen) ?? choices[0])?.id;
}

export function ComparePanel() {
  const layer = useAppStore((s) => s.layer);
  const layers = useAppStore((s) => s.layers);
  const view = useAppStore((s) => s.comparison);
  const unit = useAppStore(lengthUnitOf);
  const [chosen, setChosen] = useState('');
  const [maxDistance, setMaxDistance] = useState('');
  const [splitAxes, setSplitAxes] = useState(false);
  const [signed, setSigned] = useState(false);
  const signable = useAppStore((s) => (chosenOrFirst(s, chosen) ? canSignTo(s, chosenOrFirst(s, chosen)!) : false));
  if (!layer) return <p className="muted">Open a file to compare it with another.</p>;
  const choices = referenceChoices({ layer, layers });
  // a run or a result stays in view after its reference is removed
  if (!choices.length && !view) {
    return (
      <p className="muted" data-testid="compare-none">
        Open a second file beside this one (drop it, or Shift-click a sample) to measure how far each point of this layer lies from it.
      </p>
    );
  }
  const reference = choices.find((c) => c.id === chosenOrFirst({ layer, layers }, chosen));
  const busy = view?.status === 'running';
  const limit = maxDistance.trim() ? parseDecimal(maxDistance) : undefined;
  return (
    <div className="controls" data-testid="compare">
      {reference && <ReferenceSelect label="Measure to" testId="compare-reference" choices={choices} value={reference.id} onChange={setChosen} disabled={busy} />}
      {reference && (
        <>
          <label title="Each search stops this far away, as CloudCompare's maximum distance: points farther are counted and kept as it, not measured, and the run is quicker. Empty: no limit">
            Maximum distance{unit ? ` (${unit})` : ''}
            <input data-testid="compare-max-distance" inputMode="decimal" placeholder="none" value={maxDistance} onChange={(e) => setMaxDistance(e.target.value)} disabled={busy} />
          </label>
          {limit === null && (
            <p className="error-text" data-testid="compare-max-distance-problem">
              &quot;{maxDistance.trim()}&quot; is no number pointlens can be sure of: type one such as 0.05 (a point or a comma as its decimal mark), or leave it empty for none.
            </p>
          )}
          <label className="check" title="Also keep each point's offset from its nearest point along the layer's own x, y and z, as three more fields">
            <input data-testid="compare-split" type="checkbox" checked={splitAxes} onChange={(e) => setSplitAxes(e.target.checked)} disabled={busy} />
            Split into x, y, z
          </label>
          <label className="check" title="Each distance takes the sign of the side of the reference the point is on: (point - nearest) . n, n the normal at its nearest point (a mesh's triangle's), as CloudCompare's signed distances">
            <input data-testid="compare-signed-option" type="checkbox" checked={signed && signable} onChange={(e) => setSigned(e.target.checked)} disabled={busy || !signable} />
            Signed (by the reference's normals)
          </label>
          {!signable && (
            <p className="muted" data-testid="compare-no-normals">
              {reference.name} has no normals to sign by: make it the active layer and estimate them (the Normals panel, or N), then come back.
            </p>
          )}
          {signed && signable && limit !== undefined && (
            <p className="muted">Signed distances measure every point: the maximum distance is left out.</p>
          )}
        </>
      )}
      {busy && (
        <p className="muted" data-testid="compare-running">
          Measuring to {view.reference}… {formatNumber(view.progress * 100, 0)}% <button onClick={cancelDistances}>Cancel</button>
        </p>
      )}
      {!busy && reference && (
        <button
          data-testid="compare-run"
          disabled={limit === null}
          onClick={() => void measureDistances(reference.id, signed && signable ? { splitAxes, signed: true } : { ...(typeof limit === 'number' && { maxDistance: limit }), splitAxes })}
          title="Each point's distance to the nearest point of the other layer, with both placed as they are drawn"
        >
          Measure distances
        </button>
      )}
      {!busy && !reference && <p className="muted">Open another file beside this one to measure again.</p>}
      {view?.status === 'error' && (
        <p className="error-text" data-testid="compare-error">
          Measuring to {view.reference}: {view.message}
        </p>
      )}
      {view?.status === 'done' && <Summary view={view} />}
    </div>
  );
}
