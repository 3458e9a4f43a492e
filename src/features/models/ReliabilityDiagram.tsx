import type { Calibration, ReliabilityBin } from '../../core/ml/manifest';
import { formatNumber } from '../../core/format';

const SIZE = 150;
const PAD = 18;

function bars(bins: ReliabilityBin[], className: string, offset: number, width: number) {
  const scale = SIZE - 2 * PAD;
  return bins.map((b) =>
    b.accuracy === null ? null : (
      <rect
        key={`${className}-${b.low}`}
        className={className}
        x={PAD + b.low * scale + offset}
        y={SIZE - PAD - b.accuracy * scale}
        width={width}
        height={b.accuracy * scale}
      >
        <title>{`confidence ${formatNumber(b.low, 1)}–${formatNumber(b.high, 1)}: ${b.count} shapes, ${formatNumber((b.accuracy ?? 0) * 100, 0)}% right`}</title>
      </rect>
    ),
  );
}

/** Accuracy against top-1 confidence per bin, before and after temperature scaling; a calibrated model follows the diagonal. */
export function ReliabilityDiagram({ calibration }: { calibration: Calibration }) {
  const r = calibration.reliability;
  if (!r) return null;
  const binWidth = (SIZE - 2 * PAD) / r.bins;
  return (
    <figure className="reliability" data-testid="reliability-diagram" data-bins={r.bins}>
      <svg width={SIZE} height={SIZE} viewBox={`0 0 ${SIZE} ${SIZE}`} role="img" aria-label="Reliability diagram">
        <line className="axis" x1={PAD} y1={SIZE - PAD} x2={SIZE - PAD} y2={SIZE - PAD} />
        <line className="axis" x1={PAD} y1={PAD} x2={PAD} y2={SIZE - PAD} />
        <line className="diagonal" x1={PAD} y1={SIZE - PAD} x2={SIZE - PAD} y2={PAD} />
        {bars(r.before, 'before', 1, binWidth / 2 - 1)}
        {bars(r.after, 'after', binWidth / 2, binWidth / 2 - 1)}
        <text x={SIZE / 2} y={SIZE - 3} textAnchor="middle">confidence</text>
        <text x={4} y={SIZE / 2} transform={`rotate(-90 8 ${SIZE / 2})`} textAnchor="middle">accuracy</text>
      </svg>
      <figcaption className="muted">
        {r.split} shapes; <span className="before-key">before</span> and <span className="after-key">after</span> temperature {formatNumber(calibration.temperature, 3)}
      </figcaption>
    </figure>
  );
}
