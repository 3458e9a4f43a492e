import { describe, expect, it } from 'vitest';
import { frameBounds, toWorld, viewDirection } from '../../src/render/framing';
import { usualFront } from '../../src/core/geometry/usualFront';
import type { SignedAxis } from '../../src/core/geometry/signedAxis';

const BOUNDS = { min: [-1, -1, -1] as [number, number, number], max: [1, 1, 1] as [number, number, number] };

describe('framing', () => {
  it.each(['+y', '+z', '-z', '+x'] as SignedAxis[])('looks at the usual front from above, for %s up', (up) => {
    const d = viewDirection(up);
    expect(Math.hypot(...d)).toBeCloseTo(1, 6);
    const f = [0, 0, 0] as [number, number, number];
    f['xyz'.indexOf(usualFront(up)[1])] = usualFront(up)[0] === '+' ? 1 : -1;
    const front = toWorld(f, up);
    // in front of the object, above it, and off to one side (a three-quarter view)
    expect(d[0] * front[0] + d[1] * front[1] + d[2] * front[2]).toBeGreaterThan(0.6);
    expect(d[1]).toBeGreaterThan(0.3);
    expect(Math.abs(d[0] * front[2] - d[2] * front[0])).toBeGreaterThan(0.4);
  });

  it('steps back on a canvas narrower than tall, so that the sphere fits its width', () => {
    const wide = frameBounds(BOUNDS, '+y', 50, 1.6);
    const narrow = frameBounds(BOUNDS, '+y', 50, 0.8);
    expect(wide.distance).toBeCloseTo(frameBounds(BOUNDS, '+y', 50, 1).distance, 9);
    const halfH = Math.atan(Math.tan((25 * Math.PI) / 180) * 0.8);
    expect(narrow.distance).toBeCloseTo((Math.sqrt(3) / Math.sin(halfH)) * 1.1, 9);
    expect(narrow.distance).toBeGreaterThan(wide.distance);
  });
});
