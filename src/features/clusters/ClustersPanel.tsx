// Clusters: the distance and the smallest cluster, whether the planes are left out, the clustering,
// each cluster found (its points and box size), and the classifier's name for each of the largest.
import { useState } from 'react';
import { formatCount, formatNumber, parseDecimal, plural } from '../../core/format';
import { CLUSTER_FIELD, CLUSTER_SPACINGS, CLUSTERS_NAMED, MIN_CLUSTER_SHARE } from '../../core/geometry/clusters';
import { PLANE_FIELD } from '../../core/geometry/planes';
import { paletteColor } from '../../core/color/labelTable';
import { lengthUnitOf } from '../../state/measurements';
import { useAppStore } from '../../state/store';
import type { ClustersView } from '../../state/slices/clusters';
import { lengthText, shareText } from '../planes/planeText';
import { cancelClusters, findClustersOfLayer, nameClusters, NO_PLANES, type ClusterParameters } from './clusters';
import { clusterNameText, uprightBoxText } from './clusterText';
import '../planes/planes.css';
import { FetchedSinceNote } from '../FetchedSinceNote';
import { LabelFieldNote } from '../LabelFieldNote';
import { rowHighlightProps, useRowHighlightCleared } from '../rowHighlight';

/** A whole number as typed; undefined where the field is empty (its default), NaN where it holds no number. */
const typedWhole = (text: string) => (text.trim() === '' ? undefined : /^\d+$/.test(text.trim()) ? Number(text) : NaN);

function Naming({ view }: { view: Extract<ClustersView, { status: 'done' }> }) {
  const naming = view.naming;
  if (naming?.status === 'running')
    return (
      <p className="muted" data-testid="clusters-naming">
        Naming… {naming.named} of {naming.of}
      </p>
    );
  return (
    <>
      {view.clusters.length > 0 && (
        <button data-testid="clusters-name" onClick={() => void nameClusters()} title={`The object classifier on each of the ${CLUSTERS_NAMED} largest clusters, as on a file of its points alone`}>
          Name the clusters
        </button>
      )}
      {naming?.status === 'error' && (
        <p className="error-text" data-testid="clusters-naming-error">
          {naming.message}
        </p>
      )}
    </>
  );
}

function Found({ view }: { view: Extract<ClustersView, { status: 'done' }> }) {
  const { unit } = view;
  const labels = useAppStore((s) => s.layerData?.geometry.fields[CLUSTER_FIELD]);
  const held = labels !== undefined;
  useRowHighlightCleared(CLUSTER_FIELD);
  const names = view.naming?.status === 'done' ? view.naming.names : [];
  const inClusters = view.clusters.reduce((t, c) => t + c.points, 0);
  return (
    <>
      <p data-testid="clusters-found" data-count={view.clusters.length}>
        <strong>{plural(view.clusters.length, 'cluster')}</strong> holding {shareText(inClusters, view.points)} of the {formatCount(view.points)} points searched
      </p>
      <p className="muted" data-testid="clusters-why">
        Two points within {lengthText(view.distance, unit)}
        {view.autoDistance && ` (${CLUSTER_SPACINGS} times the points' spacing, ${lengthText(view.spacing, unit)})`} are in one cluster; a cluster holds {formatCount(view.minPoints)}{' '}
        points or more ({plural(view.tooSmall, 'smaller group')} left in none).{' '}
        {view.withoutPlanes && `The ${formatCount(view.points - view.clustered)} points on the planes found were left out. `}Found in {formatNumber(view.ms / 1000, 1)} s.
      </p>
      <Naming view={view} />
      <ol className="plane-list" data-testid="cluster-list">
        {view.clusters.map((c, i) => (
          <li key={i} {...rowHighlightProps(view.layerId, CLUSTER_FIELD, i + 1)} data-testid="cluster-row" data-points={c.points}>
            <span className="plane-swatch" style={{ background: `rgb(${paletteColor(i + 1).join(',')})` }} />
            <strong>cluster {i + 1}</strong> {shareText(c.points, view.points)}
            {names[i] && (
              <span data-testid="cluster-name" data-unknown={names[i].unknown} data-label={names[i].label}>
                {' '}
                — {clusterNameText(names[i])}
              </span>
            )}
            <div
              className="muted"
              data-testid="cluster-box"
              data-size={c.box.size.join(' ')}
              title="The smallest box around its points turned about up: length × width × height, turned counter-clockwise seen from above, from east (+x of a y-up or z-up scan) to its length"
            >
              box {uprightBoxText(c.box, unit)}
            </div>
          </li>
        ))}
      </ol>
      <FetchedSinceNote values={labels} what="cluster" shown="drawn grey" again="Find the clusters again" testId="clusters-fetched-since" />
      <LabelFieldNote field={CLUSTER_FIELD} none="0 for none" held={held} staleTestId="clusters-stale" />
    </>
  );
}

