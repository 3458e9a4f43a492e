// Which of a segmented scene's points count as sure: at least the confidence the segmenter's
// manifest names (`confidence.sureAbove`, chosen on validation scans so that such points were
// right at least its target share of the time).
import type { ModelEntry } from './manifest';

export interface SurePoints {
  /** the confidence from which a point counts */
  above: number;
  points: number;
  share: number;
}

/** The points at least `entry.confidence.sureAbove` sure; undefined where the model names no threshold. */
export function surePoints(entry: ModelEntry, confidence: Float32Array): SurePoints | undefined {
  const above = entry.confidence?.sureAbove;
  if (above === undefined || above === null) return undefined;
  let points = 0;
  for (let i = 0; i < confidence.length; i++) if (confidence[i] >= above) points++;
  return { above, points, share: confidence.length ? points / confidence.length : 0 };
}
