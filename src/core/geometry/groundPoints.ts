// The ground points of a cloud, the bare earth surveyors draw contours and a DTM from (roofs and
// trees would ring them): class 2, ASPRS "ground", of the `ground` field the ground search attaches,
// or of a LAS file's own classification where the cloud has no such field. They narrow the points a
// height grid takes as its kept mask does, so the clip and the hidden stray points still apply.
import { LAS_CLASS_FIELD } from '../io/lasClasses';
import { InputError, type ScalarArray } from '../types';
import { GROUND, GROUND_FIELD } from './ground';

export interface GroundSource {
  /** the field the classes are read from: GROUND_FIELD, or the LAS classification */
  field: string;
  labels: ScalarArray;
}

/** Where a cloud's ground is read: its `ground` field, else its LAS classification where some point is class 2; null where neither. */
export function groundSourceOf(fields: Record<string, ScalarArray>): GroundSource | null {
  const found = fields[GROUND_FIELD];
  if (found) return { field: GROUND_FIELD, labels: found };
  const las = fields[LAS_CLASS_FIELD];
  return las?.includes(GROUND) ? { field: LAS_CLASS_FIELD, labels: las } : null;
}

/** What a source's ground is, as a sentence names it. */
export const groundSourceSaid = (source: Pick<GroundSource, 'field'>): string => (source.field === GROUND_FIELD ? 'the ground found' : "the file's LAS classification");

/** `kept` (null: every point) less the points `labels` does not call ground, and how many are left. */
export function groundKept(labels: ScalarArray, kept: Uint8Array | null): { mask: Uint8Array; count: number } {
  const mask = new Uint8Array(labels.length);
  let count = 0;
  for (let i = 0; i < mask.length; i++) count += mask[i] = (kept ? kept[i] : 1) & (labels[i] === GROUND ? 1 : 0);
  return { mask, count };
}

/** Refuses in words a grid of the ground where no ground point is left (`clipped`: some were kept out before): a grid of no point says nothing of the ground. */
export function checkGroundLeft(count: number, source: Pick<GroundSource, 'field'>, clipped: boolean): void {
  if (!count)
    throw new InputError(
      `None of the points ${clipped ? 'kept ' : ''}is ground (class 2 of ${groundSourceSaid(source)}): ${clipped ? 'widen the clip, ' : ''}find the ground again, or grid all points.`,
    );
}
