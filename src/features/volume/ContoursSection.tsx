// The Volume result's contour lines: the interval typed (or the default), drawing them over the
// layer, what was drawn, and their export as GeoJSON (a GIS) or DXF (CAD).
import { useState } from 'react';
import { formatCount, parseDecimal, plural } from '../../core/format';
import { DEFAULT_LEVELS } from '../../core/geometry/contours';
import type { VolumeView } from '../../state/slices/volume';
import { cancelContours, computeContours, exportContours } from './contours';
import { lengthText } from './volumeText';

export function ContoursSection({ view, stale }: { view: Extract<VolumeView, { status: 'done' }>; stale: boolean }) {
  const [typed, setTyped] = useState('');
  const [busy, setBusy] = useState(false);
  const { unit, contours } = view;
  const interval = typed.trim() ? parseDecimal(typed) : undefined;
  const doubt = interval === null || (interval !== undefined && !(interval > 0));
  const draw = async () => {
    setBusy(true);
    try {
      await computeContours(interval ?? undefined);
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="volume-contours" data-testid="volume-contours">
      <label title={`The height between two contour lines, in the file's units; the levels are its multiples in the file's own heights. Empty: the round number (1, 2 or 5 times a power of ten) cutting the grid's heights into at most ${DEFAULT_LEVELS} parts`}>
        Contours every{unit ? ` (${unit})` : ''}
        <input data-testid="volume-contour-interval" inputMode="decimal" placeholder="auto" value={typed} disabled={busy || stale} onChange={(e) => setTyped(e.target.value)} />
      </label>
      {busy ? (
        <p className="muted" data-testid="volume-contours-running">
          Drawing contours…{' '}
          <button data-testid="volume-contours-cancel" onClick={cancelContours}>
            Cancel
          </button>
        </p>
      ) : (
        <button data-testid="volume-contours-run" disabled={stale || doubt} onClick={() => void draw()} title="Draws the grid's contour lines over the layer: no line crosses an empty cell">
          Draw contours
        </button>
      )}
      {doubt && (
        <p className="error-text" data-testid="volume-contour-problem">
          &quot;{typed.trim()}&quot; is no interval pointlens can take: type a height above 0 such as 0.5 (a point or a comma as its decimal mark), or leave it empty for the default.
        </p>
      )}
      {contours?.status === 'cancelled' && (
        <p className="muted" data-testid="volume-contour-cancelled">
          Contours cancelled: none drawn. Draw contours again, or with a larger interval, which takes less time.
        </p>
      )}
      {contours?.status === 'error' && (
        <p className="error-text" data-testid="volume-contour-error">
          {contours.message}
        </p>
      )}
      {contours?.status === 'done' && (
        <>
          <p
            className="muted"
            data-testid="volume-contour-lines"
            data-lines={contours.lines.length}
            data-rings={contours.lines.filter((l) => l.closed).length}
            data-levels={contours.levels}
            data-interval={contours.interval}
          >
            {plural(contours.lines.length, 'line')} ({formatCount(contours.lines.filter((l) => l.closed).length)} closed) at {plural(contours.levels, 'level')} every {lengthText(contours.interval, unit)}
            {contours.autoInterval && ` (the round step giving at most ${DEFAULT_LEVELS} levels)`}, in the file&apos;s own heights, drawn over the layer.
          </p>
          <button data-testid="volume-contours-export" onClick={() => exportContours('geojson')} title="The lines as GeoJSON LineStrings with their level, [x, y, level] in the file's own coordinates, for QGIS or another GIS">
            Export contours (GeoJSON)
          </button>
          <button data-testid="volume-contours-export-dxf" onClick={() => exportContours('dxf')} title="The lines as DXF polylines at their levels as elevation, in the file's own coordinates, for CAD">
            Export contours (DXF)
          </button>
        </>
      )}
    </div>
  );
}
