// A camera view of the scene (where the camera stands, the point it orbits and which way is up on
// screen, all in the scene's coordinates) and its compact form in a link's `view=` parameter: nine
// numbers joined by commas, rounded so that the link stays short yet puts the camera back within a
// ten-thousandth of its distance to the target.

import { AXES, type SignedAxis } from './signedAxis';

export type Vec3 = [number, number, number];

export interface CameraView {
  position: Vec3;
  target: Vec3;
  up: Vec3;
}

/** a view parameter longer than this is no link pointlens made: refused before it is split */
const MAX_PARAM_CHARS = 400;
const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

const length = (v: readonly number[]) => Math.hypot(v[0], v[1], v[2]);
const minus = (a: Vec3, b: Vec3): Vec3 => [a[0] - b[0], a[1] - b[1], a[2] - b[2]];

/**
 * What is wrong with `view` as a camera, or null where it is one: every number finite, the camera
 * apart from its target, and an up that is a direction not along the line of sight.
 */
export function cameraViewProblem(view: CameraView): string | null {
  const all = [...view.position, ...view.target, ...view.up];
  if (all.length !== 9 || !all.every(Number.isFinite)) return 'its numbers are not all finite';
  const sight = minus(view.target, view.position);
  const distance = length(sight);
  if (!(distance > 0)) return 'the camera stands on the point it looks at';
  const up = length(view.up);
  if (!(up > 0)) return 'its up direction is zero';
  const cross = [sight[1] * view.up[2] - sight[2] * view.up[1], sight[2] * view.up[0] - sight[0] * view.up[2], sight[0] * view.up[1] - sight[1] * view.up[0]];
  if (length(cross) < 1e-6 * distance * up) return 'its up direction lies along the line of sight';
  return null;
}

/** Decimals that keep each number within half a ten-thousandth of the camera's distance to its target (4 at least). */
function decimalsFor(view: CameraView): number {
  const distance = length(minus(view.target, view.position));
  return Math.min(12, Math.max(4, 4 - Math.floor(Math.log10(distance))));
}

/** The `view=` parameter of `view`: position, target and up, nine numbers joined by commas. */
export function encodeViewParam(view: CameraView): string {
  const decimals = decimalsFor(view);
  const round = (x: number, places: number) => String(Number(x.toFixed(places)));
  return [...view.position.map((x) => round(x, decimals)), ...view.target.map((x) => round(x, decimals)), ...view.up.map((x) => round(x, 4))].join(',');
}

/** Reads a `view=` parameter; a parameter that is not one says why, in a link reader's terms. */
export function decodeViewParam(text: string): { view: CameraView } | { error: string } {
  const why = (reason: string) => ({ error: `The link's view could not be read (${reason})` });
  if (text.length > MAX_PARAM_CHARS) return why(`it is ${text.length} characters long; a view takes at most ${MAX_PARAM_CHARS}`);
  const parts = text.split(',');
  if (parts.length !== 9) return why(`it has ${parts.length} value${parts.length === 1 ? '' : 's'}, not the 9 numbers of a position, a target and an up direction`);
  const bad = parts.find((p) => !NUMBER.test(p.trim()));
  if (bad !== undefined) return why(`"${bad.slice(0, 24)}" is no number`);
  const n = parts.map(Number);
  const view: CameraView = { position: [n[0], n[1], n[2]], target: [n[3], n[4], n[5]], up: [n[6], n[7], n[8]] };
  const problem = cameraViewProblem(view);
  return problem ? why(problem) : { view };
}

/** An up axis as a link's `up=` parameter: "+" written as %2B, which a link would otherwise read as a space. */
export function encodeUpParam(up: SignedAxis): string {
  return up.replace('+', '%2B');
}

/** Reads an `up=` parameter, as URLSearchParams gives it: a "+" typed by hand arrives as a space, and no sign means "+". */
export function decodeUpParam(text: string): { up: SignedAxis } | { error: string } {
  const m = /^([ +-]?)([xyz])$/i.exec(text);
  if (!m) return { error: `The link's up axis "${text.slice(0, 24)}" could not be read (it is none of ${AXES.flatMap((a) => [`+${a}`, `-${a}`]).join(', ')})` };
  return { up: `${m[1] === '-' ? '-' : '+'}${m[2].toLowerCase()}` as SignedAxis };
}
