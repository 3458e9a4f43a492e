import { formatCount, formatNumber, formatVector } from '../../core/format';
import { displayedPointsOf, useAppStore } from '../../state/store';

export function InfoPanel() {
  const layer = useAppStore((s) => s.layer);
  const displayedPoints = useAppStore(displayedPointsOf);
  if (!layer) return <p className="muted">Drop a file or open one to start.</p>;
  const size = layer.bounds.max.map((v, k) => v - layer.bounds.min[k]);
  return (
    <dl className="facts" data-testid="info">
      <dt>File</dt>
      <dd data-testid="info-file" title={layer.fileName}>{layer.fileName}</dd>
      <dt>Format</dt>
      <dd data-testid="info-format">{layer.format.toUpperCase()} {layer.kind === 'mesh' ? 'mesh' : 'point cloud'}</dd>
      <dt>{layer.kind === 'mesh' ? 'Vertices' : 'Points'}</dt>
      <dd data-testid="info-points">{formatCount(layer.points)}</dd>
      {layer.kind === 'mesh' && (
        <>
          <dt>Faces</dt>
          <dd data-testid="info-faces">{formatCount(layer.faces)}</dd>
          <dt>Triangles</dt>
          <dd>{formatCount(layer.triangles)}</dd>
        </>
      )}
      {displayedPoints < layer.points && (
        <>
          <dt>Drawn at most</dt>
          <dd data-testid="info-displayed" title="The point budget: the octree's nodes in view are drawn, in full detail where the camera is close; recognition uses every point">
            {formatCount(displayedPoints)}
          </dd>
        </>
      )}
      <dt>Memory</dt>
      <dd data-testid="info-memory" title="The layer's arrays in this page (positions, colours, fields, faces, octree) over its points">
        {formatNumber(layer.bytes / 1e6, 1)} MB, {formatNumber(layer.bytes / layer.points, 1)} B a point
      </dd>
      <dt>Attributes</dt>
      <dd data-testid="info-attributes">{layer.attributes.length ? layer.attributes.join(', ') : 'none'}</dd>
      <dt>Size</dt>
      <dd title={`min ${formatVector(layer.bounds.min)}\nmax ${formatVector(layer.bounds.max)}`}>{formatVector(size, 2)}</dd>
      <dt>Min</dt>
      <dd>{formatVector(layer.bounds.min, 2)}</dd>
      <dt>Max</dt>
      <dd>{formatVector(layer.bounds.max, 2)}</dd>
      <dt>Parse</dt>
      <dd data-testid="info-parse">{formatNumber(layer.parseMs, 0)} ms</dd>
      <dt>NaN dropped</dt>
      <dd data-testid="info-dropped">{formatCount(layer.droppedNonFinite)}</dd>
      {layer.warnings.length > 0 && (
        <>
          <dt>Warnings</dt>
          <dd data-testid="info-warnings">
            {layer.warnings.map((w) => (
              <div key={w}>{w}</div>
            ))}
          </dd>
        </>
      )}
    </dl>
  );
}
