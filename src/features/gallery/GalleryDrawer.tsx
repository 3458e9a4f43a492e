import { useMemo } from 'react';
import { confusionTable, expectedAnswer } from '../../core/ml/confusion';
import { findModel } from '../../core/ml/manifest';
import { HELD_OUT_SPLITS, type ClassifierSplit, type SampleEntry, type SegmenterSplit } from '../../core/samples';
import type { SamplePrediction } from '../../state/slices/gallery';
import { useAppStore } from '../../state/store';
import { cancelEvaluation, evaluateSamples } from './evaluateSamples';
import { formatCount, formatNumber } from '../../core/format';
import { loadSample, thumbnailUrl } from './samples';
import { useSampleIndex } from './useSampleIndex';
import { earlierSelectionNote } from './evaluatedSelection';
import { UNKNOWN_LABEL } from '../classification/classification';
import './gallery.css';

const nice = (label: string) => label.replace(/_/g, ' ');

/** What an object sample was to the classifier, in a card's words, and why in its tooltip. */
const SPLIT_WORDS: Record<ClassifierSplit, [string, string]> = {
  train: ['trained on', 'The classifier was trained on this shape: being right on it says little'],
  validation: ['tuned on', "This shape chose the classifier's checkpoint, temperature and unknown threshold"],
  test: ['held out', 'The classifier never saw this shape'],
  'validation-unknown': ['tuned on', "Shapes of this class chose the classifier's unknown threshold"],
  'test-unknown': ['held out', 'The classifier never saw a shape of this class'],
};

const ROOM_WORDS: Record<SegmenterSplit, [string, string]> = {
  train: ['trained on', 'The scene model was trained on this room'],
  validation: ['tuned on', "This room chose the scene model's checkpoint"],
  test: ['held out', 'The scene model never saw this room'],
};

/** What a sample was to a model, in a card's words, with why in its tooltip. */
function SplitNote({ words }: { words?: [string, string] }) {
  return words ? <span className="muted" title={words[1]}> · {words[0]}</span> : null;
}

const isHeldOut = (entry: SampleEntry) => entry.classifierSplit !== undefined && HELD_OUT_SPLITS.includes(entry.classifierSplit);

/** The right answer for each object sample: its class, or "unknown" where the classifier does not serve it (its class until the models are known). */
function useExpectedAnswer(): (entry: SampleEntry) => string {
  const models = useAppStore((s) => s.models);
  return useMemo(() => {
    const served = models.status === 'ready' ? findModel(models.entries, 'classification')?.classes.map((c) => c.name) : undefined;
    return (entry: SampleEntry) => (served ? expectedAnswer(entry.label, served, UNKNOWN_LABEL) : entry.label);
  }, [models]);
}

function SampleCard({ entry, expected, prediction, active }: { entry: SampleEntry; expected: string; prediction?: SamplePrediction; active: boolean }) {
  const right = prediction && prediction.label === expected;
  return (
    <button
      className={`sample-card${active ? ' active' : ''}`}
      data-testid="sample-card"
      data-sample={entry.id}
      data-truth={entry.label}
      data-expected={expected}
      data-predicted={prediction?.label}
      data-classifier-split={entry.classifierSplit}
      data-segmenter-split={entry.segmenterSplit}
      onClick={(e) => void loadSample(entry, { add: e.shiftKey })}
      title={`${entry.name}\n${entry.licence}\n${entry.citation}`}
    >
      <img src={thumbnailUrl(entry)} width={160} height={120} alt="" loading="lazy" />
      <span className="card-name">{entry.name}</span>
      <span className="card-meta">
        {entry.dataset} · {entry.format.toUpperCase()} · {formatCount(entry.points)} {entry.faces ? 'vertices' : 'points'}
      </span>
      {entry.kind === 'object' ? (
        <span className="card-labels">
          <span>
            true: {nice(entry.label)}
            {expected !== entry.label && <span className="muted" title="The classifier does not serve this class: the right answer is unknown"> (not served)</span>}
            <SplitNote words={entry.classifierSplit && SPLIT_WORDS[entry.classifierSplit]} />
          </span>
          {prediction && (
            <span className={right ? 'right' : 'wrong'} data-testid="card-prediction">
              {right ? '✓' : '✗'} {nice(prediction.label)}
              {prediction.closest ? ` (closest: ${nice(prediction.closest)})` : ` ${formatNumber(prediction.probability * 100, 0)}%`}
            </span>
          )}
        </span>
      ) : (
        <span className="card-labels">
          <span>
            room scan
            <SplitNote words={entry.segmenterSplit && ROOM_WORDS[entry.segmenterSplit]} />
          </span>
        </span>
      )}
    </button>
  );
}

