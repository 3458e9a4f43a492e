// Subsample: the method and its length or count, which points it takes, the run, and what it made.
import { useState } from 'react';
import { formatCount, formatNumber } from '../../core/format';
import type { SubsampleMethod } from '../../core/geometry/subsample';
import { lengthUnitOf } from '../../state/measurements';
import { carriedNote } from '../../state/derivedLayer';
import { useAppStore } from '../../state/store';
import { NumberField } from '../NumberField';
import { TakenNote } from '../TakenNote';
import { cancelSubsample, startingCount, startingLength, subsampleActiveLayer } from './subsample';

type Kind = SubsampleMethod['kind'];

const KINDS: { kind: Kind; label: string; title: string }[] = [
  { kind: 'spacing', label: 'Minimum spacing', title: 'No two points kept closer than the spacing (CloudCompare\'s "space"), taken in the file\'s order' },
  { kind: 'voxel', label: 'Voxel grid', title: 'Of each voxel, the real point nearest its centre (not an average: every value stays a real one)' },
  { kind: 'count', label: 'Random count', title: 'This many points at random; the same seed keeps the same points' },
];

export function SubsamplePanel() {
  const layer = useAppStore((s) => s.layer);
  const view = useAppStore((s) => s.subsample);
  const unit = useAppStore(lengthUnitOf);
  const firstLength = useAppStore(startingLength);
  const firstCount = useAppStore(startingCount);
  // the values as typed; the count is a share of the layer it was typed for, and another layer starts from its own
  const [typed, setTyped] = useState<{ layerId: string; kind: Kind; length: number; count: number; seed: number } | null>(null);
  const [doubt, setDoubt] = useState<string | null>(null);
  if (!layer) return <p className="muted">Open a file to subsample it.</p>;
  const inputs = typed ? { ...typed, layerId: layer.id, count: typed.layerId === layer.id ? typed.count : firstCount } : { layerId: layer.id, kind: 'spacing' as Kind, length: firstLength, count: firstCount, seed: 0 };
  const put = (patch: Partial<typeof inputs>) => {
    setDoubt(null);
    setTyped({ ...inputs, ...patch });
  };
  const onDoubt = (text: string) => setDoubt(`"${text}" is no number pointlens can be sure of: type it with a point or a comma as its decimal mark and no thousands separator.`);
  const method: SubsampleMethod =
    inputs.kind === 'count' ? { kind: 'count', count: inputs.count, seed: inputs.seed } : inputs.kind === 'voxel' ? { kind: 'voxel', size: inputs.length } : { kind: 'spacing', spacing: inputs.length };
  const busy = view?.status === 'running';
  const inUnit = unit ? ` (${unit})` : '';
  return (
    <div className="controls" data-testid="subsample">
      <label>
        Method
        <select data-testid="subsample-method" value={inputs.kind} disabled={busy} onChange={(e) => put({ kind: e.target.value as Kind })} title={KINDS.find((k) => k.kind === inputs.kind)?.title}>
          {KINDS.map((k) => (
            <option key={k.kind} value={k.kind} title={k.title}>
              {k.label}
            </option>
          ))}
        </select>
      </label>
      <div className="fields">
        {inputs.kind === 'count' ? (
          <>
            <NumberField label="Points" value={inputs.count} step={Math.max(1, roundDown(inputs.count / 10))} onValue={(count) => put({ count })} onDoubt={onDoubt} testId="subsample-count" />
            <NumberField label="Seed" value={inputs.seed} step={1} onValue={(seed) => put({ seed })} onDoubt={onDoubt} testId="subsample-seed" />
          </>
        ) : (
          <NumberField
            label={`${inputs.kind === 'spacing' ? 'Spacing' : 'Voxel size'}${inUnit}`}
            value={inputs.length}
            step={inputs.length / 10}
            onValue={(length) => put({ length })}
            onDoubt={onDoubt}
            testId="subsample-length"
          />
        )}
      </div>
      {doubt && (
        <p className="error-text" data-testid="subsample-doubt">
          {doubt}
        </p>
      )}
      <TakenNote testId="subsample-taken">{layer.kind === 'mesh' && ' The new layer is a cloud: its faces are not kept.'}</TakenNote>
      {busy ? (
        <p className="muted" data-testid="subsample-running">
          Subsampling… {formatNumber(view.progress * 100, 0)}% <button onClick={cancelSubsample}>Cancel</button>
        </p>
      ) : (
        <button data-testid="subsample-run" onClick={() => void subsampleActiveLayer(method)} title="Makes a new layer of the points kept, with every field they carry, where the layer is">
          Subsample into a new layer
        </button>
      )}
      {view?.status === 'error' && (
        <p className="error-text" data-testid="subsample-error">
          {view.message}
        </p>
      )}
      {view?.status === 'done' && (
        <p data-testid="subsample-result" data-before={view.before} data-after={view.after}>
          <strong>{view.name}</strong>: {formatCount(view.before)} → {formatCount(view.after)} points ({formatNumber((100 * view.after) / view.before, 1)}%) in{' '}
          {formatNumber(view.ms / 1000, 2)} s, a new layer with every field of the points kept. <span data-testid="subsample-carried">{carriedNote(view.carried)}</span>
        </p>
      )}
    </div>
  );
}

/** A count's step: the power of ten at or below it. */
const roundDown = (v: number) => 10 ** Math.floor(Math.log10(Math.max(1, v)));
