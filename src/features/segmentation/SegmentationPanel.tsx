import { useMemo } from 'react';
import { StreamedNote } from '../recognition/StreamedNote';
import { streamedNote } from '../recognition/streamed';
import { formatCount, formatNumber, plural } from '../../core/format';
import { MAX_LEAN_DEGREES } from '../../core/geometry/levelling';
import { unitName } from '../../core/units';
import type { SceneLevelling } from '../../core/ml/recognizeScene';
import { looksLikeScene } from '../../core/ml/sceneOrObject';
import { HeldPointsNote } from '../detail/HeldPointsNote';
import { StrayResultNote } from '../stray/StrayNote';
import { effectiveColorMode, useAppStore } from '../../state/store';
import { BackendBadge } from '../models/BackendBadge';
import { RestartNote } from '../models/RestartNote';
import { useModelEntry } from '../models/inference';
import { ModelSummary } from '../models/ModelSummary';
import { plainColorMode } from '../viewer/colorModeChoice';
import { LimitInput } from '../viewer/LimitInput';
import { UpSource } from '../viewer/UpSource';
import { cancelSegmentation, SEGMENTATION, segmentShownLayer } from './segmentation';
import { BoxTrustNote } from './BoxTrustNote';
import { ClipNote } from './ClipNote';
import { S3disTruthChoice } from './S3disTruthChoice';
import { SureNote } from './SureNote';

// one decimal on every row, a whole 0 too: the IoU column reads down as one
const pct = (v: number | undefined) => (v === undefined || Number.isNaN(v) ? '–' : `${(v * 100).toFixed(1)}%`);

/** The colour modes a segmented scene offers, as one row of buttons. */
const VIEWS: [string, string][] = [
  [`overlay:${SEGMENTATION}`, 'Classes'],
  [`confidence:${SEGMENTATION}`, 'Confidence'],
  [`sure:${SEGMENTATION}`, 'Sure only'],
  [`truth:${SEGMENTATION}`, 'Truth'],
  [`error:${SEGMENTATION}`, 'Right/wrong'],
];

/** How far the scan leant from its up axis, and whether the network saw it turned level. */
function Levelling({ lean, levelled }: SceneLevelling) {
  const degrees = `${formatNumber(lean, 1)}°`;
  return (
    <span data-testid="segmentation-levelling" data-lean={lean} data-levelled={levelled}>
      {' · '}
      {levelled ? `levelled by ${degrees}` : lean > MAX_LEAN_DEGREES ? `leans ${degrees}: not levelled, check the up axis` : 'not levelled: too few flat surfaces'}
    </span>
  );
}

/** Where a scan of several storeys was cut, each storey segmented as a room of its own. */
function Storeys({ cuts }: { cuts: number[] }) {
  return (
    <span data-testid="segmentation-storeys" data-cuts={cuts.join(' ')}>
      {' · '}
      {cuts.length + 1} storeys, cut at {cuts.map((c) => `${formatNumber(c, 1)} m`).join(', ')} above the floor, each segmented as a room
    </span>
  );
}

/** Where the geometry showed a ceiling, whose points the segmenter's classes could not name. */
function Ceilings({ heights }: { heights: number[] }) {
  return (
    <span data-testid="segmentation-ceiling" data-heights={heights.join(' ')}>
      {' · '}a ceiling {heights.map((h) => `${formatNumber(h, 1)} m`).join(', ')} above the floor, labelled from its shape
    </span>
  );
}

/** How far the walls are turned from the file's axes, where they are: boxes can be drawn square to either. */
function Walls({ degrees }: { degrees: number }) {
  return (
    <span data-testid="segmentation-walls" data-degrees={degrees}>
      {' · '}walls turned {formatNumber(degrees, 1)}° from the file&apos;s axes
    </span>
  );
}

