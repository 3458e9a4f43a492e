// Perceptual colour maps for scalar fields, evaluated on the CPU into a colour attribute so that
// both renderers (WebGPU and WebGL2) show exactly the same colours.

export type ColorMapId = 'turbo' | 'viridis' | 'diverging';

export const COLOR_MAP_IDS: readonly ColorMapId[] = ['turbo', 'viridis', 'diverging'];

// Turbo as a polynomial fit (Google AI blog, "Turbo, An Improved Rainbow Colormap", 2019,
// https://gist.github.com/mikhailov-work/0d177465a8151eb6ede1768d51d476c7): no table to ship.
const TURBO_R = [0.13572138, 4.6153926, -42.66032258, 132.13108234, -152.94239396, 59.28637943];
const TURBO_G = [0.09140261, 2.19418839, 4.84296658, -14.18503333, 4.27729857, 2.82956604];
const TURBO_B = [0.1066733, 12.64194608, -60.58204836, 110.36276771, -89.90310912, 27.34824973];

function poly(c: number[], x: number): number {
  const v = c[0] + x * (c[1] + x * (c[2] + x * (c[3] + x * (c[4] + x * c[5]))));
  return v < 0 ? 0 : v > 1 ? 1 : v;
}

// Viridis stops at t = 0, 0.1, ..., 1 (matplotlib's _viridis_data), interpolated linearly.
const VIRIDIS = [
  [0x44, 0x01, 0x54], [0x48, 0x24, 0x75], [0x41, 0x44, 0x87], [0x35, 0x5f, 0x8d],
  [0x2a, 0x78, 0x8e], [0x21, 0x91, 0x8c], [0x22, 0xa8, 0x84], [0x44, 0xbf, 0x70],
  [0x7a, 0xd1, 0x51], [0xbd, 0xdf, 0x26], [0xfd, 0xe7, 0x25],
].map((c) => c.map((v) => v / 255));

// Blue-white-red for values either side of 0 (ColorBrewer's RdBu, reversed so that below is blue):
// white in the middle, so that a signed distance near 0 reads as no change.
const DIVERGING = [
  [0x21, 0x66, 0xac], [0x67, 0xa9, 0xcf], [0xd1, 0xe5, 0xf0], [0xf7, 0xf7, 0xf7],
  [0xfd, 0xdb, 0xc7], [0xef, 0x8a, 0x62], [0xb2, 0x18, 0x2b],
].map((c) => c.map((v) => v / 255));

/** Writes the colour (rgb 0..1) of `t` (clamped to 0..1) into `out` at `offset`. */
export function sampleColorMap(id: ColorMapId, t: number, out: Float32Array | number[], offset = 0): void {
  const x = Number.isFinite(t) ? (t < 0 ? 0 : t > 1 ? 1 : t) : 0;
  if (id === 'turbo') {
    out[offset] = poly(TURBO_R, x);
    out[offset + 1] = poly(TURBO_G, x);
    out[offset + 2] = poly(TURBO_B, x);
    return;
  }
  const stops = id === 'viridis' ? VIRIDIS : DIVERGING;
  const f = x * (stops.length - 1);
  const i = Math.min(Math.floor(f), stops.length - 2);
  const w = f - i;
  const a = stops[i];
  const b = stops[i + 1];
  out[offset] = a[0] + (b[0] - a[0]) * w;
  out[offset + 1] = a[1] + (b[1] - a[1]) * w;
  out[offset + 2] = a[2] + (b[2] - a[2]) * w;
}

/** A CSS linear-gradient of the map, for a legend bar. */
export function colorMapGradient(id: ColorMapId, stops = 9): string {
  const c = [0, 0, 0];
  const parts: string[] = [];
  for (let i = 0; i < stops; i++) {
    sampleColorMap(id, i / (stops - 1), c);
    parts.push(`rgb(${Math.round(c[0] * 255)},${Math.round(c[1] * 255)},${Math.round(c[2] * 255)})`);
  }
  return `linear-gradient(to right, ${parts.join(', ')})`;
}
