import { formatCoordinates, formatCount, formatNumber, formatVector } from '../../core/format';
import { formats } from '../../core/io/formats';
import { formatBytes } from '../../core/io/limits';
import { pointInFile } from '../../core/io/shift';
import { RECORD_VALUES } from '../../core/io/rawRecords';
import { PARSE_BASE_SECONDS, PARSE_SLOWEST_BYTES_PER_SECOND } from '../../core/io/parseLimit';
import { unitName } from '../../core/units';
import { displayedPointsOf, useAppStore, type LayerMeta, type StreamMeta } from '../../state/store';
import type { Decimation } from '../../state/slices/detail';
import { readBudgetBytes } from '../load/readBudget';
import { readShownRecordsAgain } from '../load/loadFiles';
import { LimitInput } from './LimitInput';

/** What pointlens will spend on reading one file: memory (the read budget) and time (the parse limit). */
function ReadLimits() {
  const budget = readBudgetBytes();
  const limit = useAppStore((s) => s.settings.parseLimitSeconds);
  const recordValues = useAppStore((s) => s.settings.recordValues);
  const update = useAppStore((s) => s.updateSettings);
  const counts = Array.from({ length: RECORD_VALUES[1] - RECORD_VALUES[0] + 1 }, (_, k) => RECORD_VALUES[0] + k);
  return (
    <div className="controls read-limits">
      <p className="muted" data-testid="read-budget" data-bytes={budget}>
        Read budget: {formatBytes(budget)} of decoded arrays a file, and for all the layers together; a larger PLY, LAS, LAZ or NPY cloud is kept as an even subsample of its points,
        with full detail read again where the camera rests; another larger file is refused before it is read, and a layer that would take the layers past it when it would be added.
      </p>
      <label title={`0: a time that grows with the file's size (${PARSE_BASE_SECONDS} s plus 1 s for each ${formatBytes(PARSE_SLOWEST_BYTES_PER_SECOND)})`}>
        Give up reading after (s, 0: by file size)
        <LimitInput testId="parse-limit" value={limit} onChange={(parseLimitSeconds) => update({ parseLimitSeconds })} />
      </label>
      <label title="A headerless .bin does not say how many float32 values each point has; the reader finds the count from the values, and this sets it instead: the .bin shown is read again with it, and so are the .bin files opened from now on">
        Values a point in a headerless .bin
        <select
          data-testid="record-values"
          value={recordValues}
          onChange={(e) => {
            update({ recordValues: Number(e.target.value) });
            void readShownRecordsAgain();
          }}
        >
          <option value={0}>found from the values</option>
          {counts.map((n) => (
            <option key={n} value={n}>
              {n}
            </option>
          ))}
        </select>
      </label>
    </div>
  );
}

/** The format as a person names it: LAZ is LAS compressed, read by the same reader. */
function formatName({ format, fileName }: { format: LayerMeta['format']; fileName: string }): string {
  if (format === 'copc') return 'COPC';
  return format === 'las' && /\.laz$/i.test(fileName) ? 'LAZ' : formats[format].name;
}

/** What a layer kept decimated holds of its file, and the detail read where the camera rests. */
function Decimated({ decimated, held }: { decimated: Decimation; held: number }) {
  const detail = useAppStore((s) => s.detail);
  return (
    <>
      <dt>Decimated</dt>
      <dd data-testid="info-decimated" title="The file is larger than the read budget: every n-th of its points is held, and recognition, exports and the size, min and max given here use those">
        holds {formatCount(held)} of {formatCount(decimated.total)} points (1 in {decimated.every})
      </dd>
      <dt>Detail</dt>
      <dd data-testid="info-detail" data-status={detail?.status ?? 'none'}>
        {!detail && 'zoom in and rest the camera to read a region in full'}
        {detail?.status === 'loading' && `loading the region in view${detail.every > 1 ? ` (1 in ${detail.every} points)` : ''}…`}
        {detail?.status === 'shown' && `${formatCount(detail.points ?? 0)} of the region's ${formatCount(detail.inside ?? 0)} points shown`}
        {detail?.status === 'failed' && `could not be read: ${detail.message}`}
      </dd>
    </>
  );
}

function budgetShare(bytes: number): string {
  const percent = (100 * bytes) / readBudgetBytes();
  return percent < 0.1 ? 'under 0.1%' : `${formatNumber(percent, 1)}%`;
}

/** What a streamed COPC layer holds of its file, and what reading it cost. */
function StreamFacts({ stream, loaded }: { stream: StreamMeta; loaded: number }) {
  const share = formatNumber((100 * stream.fetchedBytes) / Math.max(1, stream.fileBytes), 1);
  return (
    <>
      <dt>In the file</dt>
      <dd data-testid="info-file-points">
        {formatCount(stream.filePoints)} points, {formatCount(stream.nodes)} octree nodes
      </dd>
      <dt>Loaded</dt>
      <dd data-testid="info-stream" title="The octree nodes the view needs are fetched as the camera moves, within the point budget; far ones are let go">
        {formatCount(loaded)} points in {formatCount(stream.loadedNodes)} nodes; fetched {formatBytes(stream.fetchedBytes)} of {formatBytes(stream.fileBytes)} ({share}%)
        {stream.ranges ? '' : ', the whole file: the server ignores range requests'}
      </dd>
    </>
  );
}