/** How long a scan may be estimated to take and still start by itself; a longer one is offered with its estimate. */
function AutoStartLimit() {
  const limit = useAppStore((s) => s.settings.autoSegmentSeconds);
  const update = useAppStore((s) => s.updateSettings);
  return (
    <div className="controls">
      <label title="A scan estimated to take longer is offered with its estimate instead; 0: never start by itself">
        Start by itself when estimated under (s)
        <LimitInput testId="auto-segment-seconds" value={limit} onChange={(autoSegmentSeconds) => update({ autoSegmentSeconds })} />
      </label>
    </div>
  );
}

/** Said where the shown layer is no room scan: the segmenter labels it all the same, as walls and floors it never learned on objects. */
function ObjectNote() {
  const layer = useAppStore((s) => s.layer);
  const layerData = useAppStore((s) => s.layerData);
  const upAxis = useAppStore((s) => s.settings.upAxis);
  const room = useMemo(() => !layer || !layerData || looksLikeScene(layerData.geometry, layer.bounds, upAxis, layer.format), [layer, layerData, upAxis]);
  if (room) return null;
  return (
    <p className="muted" data-testid="segmentation-object-note">
      This looks like one object, not a room scan: the segmenter learned rooms (their walls, floors and furniture), so its labels here are a guess. The
      Recognition panel names objects.
    </p>
  );
}

