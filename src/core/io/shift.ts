// A survey's eastings and northings (UTM: ~5e5 and ~5e6 m) keep only decimetres as 32-bit floats,
// which snaps a room scan onto a coarse grid. Where a file's coordinates lie that far from zero,
// they are kept relative to an origin among them (the middle of a LAS header's box or of a text
// list's points, the first finite point of a PLY, an NPY array or a text mesh), as Potree and CloudCompare
// do. The origin is taken on every axis, not only the far ones: the up estimate reads a point at
// (0, 0, 0) outside the points as a camera's (upEvidence.ts), which an elevation left unshifted
// would put under them. The origin travels with the layer; the panels and exports add it back.
import { axisIndex, axisSign, turnMatrix, type SignedAxis } from '../geometry/signedAxis';
import type { ParseResult } from '../types';

/** Beyond this (8.4 km in metres), a 32-bit float's spacing passes a millimetre (2^-23 of the value), as precision.ts warns. */
export const SHIFT_BEYOND = 0.001 * 2 ** 23;

export type Origin = NonNullable<ParseResult['origin']>;

/** The origin for points around `centre`: the centre to whole units where any of its coordinates is far; undefined where none is (or one is no number). */
export function originNear(centre: readonly number[]): Origin | undefined {
  if (!centre.every(Number.isFinite) || !centre.some((c) => Math.abs(c) > SHIFT_BEYOND)) return undefined;
  return centre.map(Math.round) as Origin;
}

/** The origin for `count` points whose coordinate k of point i is `coordinate(i, k)`: the middle of their box (see originNear). */
export function originOfPoints(count: number, coordinate: (i: number, k: number) => number): Origin | undefined {
  const lo = [Infinity, Infinity, Infinity];
  const hi = [-Infinity, -Infinity, -Infinity];
  for (let i = 0; i < count; i++) {
    for (let k = 0; k < 3; k++) {
      const v = coordinate(i, k);
      if (v < lo[k]) lo[k] = v;
      if (v > hi[k]) hi[k] = v;
    }
  }
  return count ? originNear(lo.map((l, k) => (l + hi[k]) / 2)) : undefined;
}

/**
 * The origin that the first of `count` points with every coordinate a number decides (see
 * originNear): a point left NaN or infinite, which a reader drops, would decide none, and a survey
 * read after it would keep only decimetres.
 */
export function originOfFirstFinite(count: number, coordinate: (i: number, k: number) => number): Origin | undefined {
  for (let i = 0; i < count; i++) {
    const p = [0, 1, 2].map((k) => coordinate(i, k));
    if (p.every(Number.isFinite)) return originNear(p);
  }
  return undefined;
}

/** An origin that the first point a reader meets with every coordinate a number decides (a text mesh's first vertex), then taken off every point. */
export class ShiftFromFirst {
  origin: Origin | undefined;
  private decided = false;

  /** Takes the origin off `p` (x, y, z, changed in place), deciding it on the first call with finite coordinates. */
  apply(p: number[]): void {
    if (!this.decided && p.every(Number.isFinite)) {
      this.origin = originNear(p);
      this.decided = true;
    }
    if (this.origin) for (let k = 0; k < 3; k++) p[k] -= this.origin[k];
  }
}

/** What a person is told of a shift: `near` says where the origin was taken from. */
export function shiftNote(origin: Origin, near: string): string {
  return `coordinates are kept relative to (${origin.join(', ')}), ${near}, to keep millimetres; the panels and exports add it back`;
}

/** `positions` (relative to `origin`) back in the file's own coordinates, as doubles. */
export function inFileCoordinates(positions: Float32Array, origin: Origin): Float64Array {
  const out = new Float64Array(positions.length);
  for (let i = 0; i < positions.length; i++) out[i] = positions[i] + origin[i % 3];
  return out;
}

/** A point of the positions' frame in the file's own coordinates (itself where there is no origin). */
export function pointInFile(p: readonly number[], origin: Origin | undefined): number[] {
  return origin ? p.map((v, k) => v + origin[k]) : [...p];
}

/**
 * Where `origin` lies in the scene's frame, its layer's `up` turned onto +y as the layer is drawn:
 * the view's origin is taken there, so that layers standing on different axes (a y-up PLY beside a
 * z-up LAS of one survey) meet where their coordinates put them.
 */
export function sceneOrigin(origin: Origin | undefined, up: SignedAxis): Origin | undefined {
  if (!origin) return undefined;
  const r = turnMatrix(up, '+y');
  return [0, 1, 2].map((i) => r[3 * i] * origin[0] + r[3 * i + 1] * origin[1] + r[3 * i + 2] * origin[2]) as Origin;
}

/**
 * Where a layer's positions sit in a view that shows several files: shifted, along the layer's own
 * axes, by how far its origin lies from the view's (`reference`: the first shifted layer's, in the
 * scene's frame as sceneOrigin gives it), so that two tiles of one survey line up as they were surveyed.
 */
export function offsetFrom(origin: Origin | undefined, up: SignedAxis, reference: Origin | undefined): [number, number, number] {
  const r = turnMatrix(up, '+y');
  // the reference turned back into the layer's axes: a turn's transpose undoes it
  return [0, 1, 2].map((k) => (origin?.[k] ?? 0) - (reference ? r[k] * reference[0] + r[3 + k] * reference[1] + r[6 + k] * reference[2] : 0)) as [number, number, number];
}

/** What a height along `up` in the kept positions adds to be one in the file's coordinates. */
export function heightOfOrigin(origin: readonly number[] | undefined, up: SignedAxis): number {
  return origin ? axisSign(up) * origin[axisIndex(up)] : 0;
}
