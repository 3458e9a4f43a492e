// A survey names where on Earth each point lies: eastings and northings tens to thousands of
// kilometres from a map grid's zero (UTM, national grids, state planes in feet), beside an
// elevation of at most thousands. Points placed so say which axis is vertical and which end is up
// (elevation grows upwards) better than their shape can: a stretch of terrain has no floor, walls
// or ceiling for the up estimate to read, and one that rises and falls evenly was read -z up, sure.
import { AXES, signedAxis, type SignedAxis } from './signedAxis';

/**
 * Every grid in use puts its eastings and northings at least this far from zero, save within
 * 30 km of the equator or a grid's own false origin (UTM's eastings lie between 166,000 and
 * 834,000 m; northings south of the equator count down from 10,000 km).
 */
const MAP_FAR = 30_000;
/** An elevation lies at most this share of the nearer of easting and northing from zero (Colorado's peaks, 14,000 ft, beside state-plane northings past 1,000,000 ft). */
const ELEVATION_SHARE = 0.1;

/**
 * The up of points whose origin (core/io/shift.ts: the middle of their box, where it lies far from
 * zero) reads as a map's: two coordinates at least MAP_FAR from zero, the third within a tenth of
 * the nearer of them; that third axis, its + end up. Undefined for any other origin.
 */
export function mapUp(origin: readonly number[] | undefined): SignedAxis | undefined {
  if (!origin) return undefined;
  const far = [0, 1, 2].filter((a) => Math.abs(origin[a]) >= MAP_FAR);
  if (far.length !== 2) return undefined;
  const elevation = [0, 1, 2].find((a) => !far.includes(a))!;
  const nearer = Math.min(...far.map((a) => Math.abs(origin[a])));
  return Math.abs(origin[elevation]) <= ELEVATION_SHARE * nearer ? signedAxis(elevation, 1) : undefined;
}

/** Why `up` (from mapUp) is up, in words. */
export function mapUpReason(up: SignedAxis): string {
  const [a, b] = AXES.filter((axis) => axis !== up[1]);
  return `the coordinates read as a map's: ${a} and ${b} lie far from zero as eastings and northings do, ${up[1]} near it as an elevation`;
}
