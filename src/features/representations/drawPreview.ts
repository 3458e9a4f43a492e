// Each representation drawn in its own small view, from one camera a little above the object and
// a third of the way round, so that the four can be compared side by side.
import type { Bounds } from '../../core/geometry/bounds';
import type { SignedAxis } from '../../core/geometry/signedAxis';
import { cameraFrames, project, type DepthViews } from '../../core/representations/depthViews';
import { voxelCentres, type VoxelGrid } from '../../core/representations/voxelGrid';

interface View {
  frames: Float64Array;
  centre: [number, number, number];
  radius: number;
  size: number;
}

function viewOf(bounds: Bounds, up: SignedAxis, size: number): View {
  // view 1 of 12 (30° round), 25° above the horizon
  const frames = cameraFrames(up, 12, (25 * Math.PI) / 180).subarray(9, 18);
  const centre = [0, 1, 2].map((d) => (bounds.min[d] + bounds.max[d]) / 2) as [number, number, number];
  const radius = Math.max(1e-9, Math.hypot(...[0, 1, 2].map((d) => bounds.max[d] - bounds.min[d])) / 2);
  return { frames, centre, radius, size };
}

const shade = (depth: number, radius: number) => {
  const near = Math.min(1, Math.max(0, 1 - depth / (2 * radius)));
  return `hsl(190 60% ${Math.round(25 + 55 * near)}%)`;
};

function clear(ctx: CanvasRenderingContext2D) {
  ctx.fillStyle = '#11151c';
  ctx.fillRect(0, 0, ctx.canvas.width, ctx.canvas.height);
}

/** Points far to near, nearer ones brighter. */
export function drawPoints(ctx: CanvasRenderingContext2D, points: Float32Array, bounds: Bounds, up: SignedAxis, dot = 2): void {
  const v = viewOf(bounds, up, ctx.canvas.width);
  clear(ctx);
  const n = points.length / 3;
  const screen = Array.from({ length: n }, (_, i) => project(v.frames, 0, v.centre, v.radius, v.size, points[3 * i], points[3 * i + 1], points[3 * i + 2]));
  screen.sort((a, b) => b[2] - a[2]);
  for (const [x, y, d] of screen) {
    ctx.fillStyle = shade(d, v.radius);
    ctx.fillRect(x - dot / 2, y - dot / 2, dot, dot);
  }
}

/** Occupied cells as squares of their size, far to near. */
export function drawVoxels(ctx: CanvasRenderingContext2D, grid: VoxelGrid, bounds: Bounds, up: SignedAxis): void {
  const v = viewOf(bounds, up, ctx.canvas.width);
  const cellPx = Math.max(1, (grid.cell / v.radius) * (v.size / 2) * 1.1);
  drawPoints(ctx, voxelCentres(grid), bounds, up, cellPx);
}

/** Triangles far to near, each shaded by how squarely it faces the camera. */
export function drawMesh(ctx: CanvasRenderingContext2D, positions: Float32Array, indices: Uint32Array, bounds: Bounds, up: SignedAxis): void {
  const v = viewOf(bounds, up, ctx.canvas.width);
  clear(ctx);
  const n = positions.length / 3;
  const screen = Array.from({ length: n }, (_, i) => project(v.frames, 0, v.centre, v.radius, v.size, positions[3 * i], positions[3 * i + 1], positions[3 * i + 2]));
  const tris = Array.from({ length: indices.length / 3 }, (_, t) => t);
  const depthOf = (t: number) => screen[indices[3 * t]][2] + screen[indices[3 * t + 1]][2] + screen[indices[3 * t + 2]][2];
  tris.sort((a, b) => depthOf(b) - depthOf(a));
  const depthPx = v.size / (2 * v.radius);
  for (const t of tris) {
    const [a, b, c] = [screen[indices[3 * t]], screen[indices[3 * t + 1]], screen[indices[3 * t + 2]]];
    // the normal's component towards the camera, from the screen-space area and the depth gradient
    const ux = b[0] - a[0], uy = b[1] - a[1], uz = (b[2] - a[2]) * depthPx;
    const wx = c[0] - a[0], wy = c[1] - a[1], wz = (c[2] - a[2]) * depthPx;
    const nx = uy * wz - uz * wy, ny = uz * wx - ux * wz, nz = ux * wy - uy * wx;
    const facing = Math.abs(nz) / (Math.hypot(nx, ny, nz) || 1);
    ctx.fillStyle = `hsl(190 60% ${Math.round(20 + 60 * facing)}%)`;
    ctx.beginPath();
    ctx.moveTo(a[0], a[1]);
    ctx.lineTo(b[0], b[1]);
    ctx.lineTo(c[0], c[1]);
    ctx.closePath();
    ctx.fill();
  }
}

/** The depth images side by side, `columns` a row, near bright, nothing black. */
export function drawDepthViews(ctx: CanvasRenderingContext2D, views: DepthViews, columns = 4): void {
  const { size, depth, radius } = views;
  const image = ctx.createImageData(columns * size, Math.ceil(views.views / columns) * size);
  for (let v = 0; v < views.views; v++) {
    const ox = (v % columns) * size;
    const oy = Math.floor(v / columns) * size;
    for (let row = 0; row < size; row++)
      for (let col = 0; col < size; col++) {
        const d = depth[(v * size + row) * size + col];
        const g = Number.isNaN(d) ? 0 : Math.round(60 + 195 * Math.min(1, Math.max(0, 1 - d / (2 * radius))));
        const k = 4 * ((oy + row) * image.width + ox + col);
        image.data[k] = image.data[k + 1] = image.data[k + 2] = g;
        image.data[k + 3] = 255;
      }
  }
  ctx.putImageData(image, 0, 0);
}
