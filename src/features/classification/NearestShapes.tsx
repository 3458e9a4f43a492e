// The training shapes the classifier found nearest the object: what it compared the object with, so
// that a person can weigh an "unknown" or a confident name against the evidence. The distance is the
// open-set score's own, so the first row's is the score the threshold judged.
import { formatNumber } from '../../core/format';
import { shapeLabel, sourceName, type NearestShape } from '../../core/ml/nearestShapes';

export function NearestShapes({ nearest, threshold, bankError }: { nearest?: NearestShape[]; threshold?: number; bankError?: string }) {
  if (bankError) {
    return (
      <p className="muted" data-testid="recognition-nearest-error">
        The nearest training shapes cannot be named: {bankError}
      </p>
    );
  }
  if (!nearest?.length || nearest.some((n) => n.class === undefined)) return null;
  return (
    <div className="nearest-shapes" data-testid="recognition-nearest">
      <p className="muted" title="Cosine distance of the model's last hidden layer to the closest views of the shapes it was trained on">
        Nearest training shapes{threshold !== undefined && <> (a shape further than {formatNumber(threshold, 3)} from all is unknown)</>}:
      </p>
      <ol>
        {nearest.map((n) => (
          <li key={n.row} data-class={n.class} data-distance={n.distance} data-row={n.row} title={`${sourceName(n.source!)}: ${n.shape}`}>
            <span className="top-name">{n.class!.replace(/_/g, ' ')}</span>
            {/* fixed decimals, as the threshold: a shape the model has all but seen lies 2e-7 away, which reads as 0.000 */}
            <span className="top-value">{Math.max(0, n.distance).toFixed(3)}</span>
            <span className="muted nearest-source">
              {sourceName(n.source!)} · {shapeLabel(n.shape!)}
            </span>
          </li>
        ))}
      </ol>
    </div>
  );
}
