import { formatCoordinates, formatReading, formatVector } from '../../core/format';
import { pointInFile } from '../../core/io/shift';
import { useAppStore } from '../../state/store';

export function InspectorPanel() {
  const pick = useAppStore((s) => s.pick);
  const kind = useAppStore((s) => s.layer?.kind);
  const picked = useAppStore((s) => s.layers.find((e) => e.meta.id === s.pick?.layerId)?.meta);
  const several = useAppStore((s) => s.layers.length > 1);
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
      <dt>Position</dt>
      <dd data-testid="pick-position">{formatCoordinates(pointInFile(pick.position, picked?.origin), 4)}</dd>
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
          <dd data-testid={`pick-field-${name}`}>{Number.isNaN(v) ? 'no value' : formatReading(v)}</dd>
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