export function SegmentationPanel() {
  const layer = useAppStore((s) => s.layer);
  const view = useAppStore((s) => s.segmentation);
  const colorMode = useAppStore(effectiveColorMode);
  const showBoxes = useAppStore((s) => s.settings.showBoxes);
  const squareToWalls = useAppStore((s) => s.settings.boxesSquareToWalls);
  const updateSettings = useAppStore((s) => s.updateSettings);
  const { entry } = useModelEntry('semantic-segmentation');
  // the labelling feature's corrected labels, where the person scores against them instead of the file's truth
  const corrected = useAppStore((s) => (s.labelling.useAsTruth ? s.labelling.metrics : null));
  const available = new Set(layer?.colorModes.map((m) => m.id));
  const overlayOn = colorMode.endsWith(`:${SEGMENTATION}`);
  const boxes = view?.status === 'done' || view?.status === 'running' ? view.boxes : undefined;
  const metrics = corrected ?? (view?.status === 'done' ? view.metrics : undefined);

  return (
    <div className="segmentation" data-testid="segmentation">
      {entry && <ModelSummary entry={entry} metrics={[['miou', 'Held-out mean IoU'], ['oa', 'Held-out accuracy'], ['ap25', 'Box AP@0.25'], ['ap50', 'Box AP@0.5']]} />}
      <HeldPointsNote what="Segmentation runs on" />
      {view?.status === 'done' && <StrayResultNote leftOut={view.strayLeftOut} again="segment again" />}
      {boxes && <ClipNote />}
      {view?.status === 'running' && (
        <div className="row seg-running" data-testid="segmentation-running">
          <span className="muted">
            {view.stage} {formatNumber(view.progress * 100, 0)}%
          </span>
          <button data-testid="segmentation-cancel" onClick={cancelSegmentation}>
            Cancel
          </button>
        </div>
      )}
      {view?.status === 'offered' && (
        <p className="muted" data-testid="segmentation-offer" data-estimate={view.estimateS}>
          {view.widestM === undefined
            ? `This scan would take about ${formatNumber(view.estimateS, 0)} s to segment here, so it did not start by itself.`
            : `This scan would take about ${formatNumber(view.estimateS, 0)} s to segment here. It did not start by itself: at ${formatNumber(view.widestM, 0)} m across it is wider than any room the segmenter learned.`}
        </p>
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
              onChange={(e) => updateSettings({ colorMode: e.target.checked ? `overlay:${SEGMENTATION}` : plainColorMode(layer, SEGMENTATION) })}
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
          {boxes && (
            <label className="check">
              <input type="checkbox" data-testid="boxes-toggle" checked={showBoxes} onChange={(e) => updateSettings({ showBoxes: e.target.checked })} />{' '}
              {formatCount(boxes.length)} object boxes
            </label>
          )}
          {boxes && view?.status === 'done' && entry?.confidence?.boxes && <BoxTrustNote boxes={entry.confidence.boxes} />}
          {boxes && view?.status === 'done' && view.walls && (
            <label className="check" title="Boxes are found square to the file's axes; drawn square to the walls, they fit furniture set along them">
              <input
                type="checkbox"
                data-testid="boxes-square-to-walls"
                checked={squareToWalls}
                onChange={(e) => updateSettings({ boxesSquareToWalls: e.target.checked })}
              />{' '}
              square to the walls
            </label>
          )}
        </>
      )}
      {view?.status === 'done' && (
        <>
          <p className="muted run-facts">
            <BackendBadge model={view.model} testId="segmentation-backend" />{' '}
            {plural(view.points, 'point')} in {plural(view.blocks, 'block')}, {formatNumber(view.ms / 1000, 1)} s ·{' '}
            <span data-testid="segmentation-up">{view.upAxis.toUpperCase()} up</span>
            {layer && <> (<UpSource up={layer.up} shown={view.upAxis} />)</>}
            {view.levelling && <Levelling {...view.levelling} />}
            {view.unit && (
              <span data-testid="segmentation-unit" data-unit={view.unit} data-declared={view.unitDeclared ?? false}>
                {' · '}read in {unitName(view.unit)}
                {view.unitDeclared ? ', as the file declares' : ': too tall for a room in metres'}
              </span>
            )}
            {view.storeys && <Storeys cuts={view.storeys} />}
            {view.ceilings && <Ceilings heights={view.ceilings} />}
            {view.walls && <Walls degrees={view.walls.degrees} />}
          </p>
          {view.instanceClassifier && (
            <p className="muted" data-testid="instance-classifier" data-proposals={view.instanceClassifier.proposals} data-relabelled={view.instanceClassifier.relabelled}>
              Boxes named by the instance classifier: {plural(view.instanceClassifier.proposals, 'candidate')} looked at,{' '}
              {plural(view.instanceClassifier.relabelled, 'point')} given their box&apos;s class
            </p>
          )}
          {view.instanceClassifierError && (
            <p className="error-text" data-testid="instance-classifier-failed">
              The instance classifier failed ({view.instanceClassifierError}), so the boxes are named by the segmentation alone.
            </p>
          )}
          <ObjectNote />
          {view.sure && entry?.confidence && <SureNote sure={view.sure} confidence={entry.confidence} />}
          <RestartNote model={view.model} testId="segmentation-restart" />
          {!corrected && <S3disTruthChoice />}
          {corrected && (
            <p className="muted" data-testid="metrics-truth">
              Scored against the corrected labels
            </p>
          )}
          {metrics && (
            <div data-testid="segmentation-metrics">
              <dl className="facts">
                <dt>Accuracy</dt>
                <dd data-testid="metric-oa" data-value={metrics.oa}>{pct(metrics.oa)}</dd>
                <dt>Mean IoU</dt>
                <dd data-testid="metric-miou" data-value={metrics.miou}>{pct(metrics.miou)}</dd>
                {metrics.ap25 !== undefined && (
                  <>
                    <dt>Box AP@0.25</dt>
                    <dd data-testid="metric-ap25" data-value={metrics.ap25}>{pct(metrics.ap25)}</dd>
                  </>
                )}
                {metrics.ap50 !== undefined && (
                  <>
                    <dt>Box AP@0.5</dt>
                    <dd data-testid="metric-ap50" data-value={metrics.ap50}>{pct(metrics.ap50)}</dd>
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
                  {Object.entries(metrics.per_class_iou).map(([name, iou]) => (
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
      <AutoStartLimit />
      <StreamedNote />
      <button data-testid="segment-button" disabled={!layer || view?.status === 'running' || streamedNote(layer) !== null} onClick={() => void segmentShownLayer()}>
        {view?.status === 'done' ? 'Segment again' : view?.status === 'offered' ? `Segment scene (about ${formatNumber(view.estimateS, 0)} s)` : 'Segment scene'}
      </button>
    </div>
  );
}
