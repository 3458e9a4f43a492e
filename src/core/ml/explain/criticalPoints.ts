// PointNet's critical point set (Qi et al., CVPR 2017, section 4.3, https://arxiv.org/abs/1612.00593):
// the global feature is a max over the points, so each channel is decided by the one point that
// wins it, and the prediction depends on those points alone.

/**
 * The indices, ascending, of the points that win at least one channel of the global feature in
 * any view. `winners` and `feature` are [views, channels]: the model's `critical` output (a point
 * index per channel, as floats) and its global feature. A channel whose maximum is not above zero
 * has no winner: after the last ReLU every point ties there at zero.
 */
export function criticalIndices(winners: Float32Array, feature: Float32Array, points: number): Int32Array {
  if (winners.length !== feature.length) {
    throw new Error(`criticalIndices: ${winners.length} winners for ${feature.length} feature channels`);
  }
  const won = new Uint8Array(points);
  for (let c = 0; c < winners.length; c++) {
    if (!(feature[c] > 0)) continue;
    const i = winners[c];
    if (!Number.isInteger(i) || i < 0 || i >= points) throw new Error(`criticalIndices: channel ${c} names point ${i} of ${points}`);
    won[i] = 1;
  }
  const out: number[] = [];
  for (let i = 0; i < points; i++) if (won[i]) out.push(i);
  return Int32Array.from(out);
}
