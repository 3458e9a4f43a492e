// The Representations panel: the shown object as a surface sample, a point cloud, a 32^3 voxel
// grid and 12 depth images, each drawn in a view of its own (a front view; the depth images as
// they are), with its memory, the time to make it and the chamfer distance back to the surface.
import { useEffect, useRef, useState } from 'react';
import { REPRESENTATION, type ObjectRepresentations } from '../../core/geometry/representations';
import { formatCount, formatNumber } from '../../core/format';
import { useAppStore } from '../../state/store';
import { inference } from '../models/inference';

const SIDE = 96;

/** Front view (x right, y up) of packed xyz, each point a `dot`-pixel square, on a canvas of SIDE px. */
function PointsView({ points, dot, testId }: { points: Float32Array; dot: number; testId: string }) {
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const ctx = ref.current?.getContext('2d');
    if (!ctx) return;
    // one scale for x and y, so that the object keeps its proportions
    let lo = Infinity, hi = -Infinity;
    for (let i = 0; i < points.length; i++) {
      if (i % 3 === 2) continue;
      lo = Math.min(lo, points[i]);
      hi = Math.max(hi, points[i]);
    }
    const s = (SIDE - 8) / (hi - lo || 1);
    ctx.fillStyle = '#16181d';
    ctx.fillRect(0, 0, SIDE, SIDE);
    ctx.fillStyle = '#9fd3ff';
    for (let i = 0; i < points.length; i += 3) ctx.fillRect(4 + (points[i] - lo) * s - dot / 2, SIDE - 4 - (points[i + 1] - lo) * s - dot / 2, dot, dot);
  }, [points, dot]);
  return <canvas ref={ref} width={SIDE} height={SIDE} data-testid={testId} />;
}

/** One depth image: nearer is lighter, nothing seen is the background. */
function DepthView({ r, view }: { r: ObjectRepresentations; view: number }) {
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const ctx = ref.current?.getContext('2d');
    if (!ctx) return;
    const { depth, size, half } = r.views.images;
    const img = ctx.createImageData(size, size);
    for (let p = 0; p < size * size; p++) {
      const z = depth[view * size * size + p];
      const g = Number.isFinite(z) ? Math.round(255 - (z / (2 * half)) * 200) : 22;
      img.data.set([g, g, Number.isFinite(z) ? g : 29, 255], 4 * p);
    }
    ctx.putImageData(img, 0, 0);
  }, [r, view]);
  const { size } = r.views.images;
  return <canvas ref={ref} width={size} height={size} className="depth-view" />;
}

type State = { status: 'idle' } | { status: 'running' } | { status: 'done'; layerId: string; r: ObjectRepresentations } | { status: 'error'; message: string };

export function RepresentationsPanel() {
  const layer = useAppStore((s) => s.layer);
  const [state, setState] = useState<State>({ status: 'idle' });
  const compare = async () => {
    const { layerData, settings } = useAppStore.getState();
    if (!layerData) return;
    setState({ status: 'running' });
    try {
      const g = layerData.geometry;
      const object = { kind: g.kind, positions: g.positions.slice(), indices: g.kind === 'mesh' ? g.indices.slice() : undefined };
      const r = await (await inference()).rpc.call('representations', { object, upAxis: settings.upAxis });
      setState({ status: 'done', layerId: layerData.id, r });
    } catch (error) {
      setState({ status: 'error', message: `The representations failed: ${error instanceof Error ? error.message : String(error)}` });
    }
  };
  const shown = state.status === 'done' && state.layerId === layer?.id ? state.r : null;
  const rows = shown && [
    { id: 'original', name: shown.original.kind === 'mesh' ? 'Mesh (as loaded)' : 'Cloud (as loaded)', ...shown.original },
    { id: 'cloud', name: `Point cloud, ${formatCount(REPRESENTATION.cloudPoints)} points`, ...shown.cloud },
    { id: 'voxels', name: `Voxels ${REPRESENTATION.voxels}³ occupancy`, ...shown.voxels },
    { id: 'views', name: `${REPRESENTATION.views} depth views, ${REPRESENTATION.viewSize}²`, ...shown.views },
  ];
  return (
    <div className="representations" data-testid="representations">
      <button data-testid="representations-button" disabled={!layer || state.status === 'running'} onClick={() => void compare()}>
        {state.status === 'running' ? 'Making them…' : 'Compare representations'}
      </button>
      {state.status === 'error' && <p className="error-text">{state.message}</p>}
      {shown && rows && (
        <>
          <div className="representation-views">
            <figure>
              <PointsView points={shown.reference} dot={1} testId="representation-view-original" />
              <figcaption>surface</figcaption>
            </figure>
            <figure>
              <PointsView points={shown.cloud.points} dot={2} testId="representation-view-cloud" />
              <figcaption>cloud</figcaption>
            </figure>
            <figure>
              <PointsView points={shown.voxels.centres} dot={SIDE / REPRESENTATION.voxels} testId="representation-view-voxels" />
              <figcaption>voxels</figcaption>
            </figure>
          </div>
          <div className="depth-views" data-testid="representation-view-depth">
            {Array.from({ length: shown.views.images.views }, (_, v) => (
              <DepthView key={v} r={shown} view={v} />
            ))}
          </div>
          <table className="representation-table">
            <thead>
              <tr>
                <th>form</th>
                <th>memory</th>
                <th>time</th>
                <th title="symmetric chamfer distance to a dense surface sample, as a share of the object's size">chamfer</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={row.id} data-testid={`representation-${row.id}`} data-bytes={row.bytes} data-chamfer={row.chamfer}>
                  <td>{row.name}</td>
                  <td>{formatNumber(row.bytes / 1024, 1)} KB</td>
                  <td>{row.id === 'original' ? '—' : `${formatNumber(row.ms, 1)} ms`}</td>
                  <td>{formatNumber((row.chamfer / (shown.extent || 1)) * 100, 2)}%</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </div>
  );
}
