// S3DIS's 13 classes, as a Pointcept S3DIS room keeps them in its `segment` field, read as the
// NYU40 `label` a ScanNet file carries, so that the segmenter is scored on S3DIS rooms by the
// mapping the training pipeline reports S3DIS with. Which label space a `segment` field holds
// cannot be read from the file, so the person (or `--truth s3dis`) says so.
import type { ScalarArray } from '../types';
import { nyu40FromS3dis13, S3DIS13_TO_SCANNET20 } from './scannetLabels';

/** Why `segment` cannot hold S3DIS's classes (whole numbers 0–12, -1 for none), or undefined where it can. */
export function notS3dis13(segment: ScalarArray): string | undefined {
  for (let i = 0; i < segment.length; i++) {
    const v = segment[i];
    if (!(Number.isInteger(v) && v >= -1 && v < S3DIS13_TO_SCANNET20.length)) {
      return `its \`segment\` field holds ${v} at point ${i + 1}, and S3DIS's 13 classes are numbered 0 to 12`;
    }
  }
  return undefined;
}

/** The fields with their `segment` read as S3DIS classes into `label`; an error message where there is none to read. */
export function withS3disLabel(fields: Record<string, ScalarArray>): Record<string, ScalarArray> | string {
  const { segment } = fields;
  if (!segment) return "it has no `segment` field to score as S3DIS classes (a Pointcept S3DIS room's segment.npy)";
  const why = notS3dis13(segment);
  return why ?? { ...fields, label: nyu40FromS3dis13(segment) };
}
