import { formatNumber } from '../../core/format';
import type { SignedAxis } from '../../core/geometry/signedAxis';
import type { UpDecision } from '../../state/store';

const SOURCES: Record<UpDecision['source'], string> = { sample: "the sample's own", detected: 'detected', format: "the format's usual", file: 'as the file states', map: "the map coordinates' elevation" };

/** How the up axis in use was decided: chosen by the person, detected from the geometry, or known.
 * One to check says so: a detected axis the estimate is unsure of (single views and odd scans fool
 * it), or a format's usual up the geometry doubts (a file saved with another axis up). */
export function UpSource({ up, shown }: { up: UpDecision; shown: SignedAxis }) {
  const chosen = shown !== up.axis;
  const unsure = !chosen && up.sure === false;
  const text = chosen ? 'chosen' : unsure ? `${SOURCES[up.source]}, not sure: check it` : SOURCES[up.source];
  const title = chosen
    ? `chosen here; ${up.source === 'detected' ? `the geometry said ${up.axis.toUpperCase()}` : `${SOURCES[up.source]} was ${up.axis.toUpperCase()}`}`
    : up.reason && `${up.source === 'format' ? 'the geometry doubts it: ' : ''}${up.reason}${up.confidence !== undefined ? ` (${formatNumber(up.confidence * 100, 0)}% sure)` : ''}`;
  return (
    <span className={unsure ? 'up-source up-unsure' : 'muted up-source'} data-testid="up-source" data-source={chosen ? 'chosen' : up.source} data-sure={String(!unsure)} title={title}>
      {text}
    </span>
  );
}
