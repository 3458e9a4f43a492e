// How the Planes panel words a plane: how it lies, its normal, dip and size, in the layer's unit.
import { formatCoordinates, formatCount, formatNumber, formatReading } from '../../core/format';
import type { FoundPlane } from '../../core/geometry/planes';

/** A length in the layer's unit ('' for the file's own): "0.034 m". */
export function lengthText(v: number, unit: string): string {
  return `${formatReading(v, 3)}${unit ? ` ${unit}` : ''}`;
}

/** How it lies against up: "horizontal (0.3°)", "vertical (87.2°)", "sloped 30.0°". */
export function lieText(p: Pick<FoundPlane, 'orientation' | 'tilt'>): string {
  const tilt = `${formatNumber(p.tilt, 1)}°`;
  return p.orientation === 'sloped' ? `sloped ${tilt}` : `${p.orientation} (${tilt})`;
}

/** CloudCompare's dip and dip direction, the bearing in three digits as a compass gives it: "30.0° / 090°". */
export function dipText(p: Pick<FoundPlane, 'tilt' | 'dipDirection'>): string {
  return `${formatNumber(p.tilt, 1)}° / ${String(Math.round(p.dipDirection) % 360).padStart(3, '0')}°`;
}

/** Its normal in fixed decimals, as the inspector gives a point's: "(0.000, -0.005, 1.000)". */
export function normalText(p: Pick<FoundPlane, 'normal'>): string {
  return `(${formatCoordinates(p.normal, 3)})`;
}

/** Its points and their share of those searched: "4,505 points (18.0%)". */
export function shareText(points: number, of: number): string {
  return `${formatCount(points)} ${points === 1 ? 'point' : 'points'} (${formatNumber((100 * points) / Math.max(1, of), 1)}%)`;
}

/** Its size within it, along its level line then up its slope: "7.32 × 7.68 m". */
export function extentText(p: Pick<FoundPlane, 'extent'>, unit: string): string {
  return `${formatReading(p.extent[0], 2)} × ${formatReading(p.extent[1], 2)}${unit ? ` ${unit}` : ''}`;
}
