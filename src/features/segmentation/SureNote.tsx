import { formatNumber } from '../../core/format';
import type { SceneConfidence } from '../../core/ml/manifest';
import type { SurePoints } from '../../core/ml/surePoints';

const pct = (v: number) => `${formatNumber(v * 100, 0)}%`;

/**
 * How much of this scan the model is sure of, and what sure meant on rooms it never saw: the
 * held-out test scans where the manifest has them, else the validation scans the threshold was
 * chosen on.
 */
export function SureNote({ sure, confidence }: { sure: SurePoints; confidence: SceneConfidence }) {
  const heldOut = confidence.test ?? confidence.validation;
  const where = confidence.test ? 'rooms it never saw' : 'the validation rooms';
  return (
    <p className="muted" data-testid="segmentation-sure" data-share={sure.share} data-above={sure.above}>
      Sure of {formatNumber(sure.share * 100, 1)}% of the points (confidence {pct(sure.above)} or more).
      {heldOut.sure_accuracy != null && heldOut.rest_accuracy != null && (
        <>
          {' '}On {where}, sure points were right {pct(heldOut.sure_accuracy)} of the time, the others {pct(heldOut.rest_accuracy)}.
        </>
      )}
    </p>
  );
}
