// A shape as MVCNN sees it: depth images from 12 cameras around the up axis, each 30° apart and
// 30° above the horizon, orthographic, looking at the shape's centre. A mesh's triangles are
// rasterised; a cloud's points are splatted one pixel each. Back-projecting every covered pixel
// gives the points the views keep of the shape.
import { axisIndex, axisSign, type SignedAxis } from '../geometry/signedAxis';
import type { Bounds } from '../geometry/bounds';

export interface DepthViews {
  views: number;
  size: number;
  /** views x size x size, row 0 at the top: distance from the image plane, NaN where nothing is seen */
  depth: Float32Array;
  /** the depth range: 0 at the plane, 2 * radius behind it */
  radius: number;
  /** per view: the camera's right, up and towards-the-camera unit vectors */
  frames: Float64Array;
  centre: [number, number, number];
}

export interface DepthViewOptions {
  views?: number;
  size?: number;
  elevationDeg?: number;
}

type Vec = [number, number, number];
const cross = (a: Vec, b: Vec): Vec => [a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]];

/** Per view: right, up and towards-the-camera unit vectors, 9 numbers a view. */
export function cameraFrames(up: SignedAxis, views: number, elevation: number): Float64Array {
  const u: Vec = [0, 0, 0];
  u[axisIndex(up)] = axisSign(up);
  const h1: Vec = [0, 0, 0];
  h1[(axisIndex(up) + 1) % 3] = 1;
  const h2 = cross(u, h1);
  const frames = new Float64Array(views * 9);
  for (let v = 0; v < views; v++) {
    const a = (2 * Math.PI * v) / views;
    const c: Vec = [0, 1, 2].map((d) => Math.cos(elevation) * (Math.cos(a) * h1[d] + Math.sin(a) * h2[d]) + Math.sin(elevation) * u[d]) as Vec;
    const r = cross(u, c);
    const rl = Math.hypot(...r);
    const right = r.map((x) => x / rl) as Vec;
    const camUp = cross(c, right);
    frames.set([...right, ...camUp, ...c], 9 * v);
  }
  return frames;
}

/** Each point in view v: pixel column, row and depth. */
export function project(frames: Float64Array, v: number, centre: Vec, radius: number, size: number, x: number, y: number, z: number): Vec {
  const p: Vec = [x - centre[0], y - centre[1], z - centre[2]];
  const f = frames.subarray(9 * v, 9 * v + 9);
  const px = ((p[0] * f[0] + p[1] * f[1] + p[2] * f[2]) / radius + 1) * (size / 2);
  const py = (1 - (p[0] * f[3] + p[1] * f[4] + p[2] * f[5]) / radius) * (size / 2);
  const depth = radius - (p[0] * f[6] + p[1] * f[7] + p[2] * f[8]);
  return [px, py, depth];
}

export function renderDepthViews(
  positions: Float32Array,
  indices: Uint32Array | undefined,
  bounds: Bounds,
  up: SignedAxis,
  options: DepthViewOptions = {},
): DepthViews {
  const views = options.views ?? 12;
  const size = options.size ?? 64;
  const frames = cameraFrames(up, views, ((options.elevationDeg ?? 30) * Math.PI) / 180);
  const centre = [0, 1, 2].map((d) => (bounds.min[d] + bounds.max[d]) / 2) as Vec;
  const radius = Math.max(1e-9, Math.hypot(...[0, 1, 2].map((d) => bounds.max[d] - bounds.min[d])) / 2);
  const depth = new Float32Array(views * size * size).fill(NaN);
  const n = positions.length / 3;
  for (let v = 0; v < views; v++) {
    const image = depth.subarray(v * size * size, (v + 1) * size * size);
    const screen = new Float64Array(3 * n);
    for (let i = 0; i < n; i++) screen.set(project(frames, v, centre, radius, size, positions[3 * i], positions[3 * i + 1], positions[3 * i + 2]), 3 * i);
    const write = (col: number, row: number, d: number) => {
      const k = row * size + col;
      if (!(image[k] <= d)) image[k] = d;
    };
    if (indices && indices.length) {
      for (let t = 0; t + 2 < indices.length; t += 3) rasterise(screen, indices[t], indices[t + 1], indices[t + 2], size, write);
    } else {
      for (let i = 0; i < n; i++) {
        const col = Math.floor(screen[3 * i]);
        const row = Math.floor(screen[3 * i + 1]);
        if (col >= 0 && col < size && row >= 0 && row < size) write(col, row, screen[3 * i + 2]);
      }
    }
  }
  return { views, size, depth, radius, frames, centre };
}

/** Fills the pixels whose centres a projected triangle covers, depth interpolated across it. */
function rasterise(s: Float64Array, a: number, b: number, c: number, size: number, write: (col: number, row: number, d: number) => void): void {
  const [ax, ay, az, bx, by, bz, cx, cy, cz] = [s[3 * a], s[3 * a + 1], s[3 * a + 2], s[3 * b], s[3 * b + 1], s[3 * b + 2], s[3 * c], s[3 * c + 1], s[3 * c + 2]];
  const area = (bx - ax) * (cy - ay) - (by - ay) * (cx - ax);
  if (area === 0) return;
  const c0 = Math.max(0, Math.floor(Math.min(ax, bx, cx)));
  const c1 = Math.min(size - 1, Math.ceil(Math.max(ax, bx, cx)));
  const r0 = Math.max(0, Math.floor(Math.min(ay, by, cy)));
  const r1 = Math.min(size - 1, Math.ceil(Math.max(ay, by, cy)));
  for (let row = r0; row <= r1; row++)
    for (let col = c0; col <= c1; col++) {
      const px = col + 0.5, py = row + 0.5;
      const w0 = ((bx - px) * (cy - py) - (by - py) * (cx - px)) / area;
      const w1 = ((cx - px) * (ay - py) - (cy - py) * (ax - px)) / area;
      const w2 = 1 - w0 - w1;
      if (w0 < 0 || w1 < 0 || w2 < 0) continue;
      write(col, row, w0 * az + w1 * bz + w2 * cz);
    }
}

/** The 3D point behind every covered pixel of every view. */
export function backProject(views: DepthViews): Float32Array {
  const { size, depth, radius, frames, centre } = views;
  let covered = 0;
  for (const d of depth) if (!Number.isNaN(d)) covered++;
  const out = new Float32Array(3 * covered);
  let k = 0;
  for (let v = 0; v < views.views; v++) {
    const f = frames.subarray(9 * v, 9 * v + 9);
    for (let row = 0; row < size; row++)
      for (let col = 0; col < size; col++) {
        const d = depth[(v * size + row) * size + col];
        if (Number.isNaN(d)) continue;
        const x = ((col + 0.5) / (size / 2) - 1) * radius;
        const y = (1 - (row + 0.5) / (size / 2)) * radius;
        const back = radius - d;
        for (let e = 0; e < 3; e++) out[k++] = centre[e] + x * f[e] + y * f[3 + e] + back * f[6 + e];
      }
  }
  return out;
}
