// How the Clusters panel words a cluster's name: its class and calibrated probability, or unknown
// with the closest class, as the Classification panel words a whole object's.
import { formatNumber, formatReading } from '../../core/format';
import type { FoundCluster } from '../../core/geometry/clusters';
import type { ClusterName } from '../../state/slices/clusters';

/** "chair (87%)", "unknown — closest: chair (41%)", or "unknown — closest: airplane (84%), which no room holds". */
export function clusterNameText(name: ClusterName): string {
  const shown = `${name.label.replace(/_/g, ' ')} (${formatNumber(name.probability * 100, 0)}%)`;
  if (!name.unknown) return shown;
  return `unknown — closest: ${shown}${name.outOfPlace ? ', which no room holds' : ''}`;
}

/** The size of its box along x, y and z, in the layer's unit ('' for the file's own): "1.20 × 0.85 × 0.76 m". */
export function boxSizeText(c: Pick<FoundCluster, 'min' | 'max'>, unit: string): string {
  return `${c.max.map((v, a) => formatReading(v - c.min[a], 2)).join(' × ')}${unit ? ` ${unit}` : ''}`;
}
