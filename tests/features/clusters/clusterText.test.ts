import { describe, expect, it } from 'vitest';
import { clusterNameText, uprightBoxText } from '../../../src/features/clusters/clusterText';

describe('cluster wording', () => {
  it('names a cluster by its class and probability, or as unknown with the closest class', () => {
    expect(clusterNameText({ label: 'night_stand', probability: 0.874, unknown: false })).toBe('night stand (87%)');
    expect(clusterNameText({ label: 'lamp', probability: 0.41, unknown: true, oodScore: 0.2 })).toBe('unknown — closest: lamp (41%)');
  });

  it('says why a name of a class no room holds is no name in a room', () => {
    expect(clusterNameText({ label: 'airplane', probability: 0.836, unknown: true, oodScore: 0.05, outOfPlace: true })).toBe('unknown — closest: airplane (84%), which no room holds');
  });

  it('gives its upright box\'s length, width and height in the layer\'s unit, and its turn where it is turned', () => {
    expect(uprightBoxText({ center: [0, 0, 0], size: [1.2, 0.85, 0.756], yaw: 30 }, 'm')).toBe('1.20 × 0.85 × 0.76 m, turned 30°');
    expect(uprightBoxText({ center: [0, 0, 0], size: [2, 1, 0.5], yaw: 0 }, '')).toBe('2 × 1 × 0.50');
    expect(uprightBoxText({ center: [0, 0, 0], size: [2, 1, 0.5], yaw: 90 }, '')).toBe('2 × 1 × 0.50');
  });
});
