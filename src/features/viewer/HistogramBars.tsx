// The legend's histogram, over its colour bar: how many of the kept points have values in each
// slice of the range, each bar in the colour its slice is drawn in, so that a person sees where the
// values lie before narrowing the range.
import { sampleColorMap, type ColorMapId } from '../../core/color/colorMaps';
import type { ValueHistogram } from '../../core/color/scaleReading';
import { formatNumber, plural } from '../../core/format';

/** The least height of a bar with any point in its slice, as a share of the tallest: one point beside thousands still shows. */
const LEAST_BAR = 0.04;

export function HistogramBars({ histogram, colorMap, min, max }: { histogram: ValueHistogram; colorMap: ColorMapId; min: number; max: number }) {
  const { counts } = histogram;
  const bins = counts.length;
  const peak = Math.max(1, ...counts);
  const step = (max - min) / bins;
  const rgb = [0, 0, 0];
  return (
    <svg className="legend-histogram" data-testid="legend-histogram" viewBox={`0 0 ${bins} 1`} preserveAspectRatio="none" role="img" aria-label={`How the ${plural(histogram.inRange, 'point')} in the range lie over it`}>
      {counts.map((n, i) => {
        sampleColorMap(colorMap, (i + 0.5) / bins, rgb);
        const h = n ? Math.max(LEAST_BAR, n / peak) : 0;
        return (
          <rect key={i} x={i + 0.1} y={1 - h} width={0.8} height={h} fill={`rgb(${rgb.map((c) => Math.round(c * 255)).join(',')})`}>
            <title>{`${formatNumber(min + i * step)} to ${formatNumber(min + (i + 1) * step)}: ${plural(n, 'point')}`}</title>
          </rect>
        );
      })}
    </svg>
  );
}
