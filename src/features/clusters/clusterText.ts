// How the Clusters panel words a cluster's name: its class and calibrated probability, or unknown
// with the closest class, as the Classification panel words a whole object's.
import { formatNumber, formatReading } from '../../core/format';
import type { UprightBox } from '../../core/geometry/uprightBox';
import type { ClusterName } from '../../state/slices/clusters';

/** "chair (87%)", "unknown — closest: chair (41%)", or "unknown — closest: airplane (84%), which no room holds". */
export function clusterNameText(name: ClusterName): string {
  const shown = `${name.label.replace(/_/g, ' ')} (${formatNumber(name.probability * 100, 0)}%)`;
  if (!name.unknown) return shown;
  return `unknown — closest: ${shown}${name.outOfPlace ? ', which no room holds' : ''}`;
}

/** Its upright box's length, width and height in the layer's unit ('' for the file's own), and its turn about up where it is not square to the axes: "1.20 × 0.85 × 0.76 m, turned 30°". */
export function uprightBoxText(box: UprightBox, unit: string): string {
  const size = `${box.size.map((v) => formatReading(v, 2)).join(' × ')}${unit ? ` ${unit}` : ''}`;
  // a box whose length runs north is as square to the axes as one whose length runs east
  return box.yaw % 90 ? `${size}, turned ${formatNumber(box.yaw, 1)}°` : size;
}
