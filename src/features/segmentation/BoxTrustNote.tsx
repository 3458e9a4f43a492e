import { formatCount, formatNumber } from '../../core/format';
import type { SceneConfidence } from '../../core/ml/manifest';

/**
 * How often boxes matched a real object of their class on rooms the model never saw: a box's own
 * score says little of it on a new room (training/README.md, "Which boxes to trust"), so the panel
 * says how far the boxes as a whole can be taken at their word.
 */
export function BoxTrustNote({ boxes }: { boxes: NonNullable<SceneConfidence['boxes']> }) {
  const heldOut = boxes.test ?? boxes.validation;
  if (heldOut.precision === null) return null;
  const where = boxes.test ? 'rooms it never saw' : 'the validation rooms';
  return (
    <p className="muted" data-testid="boxes-trust" data-precision={heldOut.precision}>
      On {where}, {formatCount(heldOut.right)} of {formatCount(heldOut.boxes)} boxes ({formatNumber(heldOut.precision * 100, 0)}%) matched a real object of their
      class.
    </p>
  );
}