function Evaluation({ byId, expected, shownIds }: { byId: Map<string, SampleEntry>; expected: (entry: SampleEntry) => string; shownIds: string[] }) {
  const evaluation = useAppStore((s) => s.gallery.evaluation);
  const predictions = useAppStore((s) => s.gallery.predictions);
  const shown = useAppStore((s) => s.gallery.shown);
  // a sample of a class the classifier does not serve counts as an unknown, right where it is called one
  const table = useMemo(() => {
    if (evaluation.status !== 'done') return undefined;
    return confusionTable(evaluation.ids.map((id) => ({ id, truth: expected(byId.get(id)!), predicted: predictions[id].label })));
  }, [evaluation, predictions, byId, expected]);
  // the accuracy that means something: on samples the classifier neither learned from nor was tuned on
  const heldOut = useMemo(() => {
    if (evaluation.status !== 'done') return undefined;
    const entries = evaluation.ids.map((id) => byId.get(id)!);
    const held = entries.filter(isHeldOut);
    const seen = entries.filter((e) => e.classifierSplit !== undefined && !isHeldOut(e)).length;
    return { total: held.length, correct: held.filter((e) => predictions[e.id].label === expected(e)).length, seen };
  }, [evaluation, predictions, byId, expected]);
  if (evaluation.status === 'idle') return null;
  if (evaluation.status === 'running') {
    return (
      <div className="gallery-eval" data-testid="evaluation-running">
        <span>
          Classifying {evaluation.done + 1} of {evaluation.ids.length}…
        </span>
        <span className="progress-track">
          <span className="progress-fill" style={{ width: `${(100 * evaluation.done) / evaluation.ids.length}%` }} />
        </span>
        <button onClick={cancelEvaluation}>Cancel</button>
      </div>
    );
  }
  if (evaluation.status !== 'done' || !table) {
    return (
      <p className={evaluation.status === 'error' ? 'error-text' : 'muted'} data-testid="evaluation-error">
        {evaluation.status === 'error' || evaluation.status === 'cancelled' ? evaluation.message : ''}
      </p>
    );
  }
  const earlier = earlierSelectionNote(evaluation, shownIds);
  return (
    <div className="gallery-eval-done">
      {earlier && (
        <p className="uncertain" data-testid="evaluation-selection">
          {earlier}
        </p>
      )}
      <p data-testid="evaluation-accuracy" data-correct={table.correct} data-total={table.total} data-accuracy={table.accuracy}>
        Accuracy <b>{formatNumber(table.accuracy * 100, 1)}%</b> ({table.correct} of {table.total} objects right) ·{' '}
        <span className="muted">{formatNumber(evaluation.ms / 1000, 1)} s</span>
      </p>
      {heldOut && heldOut.seen > 0 && (
        <p data-testid="evaluation-held-out" data-correct={heldOut.correct} data-total={heldOut.total}>
          {heldOut.total ? (
            <>
              Held out: <b>{formatNumber((100 * heldOut.correct) / heldOut.total, 1)}%</b> ({heldOut.correct} of {heldOut.total} right)
            </>
          ) : (
            'None held out'
          )}{' '}
          <span className="muted">
            · the classifier was trained or tuned on the other {heldOut.seen}, so the accuracy over all flatters it
          </span>
        </p>
      )}
      <details className="confusion-wrap" open>
        <summary className="muted">Confusion table: true class by row, predicted by column; a cell opens its samples</summary>
        <table className="confusion" data-testid="confusion">
          <thead>
            <tr>
              <th className="corner">true ↓ predicted →</th>
              {table.labels.map((l) => (
                <th key={l} className="col">
                  <span>{nice(l)}</span>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {table.labels.map((truth, t) => (
              <tr key={truth}>
                <th>{nice(truth)}</th>
                {table.labels.map((predicted, p) => {
                  const ids = table.ids[t][p];
                  return (
                    <td
                      key={predicted}
                      className={!ids.length ? '' : t === p ? 'diag' : 'off'}
                      data-truth={truth}
                      data-predicted={predicted}
                      data-count={ids.length}
                      title={ids.map((id) => byId.get(id)!.name).join('\n')}
                      // a second click on a cell opens its next sample
                      onClick={ids.length ? () => void loadSample(byId.get(ids[(ids.indexOf(shown?.sampleId ?? '') + 1) % ids.length])!) : undefined}
                    >
                      {ids.length || ''}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </div>
  );
}

export function GalleryDrawer() {
  const open = useAppStore((s) => s.gallery.open);
  const { dataset, label, predictions, evaluation, shown } = useAppStore((s) => s.gallery);
  const updateGallery = useAppStore((s) => s.updateGallery);
  const { index, error } = useSampleIndex();
  const byId = useMemo(() => new Map(index?.samples.map((s) => [s.id, s])), [index]);
  const expected = useExpectedAnswer();
  if (!open) return null;
  const samples = index?.samples ?? [];
  const datasets = [...new Set(samples.map((s) => s.dataset))].sort();
  const labels = [...new Set(samples.filter((s) => !dataset || s.dataset === dataset).map((s) => s.label))].sort();
  const visible = samples.filter((s) => (!dataset || s.dataset === dataset) && (!label || s.label === label));
  const objects = visible.filter((s) => s.kind === 'object');
  return (
    <aside className="gallery-drawer" data-testid="gallery">
      <header className="gallery-head">
        <h2>Samples</h2>
        <span className="muted" data-testid="gallery-count">
          {visible.length} of {samples.length}
        </span>
        <button className="gallery-close" onClick={() => updateGallery({ open: false })} title="Close (G)" aria-label="Close the gallery">
          ×
        </button>
      </header>
      <div className="gallery-filters">
        <select data-testid="gallery-dataset" value={dataset} onChange={(e) => updateGallery({ dataset: e.target.value, label: '' })}>
          <option value="">All datasets</option>
          {datasets.map((d) => (
            <option key={d} value={d}>
              {d}
            </option>
          ))}
        </select>
        <select data-testid="gallery-label" value={label} onChange={(e) => updateGallery({ label: e.target.value })}>
          <option value="">All classes</option>
          {labels.map((l) => (
            <option key={l} value={l}>
              {nice(l)}
            </option>
          ))}
        </select>
        <button
          data-testid="gallery-evaluate"
          disabled={!objects.length || evaluation.status === 'running'}
          onClick={() => void evaluateSamples(objects, { dataset, label })}
          title="Classify every object shown here and compare with its true class"
        >
          Evaluate {objects.length} {objects.length === 1 ? 'object' : 'objects'}
        </button>
      </div>
      {error && <p className="error-text">{error}</p>}
      <Evaluation byId={byId} expected={expected} shownIds={objects.map((s) => s.id)} />
      <div className="gallery-grid">
        {visible.map((s) => (
          <SampleCard key={s.id} entry={s} expected={expected(s)} prediction={predictions[s.id]} active={shown?.sampleId === s.id} />
        ))}
      </div>
    </aside>
  );
}
