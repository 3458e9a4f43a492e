import { formatNumber } from '../../core/format';

/** What a search found its stray points by, as the Stray points panel says it. */
export interface StrayRule {
  points: number;
  k: number;
  sigma: number;
  threshold: number;
  meanDistance: number;
}

/** Why the points found are stray; `length` writes a distance in the layer's unit. */
export function strayReason(rule: StrayRule, length: (v: number) => string): string {
  // a lone point has no neighbour to measure: there is no mean or deviation to judge it by
  if (rule.points < 2) return `A cloud of ${rule.points} ${rule.points === 1 ? 'point' : 'points'} has no neighbours to judge a point by: none is stray.`;
  const neighbours = rule.k === 1 ? 'its nearest neighbour' : `its ${rule.k} nearest neighbours`;
  return `A point is stray where its mean distance to ${neighbours} is past ${length(rule.threshold)}: their mean over the cloud, ${length(rule.meanDistance)}, plus ${formatNumber(rule.sigma, 1)} standard deviations.`;
}
