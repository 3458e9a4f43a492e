import type { ReactNode } from 'react';
import type { ReliabilityBin } from '../../core/ml/manifest';
import { formatNumber, plural } from '../../core/format';

const SIZE = 150;
const PAD = 18;

/** One set of bins, drawn in the left ('first') or right ('second') half of each bin's width. */
export interface ReliabilitySeries {
  bins: ReliabilityBin[];
  side: 'first' | 'second';
}

/** A bin's tooltip: its confidence range, how many `unit`s (singular, "shape") fell in it and how many of them were right. */
export function binTitle(b: ReliabilityBin, unit: string): string {
  return `confidence ${formatNumber(b.low, 1)}–${formatNumber(b.high, 1)}: ${plural(b.count, unit)}, ${formatNumber((b.accuracy ?? 0) * 100, 0)}% right`;
}

function bars({ bins, side }: ReliabilitySeries, binWidth: number, unit: string) {
  const scale = SIZE - 2 * PAD;
  const offset = side === 'first' ? 1 : binWidth / 2;
  return bins.map((b) =>
    b.accuracy === null ? null : (
      <rect key={`${side}-${b.low}`} className={side} x={PAD + b.low * scale + offset} y={SIZE - PAD - b.accuracy * scale} width={binWidth / 2 - 1} height={b.accuracy * scale}>
        <title>{binTitle(b, unit)}</title>
      </rect>
    ),
  );
}

/** Accuracy against confidence per bin, for two sets of predictions side by side; a calibrated model follows the diagonal. */
export function ReliabilityDiagram({ series, unit, caption }: { series: ReliabilitySeries[]; unit: string; caption: ReactNode }) {
  const bins = series[0]?.bins.length ?? 0;
  if (!bins) return null;
  const binWidth = (SIZE - 2 * PAD) / bins;
  return (
    <figure className="reliability" data-testid="reliability-diagram" data-bins={bins}>
      <svg width={SIZE} height={SIZE} viewBox={`0 0 ${SIZE} ${SIZE}`} role="img" aria-label="Reliability diagram">
        <line className="axis" x1={PAD} y1={SIZE - PAD} x2={SIZE - PAD} y2={SIZE - PAD} />
        <line className="axis" x1={PAD} y1={PAD} x2={PAD} y2={SIZE - PAD} />
        <line className="diagonal" x1={PAD} y1={SIZE - PAD} x2={SIZE - PAD} y2={PAD} />
        {series.map((s) => bars(s, binWidth, unit))}
        <text x={SIZE / 2} y={SIZE - 3} textAnchor="middle">confidence</text>
        <text x={4} y={SIZE / 2} transform={`rotate(-90 8 ${SIZE / 2})`} textAnchor="middle">accuracy</text>
      </svg>
      <figcaption className="muted">{caption}</figcaption>
    </figure>
  );
}
