import { StreamedNote } from '../recognition/StreamedNote';
import { streamedNote } from '../recognition/streamed';
import { formatNumber } from '../../core/format';
import { HeldPointsNote } from '../detail/HeldPointsNote';
import { StrayResultNote } from '../stray/StrayNote';
import { useAppStore } from '../../state/store';
import { ExplainControls } from '../explain/ExplainControls';
import { BackendBadge } from '../models/BackendBadge';
import { useModelEntry } from '../models/inference';
import { ModelSummary } from '../models/ModelSummary';
import { RestartNote } from '../models/RestartNote';
import { UpSource } from '../viewer/UpSource';
import { classifyShownLayer } from './classification';
import { NearestShapes } from './NearestShapes';
import { tooWideWords } from '../../core/ml/sceneOrObject';

export function RecognitionPanel() {
  const layer = useAppStore((s) => s.layer);
  const view = useAppStore((s) => s.classification);
  const auto = useAppStore((s) => s.settings.autoRecognise);
  const updateSettings = useAppStore((s) => s.updateSettings);
  const { entry, error: modelError } = useModelEntry('classification');

  return (
    <div className="recognition" data-testid="recognition">
      {entry && <ModelSummary entry={entry} metrics={[['oa', 'Held-out accuracy'], ['macc', 'Mean class accuracy']]} />}
      <HeldPointsNote what="Recognition runs on" />
      {view?.status === 'done' && <StrayResultNote leftOut={view.strayLeftOut} again="classify again" />}
      {modelError && (
        <p className="error-text" data-testid="recognition-error">
          The models could not be loaded: {modelError}
        </p>
      )}
      {view?.status === 'running' && (
        <p className="muted" data-testid="recognition-running">
          {view.stage}…
        </p>
      )}
      {view?.status === 'error' && (
        <p className="error-text" data-testid="recognition-error">
          {view.message}
        </p>
      )}
      {view?.status === 'held' && (
        <p className="muted" data-testid="recognition-held" data-widest={view.widestM}>
          Not recognised on load: {tooWideWords(view.widestM)}. Classify and Segment scene still run on it when asked.
        </p>
      )}
      {view?.status === 'done' && (
        <>
          {view.widestM !== undefined ? (
            <p className="uncertain" data-testid="recognition-unknown" data-widest={view.widestM} title="Its size in the unit the file declares: no object the classifier learned is this wide">
              Not an object: {formatNumber(view.widestM, 0)} m across — closest: {view.top[0].label.replace(/_/g, ' ')} ({formatNumber(view.top[0].probability * 100, 0)}%)
            </p>
          ) : view.unknown ? (
            <p
              className="uncertain"
              data-testid="recognition-unknown"
              data-score={view.oodScore}
              data-reason={view.proportionsReason}
              title={
                view.proportionsReason
                  ? 'Its proportions lie outside those of every training shape of the closest class (the margin was chosen on held-out classes)'
                  : 'This shape is far from every class the model was trained on (its open-set score is past the threshold chosen on held-out classes)'
              }
            >
              Unknown object — closest: {view.top[0].label.replace(/_/g, ' ')} ({formatNumber(view.top[0].probability * 100, 0)}%)
              {view.proportionsReason && <>; {view.proportionsReason}</>}
            </p>
          ) : (
            view.uncertain && (
              <p className="uncertain" data-testid="recognition-uncertain">
                Not sure: the best guess has only {formatNumber(view.top[0].probability * 100, 0)}%.
              </p>
            )
          )}
          <ol className={`top-classes${view.unknown ? ' unknown' : ''}`} data-testid="recognition-top" data-unknown={view.unknown}>
            {view.top.map((t, i) => (
              <li key={t.label} data-label={t.label} data-probability={t.probability} className={i === 0 ? 'best' : undefined}>
                <span className="top-name">{t.label.replace(/_/g, ' ')}</span>
                <span className="top-bar">
                  <span style={{ width: `${Math.max(1, t.probability * 100)}%` }} />
                </span>
                <span className="top-value">{formatNumber(t.probability * 100, 1)}%</span>
              </li>
            ))}
          </ol>
          <NearestShapes nearest={view.nearest} threshold={entry?.openSet?.threshold} bankError={view.bankError} />
          <p className="muted run-facts">
            <BackendBadge model={view.model} testId="recognition-backend" />{' '}
            preprocess {formatNumber(view.preprocessMs, 1)} ms · inference {formatNumber(view.inferenceMs, 1)} ms
            {view.views > 1 && <span data-testid="recognition-views" title="class probabilities averaged over this many turns about the up axis"> ({view.views} views)</span>} ·{' '}
            {view.upAxis.toUpperCase()} up{layer && <> (<UpSource up={layer.up} shown={view.upAxis} />)</>}
          </p>
          <RestartNote model={view.model} testId="recognition-restart" />
          <ExplainControls />
        </>
      )}
      <StreamedNote />
      <div className="row recognition-actions">
        <button data-testid="classify-button" disabled={!layer || view?.status === 'running' || streamedNote(layer) !== null} onClick={() => void classifyShownLayer()}>
          {view?.status === 'done' ? 'Classify again' : 'Classify'}
        </button>
        <label className="check">
          <input
            type="checkbox"
            data-testid="auto-recognise"
            checked={auto}
            onChange={(e) => updateSettings({ autoRecognise: e.target.checked })}
          />{' '}
          on load
        </label>
      </div>
    </div>
  );
}
