import { describe, expect, it } from 'vitest';
import { cameraViewProblem, decodeUpParam, decodeViewParam, encodeUpParam, encodeViewParam, type CameraView } from '../../../src/core/geometry/cameraView';

const VIEW: CameraView = { position: [2.123456, 1.5, -2.5], target: [0.25, 0.1, 0], up: [0, 1, 0] };

function decoded(text: string): CameraView {
  const read = decodeViewParam(text);
  if ('error' in read) throw new Error(read.error);
  return read.view;
}

function errorOf(text: string): string {
  const read = decodeViewParam(text);
  if (!('error' in read)) throw new Error(`"${text}" was read as a view`);
  return read.error;
}

describe('a view in a link', () => {
  it('is nine numbers with 4 decimals, joined by commas', () => {
    expect(encodeViewParam(VIEW)).toBe('2.1235,1.5,-2.5,0.25,0.1,0,0,1,0');
  });

  it('comes back within a ten-thousandth of the distance to the target', () => {
    const back = decoded(encodeViewParam(VIEW));
    for (const k of ['position', 'target', 'up'] as const) back[k].forEach((x, i) => expect(x).toBeCloseTo(VIEW[k][i], 4));
  });

  it('keeps more decimals for a camera close to a small object', () => {
    const small: CameraView = { position: [0.0012345, 0.0005, 0.002], target: [0.0001234, 0, 0], up: [0, 1, 0] };
    const back = decoded(encodeViewParam(small));
    const distance = Math.hypot(...small.position.map((x, i) => x - small.target[i]));
    for (const k of ['position', 'target'] as const) back[k].forEach((x, i) => expect(Math.abs(x - small[k][i])).toBeLessThan(distance * 1e-4));
  });

  it('reads numbers with an exponent, a sign or no leading digit', () => {
    expect(decoded('1e2,+2,-.5,0,0,0,0,1,0')).toEqual({ position: [100, 2, -0.5], target: [0, 0, 0], up: [0, 1, 0] });
  });

  it('is refused with the count where it has too few or too many numbers', () => {
    expect(errorOf('1,2,3,4,5,6,7,8')).toMatch(/8 values, not the 9 numbers/);
    expect(errorOf('1,2,3,4,5,6,7,8,9,10')).toMatch(/10 values/);
    expect(errorOf('')).toMatch(/1 value, not the 9/);
  });

  it('is refused where a value is no number', () => {
    expect(errorOf('1,2,3,0,0,0,0,1,x')).toMatch(/"x" is no number/);
    expect(errorOf('1,2,3,0,0,0,0,,0')).toMatch(/"" is no number/);
    expect(errorOf('NaN,2,3,0,0,0,0,1,0')).toMatch(/"NaN" is no number/);
    expect(errorOf('Infinity,2,3,0,0,0,0,1,0')).toMatch(/no number/);
    expect(errorOf('0x10,2,3,0,0,0,0,1,0')).toMatch(/no number/);
  });

  it('is refused where a number overflows', () => {
    expect(errorOf('1e400,2,3,0,0,0,0,1,0')).toMatch(/not all finite/);
  });

  it('is refused where it is no camera: on its target, with no up, or up along the line of sight', () => {
    expect(errorOf('1,1,1,1,1,1,0,1,0')).toMatch(/stands on the point it looks at/);
    expect(errorOf('1,2,3,0,0,0,0,0,0')).toMatch(/up direction is zero/);
    expect(errorOf('0,5,0,0,0,0,0,1,0')).toMatch(/along the line of sight/);
  });

  it('is refused unsplit where it is far longer than a view', () => {
    expect(errorOf('1,'.repeat(1000))).toMatch(/characters long/);
  });

  it('writes an exponent only where a number is huge, and reads it back', () => {
    const far: CameraView = { position: [1e22, 0, 0], target: [0, 0, 0], up: [0, 1, 0] };
    expect(decoded(encodeViewParam(far)).position[0]).toBe(1e22);
  });
});

describe('a camera view', () => {
  it('is one where the numbers are finite and the camera looks somewhere with an up beside its sight', () => {
    expect(cameraViewProblem(VIEW)).toBeNull();
    expect(cameraViewProblem({ ...VIEW, up: [0, Number.NaN, 0] })).toMatch(/finite/);
  });
});

describe('the up parameter', () => {
  it('keeps its sign through a link, a "+" typed by hand read from the space it arrives as', () => {
    expect(encodeUpParam('+y')).toBe('%2By');
    expect(encodeUpParam('-z')).toBe('-z');
    expect(new URLSearchParams(`up=${encodeUpParam('+y')}`).get('up')).toBe('+y');
    for (const [text, up] of [['+y', '+y'], [' z', '+z'], ['-X', '-x'], ['x', '+x']]) expect(decodeUpParam(text)).toEqual({ up });
  });

  it('says what it is when it is no axis', () => {
    for (const text of ['', 'up', '+w', '++y', 'y,z']) {
      expect(decodeUpParam(text)).toEqual({ error: `The link's up axis "${text}" could not be read (it is none of +x, -x, +y, -y, +z, -z)` });
    }
  });
});