/** Every layer counts against the one read budget. */
function LayersMemory({ bytes, count }: { bytes: number; count: number }) {
  return (
    <dd data-testid="info-layers-memory" data-bytes={bytes} title="What the decoded arrays of every layer take together: a layer that would take them past the read budget is refused">
      {count} layers: {formatBytes(bytes)} ({budgetShare(bytes)} of {formatBytes(readBudgetBytes())})
    </dd>
  );
}

export function InfoPanel() {
  const layer = useAppStore((s) => s.layer);
  const displayedPoints = useAppStore(displayedPointsOf);
  const layers = useAppStore((s) => s.layers);
  if (!layer) {
    return (
      <>
        <p className="muted">Drop a file or open one to start.</p>
        <ReadLimits />
      </>
    );
  }
  const size = layer.bounds.max.map((v, k) => v - layer.bounds.min[k]);
  const [min, max] = [layer.bounds.min, layer.bounds.max].map((p) => pointInFile(p, layer.origin));
  return (
    <>
      <dl className="facts" data-testid="info">
        <dt>File</dt>
        <dd data-testid="info-file" title={layer.fileName}>{layer.fileName}</dd>
        <dt>Format</dt>
        <dd data-testid="info-format">{formatName(layer)} {layer.kind === 'mesh' ? 'mesh' : 'point cloud'}</dd>
        <dt>{layer.kind === 'mesh' ? 'Vertices' : 'Points'}</dt>
        <dd data-testid="info-points">{formatCount(layer.points)}</dd>
        {layer.decimated && <Decimated decimated={layer.decimated} held={layer.points} />}
        {layer.kind === 'mesh' && (
          <>
            <dt>Faces</dt>
            <dd data-testid="info-faces">{formatCount(layer.faces)}</dd>
            <dt>Triangles</dt>
            <dd>{formatCount(layer.triangles)}</dd>
          </>
        )}
        {layer.stream && <StreamFacts stream={layer.stream} loaded={layer.points} />}
        {displayedPoints < layer.points && (
          <>
            <dt>Drawn at most</dt>
            <dd data-testid="info-displayed" title="The point budget: the octree's nodes in view are drawn, in full detail where the camera is close; recognition uses every point">
              {formatCount(displayedPoints)}
            </dd>
          </>
        )}
        <dt>Attributes</dt>
        <dd data-testid="info-attributes">{layer.attributes.length ? layer.attributes.join(', ') : 'none'}</dd>
        {/* a decimated layer's box is of the points it holds, which may stop short of the file's */}
        <dt>{layer.decimated ? 'Size (held)' : 'Size'}</dt>
        <dd title={`min ${formatCoordinates(min)}\nmax ${formatCoordinates(max)}`}>{formatVector(size, 2)}</dd>
        <dt>{layer.decimated ? 'Min (held)' : 'Min'}</dt>
        <dd data-testid="info-min">{formatCoordinates(min, 2)}</dd>
        <dt>{layer.decimated ? 'Max (held)' : 'Max'}</dt>
        <dd data-testid="info-max">{formatCoordinates(max, 2)}</dd>
        {layer.decimated && layer.declaredBox && (
          <>
            <dt>File min</dt>
            <dd data-testid="info-file-min" title="The box the file's header declares, around all of its points">
              {formatCoordinates(layer.declaredBox.min, 2)}
            </dd>
            <dt>File max</dt>
            <dd data-testid="info-file-max">{formatCoordinates(layer.declaredBox.max, 2)}</dd>
          </>
        )}
        {layer.origin && (
          <>
            <dt>Origin</dt>
            <dd data-testid="info-origin" title="The file's coordinates lie far from zero, where 32-bit floats keep only centimetres or worse: its points are kept relative to this, and the coordinates shown and exported have it added back">
              {formatCoordinates(layer.origin)}
            </dd>
          </>
        )}
        {layer.unit && (
          <>
            <dt>Units</dt>
            <dd data-testid="info-unit" data-unit={layer.unit} title="The unit of length the file's coordinate system declares: measurements are labelled in it, and the scene model reads the file in it">
              {unitName(layer.unit)}, as the file declares
            </dd>
          </>
        )}
        {layer.crs && (
          <>
            <dt>System</dt>
            <dd data-testid="info-crs" title="The coordinate system the file names (its WKT record, or the EPSG codes of its GeoTIFF keys)">
              {layer.crs}
            </dd>
          </>
        )}
        <dt>Parse</dt>
        <dd data-testid="info-parse">{formatNumber(layer.parseMs, 0)} ms</dd>
        <dt>Memory</dt>
        <dd data-testid="info-memory" data-bytes={layer.memoryBytes} title="What the file's decoded arrays take, against the read budget; the view and the models hold copies besides">
          {formatBytes(layer.memoryBytes)} ({budgetShare(layer.memoryBytes)} of {formatBytes(readBudgetBytes())})
        </dd>
        {layers.length > 1 && (
          <>
            <dt>All layers</dt>
            <LayersMemory bytes={layers.reduce((n, e) => n + e.meta.memoryBytes, 0)} count={layers.length} />
          </>
        )}
        <dt>Per point</dt>
        <dd data-testid="info-bytes-per-point" data-bytes={layer.bytes} title="The layer's arrays in this page (positions, colours, fields, faces, octree) over its points">
          {formatNumber(layer.bytes / Math.max(1, layer.points), 1)} B
        </dd>
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
      <ReadLimits />
    </>
  );
}
