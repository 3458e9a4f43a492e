import type { ModelEntry } from '../../core/ml/manifest';
import { formatNumber } from '../../core/format';
import { ModelReliability } from './ModelReliability';

const percent = (v: unknown) => (typeof v === 'number' ? `${formatNumber(v * 100, 1)}%` : '–');

/** What a model is, what it was trained on and how well it did on held-out data (from the manifest). */
export function ModelSummary({ entry, metrics }: { entry: ModelEntry; metrics: [string, string][] }) {
  return (
    <details className="model-summary" data-testid={`model-${entry.id}`}>
      <summary>{entry.name}</summary>
      <dl className="facts">
        {metrics.map(([key, label]) => (
          <div className="fact" key={key}>
            <dt>{label}</dt>
            <dd>{percent(entry.metrics[key])}</dd>
          </div>
        ))}
        <dt>Classes</dt>
        <dd>{entry.classes.length}</dd>
        <div className="fact long">
          <dt>Data</dt>
          <dd data-testid="model-data">{entry.data.sources.join('; ')}</dd>
        </div>
        <div className="fact long">
          <dt>Split</dt>
          <dd>{entry.data.split}</dd>
        </div>
      </dl>
      <ModelReliability entry={entry} />
    </details>
  );
}
