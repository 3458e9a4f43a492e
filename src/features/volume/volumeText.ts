// A volume's figures as the Volume panel writes them.
import { formatMeasure } from '../../core/geometry/measure';

/** A volume in `unit` cubed ("12.000 m³"), with as many decimals as a length is shown with. */
export function volumeText(v: number, unit: string): string {
  return formatMeasure('distance', v, unit).replace(/( \S+| units)$/, '$1³');
}

/** An area in `unit` squared ("100.0 ft²"). */
export const areaText = (v: number, unit: string) => formatMeasure('area', v, unit);

/** A length in `unit` ("0.500 m"). */
export const lengthText = (v: number, unit: string) => formatMeasure('distance', v, unit);
