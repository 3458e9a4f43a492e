import { useViewerStore } from '../state/store';
import { BackendBadge } from './BackendBadge';
import { cancelSegmentation, DETECTIONS, SEGMENTATION, segmentationOf, segmentCurrentLayer } from './segmentation';
import { formatCount, formatNumber } from './format';
import { ModelSummary } from './ModelSummary';
import { useModel } from './useModel';

const pct = (v: number | undefined) => (v === undefined || Number.isNaN(v) ? '–' : `${formatNumber(v * 100, 1)}%`);

/** The colour modes a segmented scene offers, as one row of buttons. */
const VIEWS: [string, string][] = [
  [`overlay:${SEGMENTATION}`, 'Classes'],
  [`confidence:${SEGMENTATION}`, 'Confidence'],
  [`truth:${SEGMENTATION}`, 'Truth'],
  [`error:${SEGMENTATION}`, 'Right/wrong'],
];

export function SegmentationPanel() {
  const layer = useViewerStore((s) => s.layer);
  const view = useViewerStore((s) => segmentationOf(s.results));
  const colorMode = useViewerStore((s) => s.settings.colorMode);
  const showBoxes = useViewerStore((s) => s.settings.showBoxes);
  const detections = useViewerStore((s) => s.boxSets[DETECTIONS]);
  const updateSettings = useViewerStore((s) => s.updateSettings);
  const { entry } = useModel('semantic-segmentation');
  const available = new Set(layer?.colorModes.map((m) => m.id));
  const overlayOn = colorMode.endsWith(`:${SEGMENTATION}`);
  const plainMode = layer?.colorModes.find((m) => !m.id.endsWith(`:${SEGMENTATION}`))?.id ?? 'height';

  return (
    <div className="segmentation" data-testid="segmentation">
      {entry && <ModelSummary entry={entry} metrics={[['miou', 'Held-out mean IoU'], ['oa', 'Held-out accuracy'], ['ap25', 'Box AP@0.25']]} />}
      {view?.status === 'running' && (
        <div className="row seg-running" data-testid="segmentation-running">
          <span className="muted">
            {view.stage} {formatNumber(view.progress * 100, 0)}%
          </span>
          <button data-testid="segmentation-cancel" onClick={() => void cancelSegmentation()}>
            Cancel
          </button>
        </div>
      )}
      {(view?.status === 'error' || view?.status === 'cancelled') && (
        <p className={view.status === 'error' ? 'error-text' : 'muted'} data-testid="segmentation-error">
          {view.message}
        </p>
      )}
      {available.has(`overlay:${SEGMENTATION}`) && (
        <>
          <label className="check">
            <input
              type="checkbox"
              data-testid="overlay-toggle"
              checked={overlayOn}
              onChange={(e) => updateSettings({ colorMode: e.target.checked ? `overlay:${SEGMENTATION}` : plainMode })}
            />{' '}
            Segmentation overlay
          </label>
          <div className="seg-views">
            {VIEWS.filter(([id]) => available.has(id)).map(([id, label]) => (
              <button key={id} className={colorMode === id ? 'active' : undefined} data-testid={`seg-view-${id.split(':')[0]}`} onClick={() => updateSettings({ colorMode: id })}>
                {label}
              </button>
            ))}
          </div>
          {detections && (
            <label className="check">
              <input type="checkbox" data-testid="boxes-toggle" checked={showBoxes} onChange={(e) => updateSettings({ showBoxes: e.target.checked })} />{' '}
              {formatCount(detections.boxes.length)} object boxes
            </label>
          )}
        </>
      )}
      {view?.status === 'done' && (
        <>
          <p className="muted run-facts">
            <BackendBadge backend={view.backend} fallbackReason={view.fallbackReason} testId="segmentation-backend" />{' '}
            {formatCount(view.points)} points in {formatCount(view.blocks)} blocks, {formatNumber(view.ms / 1000, 1)} s
          </p>
          {view.metrics && (
            <div data-testid="segmentation-metrics">
              <dl className="facts">
                <dt>Accuracy</dt>
                <dd data-testid="metric-oa" data-value={view.metrics.oa}>{pct(view.metrics.oa)}</dd>
                <dt>Mean IoU</dt>
                <dd data-testid="metric-miou" data-value={view.metrics.miou}>{pct(view.metrics.miou)}</dd>
                {view.metrics.ap25 !== undefined && (
                  <>
                    <dt>Box AP@0.25</dt>
                    <dd data-testid="metric-ap25" data-value={view.metrics.ap25}>{pct(view.metrics.ap25)}</dd>
                  </>
                )}
              </dl>
              <table className="iou-table" data-testid="iou-table">
                <thead>
                  <tr>
                    <th>Class</th>
                    <th>IoU</th>
                  </tr>
                </thead>
                <tbody>
                  {Object.entries(view.metrics.per_class_iou).map(([name, iou]) => (
                    <tr key={name} data-class={name} data-iou={iou}>
                      <td>{name.replace(/_/g, ' ')}</td>
                      <td>{pct(iou)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </>
      )}
      <button data-testid="segment-button" disabled={!layer || layer.kind !== 'points' || view?.status === 'running'} onClick={() => void segmentCurrentLayer()}>
        {view?.status === 'done' ? 'Segment again' : 'Segment scene'}
      </button>
    </div>
  );
}