export function ClustersPanel() {
  const layer = useAppStore((s) => s.layer);
  const view = useAppStore((s) => s.clusters);
  const hasPlanes = useAppStore((s) => s.layerData?.geometry.fields[PLANE_FIELD] !== undefined);
  const unit = useAppStore(lengthUnitOf);
  const [typed, setTyped] = useState({ distance: '', minPoints: '', withoutPlanes: false });
  if (!layer) return <p className="muted">Open a file to split it into clusters.</p>;
  const busy = view?.status === 'running';
  const distance = typed.distance.trim() ? parseDecimal(typed.distance) : undefined;
  const parameters: ClusterParameters = {
    ...(distance !== undefined && { distance: distance ?? NaN }),
    ...(typedWhole(typed.minPoints) !== undefined && { minPoints: typedWhole(typed.minPoints) }),
    withoutPlanes: typed.withoutPlanes,
  };
  return (
    <div className="controls" data-testid="clusters">
      <div className="fields">
        <label title={`Two points this close are in one cluster. Empty: ${CLUSTER_SPACINGS} times the points' median spacing`}>
          Distance{unit ? ` (${unit})` : ''}
          <input data-testid="clusters-distance" inputMode="decimal" placeholder="auto" value={typed.distance} disabled={busy} onChange={(e) => setTyped({ ...typed, distance: e.target.value })} />
        </label>
        <label title={`A cluster holds at least this many points. Empty: ${formatNumber(100 * MIN_CLUSTER_SHARE, 1)}% of the points clustered`}>
          Min points
          <input data-testid="clusters-min-points" inputMode="numeric" placeholder={`${formatNumber(100 * MIN_CLUSTER_SHARE, 1)}%`} value={typed.minPoints} disabled={busy} onChange={(e) => setTyped({ ...typed, minPoints: e.target.value })} />
        </label>
      </div>
      <label className="check" title={hasPlanes ? 'Leave out the points on the planes the Planes panel found, so that objects part from the floor and walls they touch' : NO_PLANES}>
        <input type="checkbox" data-testid="clusters-without-planes" checked={typed.withoutPlanes} disabled={busy} onChange={(e) => setTyped({ ...typed, withoutPlanes: e.target.checked })} />
        <span>
          Leave out the planes found{!hasPlanes && <span className="muted"> (none yet: find them in the Planes panel)</span>}
        </span>
      </label>
      {distance === null && (
        <p className="error-text" data-testid="clusters-distance-problem">
          &quot;{typed.distance.trim()}&quot; is no number pointlens can be sure of: type one such as 0.05 (a point or a comma as its decimal mark), or leave it empty for the default.
        </p>
      )}
      {busy ? (
        <p className="muted" data-testid="clusters-running">
          Finding clusters… {formatNumber(view.progress * 100, 0)}% <button onClick={cancelClusters}>Cancel</button>
        </p>
      ) : (
        <button data-testid="clusters-find" disabled={distance === null} onClick={() => void findClustersOfLayer(parameters)} title="Euclidean connected components of the points kept">
          Find clusters
        </button>
      )}
      {view?.status === 'error' && (
        <p className="error-text" data-testid="clusters-error">
          {view.message}
        </p>
      )}
      {view?.status === 'done' && <Found view={view} />}
    </div>
  );
}
