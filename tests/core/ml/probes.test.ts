import { describe, expect, it } from 'vitest';
import { PROBE_KINDS, PROBES, probePoints, probeRange } from '../../../src/core/ml/explain/probes';

// a real-looking small cloud: points on a helix inside the unit sphere, y up
const n = 200;
const cloud = Float32Array.from({ length: 3 * n }, (_, j) => {
  const i = Math.floor(j / 3), t = i / n;
  return [0.6 * Math.cos(12 * t), 1.6 * t - 0.8, 0.6 * Math.sin(12 * t)][j % 3];
});

describe('probePoints', () => {
  it('leaves the object as it is at each probe\'s "unchanged" value', () => {
    for (const kind of PROBE_KINDS) expect(Array.from(probePoints(cloud, kind, PROBES[kind].none, 'y')), kind).toEqual(Array.from(cloud));
  });

  it('turns right-handed about the named axis, keeping that coordinate', () => {
    const turned = probePoints(cloud, 'turn-y', 90, 'y');
    for (let i = 0; i < n; i++) {
      expect(turned[3 * i]).toBeCloseTo(cloud[3 * i + 2], 5);
      expect(turned[3 * i + 1]).toBe(cloud[3 * i + 1]);
      expect(turned[3 * i + 2]).toBeCloseTo(-cloud[3 * i], 5);
    }
  });

  it('drops the asked share of the points, keeping points of the object', () => {
    const rows = new Set(Array.from({ length: n }, (_, i) => Array.from(cloud.subarray(3 * i, 3 * i + 3)).join(',')));
    for (const kind of ['drop-random', 'drop-farthest'] as const) {
      const kept = probePoints(cloud, kind, 0.75, 'y');
      expect(kept.length / 3).toBe(50);
      for (let i = 0; i < 50; i++) expect(rows.has(Array.from(kept.subarray(3 * i, 3 * i + 3)).join(','))).toBe(true);
    }
  });

  it('cuts from the top along the up axis', () => {
    const kept = probePoints(cloud, 'cut', 0.5, 'y');
    for (let i = 0; i < kept.length / 3; i++) expect(kept[3 * i + 1]).toBeLessThanOrEqual(0);
    expect(kept.length / 3).toBeGreaterThan(n / 2 - 3);
    expect(kept.length / 3).toBeLessThan(n / 2 + 3);
  });

  it('jitters by about the asked sigma, the same way each time', () => {
    const a = probePoints(cloud, 'jitter', 0.05, 'y');
    expect(Array.from(probePoints(cloud, 'jitter', 0.05, 'y'))).toEqual(Array.from(a));
    const rms = Math.sqrt(a.reduce((s, v, j) => s + (v - cloud[j]) ** 2, 0) / a.length);
    expect(rms).toBeGreaterThan(0.04);
    expect(rms).toBeLessThan(0.06);
  });

  it('refuses a value outside the slider', () => {
    expect(() => probePoints(cloud, 'cut', 1.5, 'y')).toThrow(/outside/);
  });
});

describe('probeRange', () => {
  it('spans the slider, ends included', () => {
    const r = probeRange('drop-random', 5);
    expect(r[0]).toBe(PROBES['drop-random'].min);
    expect(r[4]).toBe(PROBES['drop-random'].max);
  });
});
