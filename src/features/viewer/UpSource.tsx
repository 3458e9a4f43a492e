import { formatNumber } from '../../core/format';
import type { SignedAxis } from '../../core/geometry/signedAxis';
import { upIsSure } from '../../core/geometry/upAxis';
import type { UpDecision } from '../../state/store';

const SOURCES: Record<UpDecision['source'], string> = { sample: "the sample's own", detected: 'detected', format: "the format's usual" };

/** How the up axis in use was decided: chosen by the person, detected from the geometry, or known;
 * a detected axis the estimate is unsure of says so, since single views and odd scans fool it. */
export function UpSource({ up, shown }: { up: UpDecision; shown: SignedAxis }) {
  const chosen = shown !== up.axis;
  const unsure = !chosen && up.source === 'detected' && !upIsSure(up.confidence);
  const text = chosen ? 'chosen' : unsure ? 'detected, not sure: check it' : SOURCES[up.source];
  const title = chosen
    ? `chosen here; ${up.source === 'detected' ? `the geometry said ${up.axis.toUpperCase()}` : `${SOURCES[up.source]} was ${up.axis.toUpperCase()}`}`
    : up.reason && `${up.reason}${up.confidence !== undefined ? ` (${formatNumber(up.confidence * 100, 0)}% sure)` : ''}`;
  return (
    <span className={unsure ? 'up-source up-unsure' : 'muted up-source'} data-testid="up-source" data-source={chosen ? 'chosen' : up.source} data-sure={String(!unsure)} title={title}>
      {text}
    </span>
  );
}
