// The picked point: its coordinates as the file stores them (to find it in the file) and, where its
// layer is moved, turned or scaled, where it sits now, in the file's own axes.
import { useMemo } from 'react';
import { formatCoordinates, formatReading, formatVector } from '../../core/format';
import { pointInFile } from '../../core/io/shift';
import { placedInFile } from '../../core/layers/placement';
import { isIdentity } from '../../core/layers/transform';
import { placementOf } from '../../state/placement';
import { useAppStore } from '../../state/store';

export function InspectorPanel() {
  const pick = useAppStore((s) => s.pick);
  const kind = useAppStore((s) => s.layer?.kind);
  const picked = useAppStore((s) => s.layers.find((e) => e.meta.id === s.pick?.layerId)?.meta);
  const several = useAppStore((s) => s.layers.length > 1);
  const layer = useAppStore((s) => s.layer);
  const layers = useAppStore((s) => s.layers);
  const settings = useAppStore((s) => s.settings);
  const comparison = useAppStore((s) => s.comparison);
  const limit = comparison?.status === 'done' && comparison.layerId === pick?.layerId ? comparison : null;
  const placed = useMemo(() => {
    const placement = pick && placementOf({ layer, layers, settings }, pick.layerId);
    return placement && !isIdentity(placement.transform) ? placedInFile(pick.position, placement) : null;
  }, [pick, layer, layers, settings]);
  if (!pick) return <p className="muted">Click a {kind === 'mesh' ? 'vertex' : 'point'} to inspect it.</p>;
  return (
    <dl className="facts" data-testid="inspector">
      {several && (
        <>
          <dt>Layer</dt>
          <dd data-testid="pick-layer" data-layer={pick.layerId}>{picked?.fileName}</dd>
        </>
      )}
      <dt>Index</dt>
      <dd data-testid="pick-index">{pick.index}</dd>
      <dt title="As the file stores it">{placed ? 'In the file' : 'Position'}</dt>
      <dd data-testid="pick-position">{formatCoordinates(pointInFile(pick.position, picked?.origin), 4)}</dd>
      {placed && (
        <>
          <dt title="Where the layer's transform puts it, in the file's axes">As placed</dt>
          <dd data-testid="pick-placed">{formatCoordinates(placed, 4)}</dd>
        </>
      )}
      {pick.color && (
        <>
          <dt>Colour</dt>
          <dd data-testid="pick-color">
            <span className="swatch" style={{ background: `rgb(${pick.color.join(',')})` }} /> {pick.color.join(', ')}
          </dd>
        </>
      )}
      {pick.normal && (
        <>
          <dt>Normal</dt>
          <dd data-testid="pick-normal">{formatVector(pick.normal, 3)}</dd>
        </>
      )}
      {Object.entries(pick.fields).map(([name, v]) => (
        <div className="fact" key={name}>
          <dt>{name}</dt>
          <dd data-testid={`pick-field-${name}`}>{fieldReading(name, v, limit)}</dd>
        </div>
      ))}
      {Object.entries(pick.overlays).map(([id, o]) => (
        <div className="fact" key={id}>
          <dt>{id}</dt>
          <dd data-testid={`pick-overlay-${id}`}>
            {o.className}
            {o.confidence !== undefined && ` (${(o.confidence * 100).toFixed(0)}%${o.sure === undefined ? '' : o.sure ? ', sure' : ', unsure'})`}
          </dd>
        </div>
      ))}
    </dl>
  );
}

/** A field's value at the picked point; a distance kept as the limit its search stopped at says it lies beyond. */
function fieldReading(name: string, v: number, limit: { field: string; maxDistance?: number } | null): string {
  if (Number.isNaN(v)) return 'no value';
  // the field holds 32-bit floats, the limit a double
  const beyond = limit?.maxDistance !== undefined && name === limit.field && v >= Math.fround(limit.maxDistance);
  return beyond ? `${formatReading(v)} or more (beyond the maximum distance)` : formatReading(v);
}
