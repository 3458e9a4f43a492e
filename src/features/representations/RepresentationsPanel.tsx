// The lecture's comparison for the shown object: mesh, point cloud, voxel grid and depth views,
// each in its own view with its memory, the time to make it and how much of the shape it keeps.
// It runs on request: a comparison reads every point several times.
import { useEffect, useRef, useState } from 'react';
import { formatNumber } from '../../core/format';
import { formatBytes } from '../../core/io/limits';
import type { RepresentationComparison } from '../../core/representations/compareRepresentations';
import type { Geometry } from '../../core/types';
import type { SignedAxis } from '../../core/geometry/signedAxis';
import { useAppStore } from '../../state/store';
import { isAbortError } from '../../workers/rpc';
import { compareInWorker } from './compareInWorker';
import { drawDepthViews, drawMesh, drawPoints, drawVoxels } from './drawPreview';

type State = { status: 'idle' } | { status: 'running' } | { status: 'error'; message: string } | { status: 'done'; comparison: RepresentationComparison; up: SignedAxis };

const PREVIEW = 118;

function Preview({ draw, width = PREVIEW, height = PREVIEW, testId }: { draw: (ctx: CanvasRenderingContext2D) => void; width?: number; height?: number; testId: string }) {
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const ctx = ref.current?.getContext('2d');
    if (ctx) draw(ctx);
  }, [draw]);
  return <canvas ref={ref} width={width} height={height} data-testid={testId} className="representation-preview" />;
}

function Previews({ comparison, geometry, up }: { comparison: RepresentationComparison; geometry: Geometry; up: SignedAxis }) {
  const { bounds, reference, points, voxels, views } = comparison;
  return (
    <div className="representation-previews">
      <figure>
        {geometry.kind === 'mesh' && geometry.indices.length ? (
          <Preview testId="representation-view-mesh" draw={(ctx) => drawMesh(ctx, geometry.positions, geometry.indices, bounds, up)} />
        ) : (
          <Preview testId="representation-view-reference" draw={(ctx) => drawPoints(ctx, reference, bounds, up, 1)} />
        )}
        <figcaption>{geometry.kind === 'mesh' ? 'Mesh' : 'As loaded'}</figcaption>
      </figure>
      <figure>
        <Preview testId="representation-view-points" draw={(ctx) => drawPoints(ctx, points, bounds, up)} />
        <figcaption>{points.length / 3} points</figcaption>
      </figure>
      <figure>
        <Preview testId="representation-view-voxels" draw={(ctx) => drawVoxels(ctx, voxels, bounds, up)} />
        <figcaption>
          {voxels.res}³ voxels
        </figcaption>
      </figure>
      <figure className="wide">
        <Preview testId="representation-view-depth" width={4 * views.size} height={Math.ceil(views.views / 4) * views.size} draw={(ctx) => drawDepthViews(ctx, views)} />
        <figcaption>{views.views} depth views</figcaption>
      </figure>
    </div>
  );
}

export function RepresentationsPanel() {
  const layer = useAppStore((s) => s.layer);
  const layerData = useAppStore((s) => s.layerData);
  const up = useAppStore((s) => s.settings.upAxis);
  const [state, setState] = useState<State>({ status: 'idle' });
  const abort = useRef<AbortController | null>(null);

  // a new file (or up axis) makes the last comparison stale, and stops one still running
  useEffect(() => {
    setState({ status: 'idle' });
    return () => abort.current?.abort();
  }, [layerData?.id, up]);

  if (!layer || !layerData) return <p className="muted">Open an object to compare its representations.</p>;

  const run = async () => {
    abort.current?.abort();
    const controller = new AbortController();
    abort.current = controller;
    setState({ status: 'running' });
    try {
      const comparison = await compareInWorker(layerData.geometry, up, controller.signal);
      if (!controller.signal.aborted) setState({ status: 'done', comparison, up });
    } catch (error) {
      if (!isAbortError(error)) setState({ status: 'error', message: `The comparison failed: ${error instanceof Error ? error.message : String(error)}` });
    }
  };

  return (
    <div className="representations" data-testid="representations">
      <p className="muted">
        The same shape as a mesh, a point cloud, a voxel grid and depth images from 12 cameras: what each costs and how much of the shape it keeps
        (chamfer distance back to {layer.kind === 'mesh' ? 'the mesh surface' : 'the cloud'}).
      </p>
      <button data-testid="representations-run" disabled={state.status === 'running'} onClick={run}>
        {state.status === 'running' ? 'Comparing…' : 'Compare representations'}
      </button>
      {state.status === 'error' && (
        <p className="error-text" data-testid="representations-error">
          {state.message}
        </p>
      )}
      {state.status === 'done' && (
        <>
          <table className="representation-table" data-testid="representations-table">
            <thead>
              <tr>
                <th>Representation</th>
                <th>Memory</th>
                <th>Time</th>
                <th title="Symmetric chamfer distance to a dense sample of the original surface, as a share of the object's diagonal">Chamfer</th>
              </tr>
            </thead>
            <tbody>
              {state.comparison.stats.map((s) => (
                <tr key={s.kind} data-kind={s.kind} data-bytes={s.bytes} data-chamfer={s.chamferRelative} title={s.detail}>
                  <td>{s.label}</td>
                  <td>{formatBytes(s.bytes)}</td>
                  <td>{s.kind === 'mesh' ? 'loaded' : `${formatNumber(s.ms, 1)} ms`}</td>
                  <td>{s.kind === 'mesh' ? 'reference' : `${formatNumber(s.chamferRelative * 100, 2)}%`}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <Previews comparison={state.comparison} geometry={layerData.geometry} up={state.up} />
        </>
      )}
    </div>
  );
}
