// View settings: plain data with defaults, so that the store stays serialisable and a test can
// read exactly what the user chose.
import type { ColorMapId } from '../core/color/colorMaps';
import type { SignedAxis } from '../core/geometry/signedAxis';

export type MeshMode = 'shaded' | 'wireframe' | 'points';

export interface ViewSettings {
  /** diameter in CSS pixels (at the framing distance when attenuated) */
  pointSize: number;
  /** points grow as the camera comes closer */
  sizeAttenuation: boolean;
  /** a colour mode id from the colour-mode registry ("rgb", "height", "field:label", ...) */
  colorMode: string;
  colorMap: ColorMapId;
  /** #rrggbb, for the uniform mode and uncoloured meshes */
  uniformColor: string;
  meshMode: MeshMode;
  /** which way is up in the file: the view stands it upright and recognition turns it to the models' frames */
  upAxis: SignedAxis;
  showAxes: boolean;
  showGrid: boolean;
  showBoxes: boolean;
  /** draw a scene's boxes square to its walls where they are turned from the file's axes (each found box carries both) */
  boxesSquareToWalls: boolean;
  /** #rrggbb */
  background: string;
  /** shade points by their normals under a light from the camera, where they have normals */
  litPoints: boolean;
  /** label ids hidden through the legend, by colour mode id */
  hiddenLabels: Record<string, number[]>;
  /** the values a scale colour mode spreads its colour map over, by colour mode id, in the legend's units (min < max); unset: the layer's full range */
  scaleRanges: Record<string, [number, number]>;
  /** show only the active layer's points whose value of the shown scale colour mode lies in its legend's range (no effect in a mode without a scale) */
  filterByValue: boolean;
  /** classify an object / segment a scene as soon as it loads */
  autoRecognise: boolean;
  /** a scene starts by itself only where the app estimates it takes at most this long; longer ones are offered */
  autoSegmentSeconds: number;
  /** score the segmenter against a `segment` field read as S3DIS's 13 classes (a Pointcept S3DIS room) */
  scoreSegmentAsS3dis: boolean;
  /** a file's parse is given up after this many seconds; 0: after a time that grows with its size (core/io/parseLimit) */
  parseLimitSeconds: number;
  /** values a point in a headerless .bin read from now on; 0: found from the values (core/io/rawRecords) */
  recordValues: number;
  /** most points of a cloud drawn at once; 0: the renderer's default (`DEFAULT_POINT_BUDGET`) */
  pointBudget: number;
  /** eye-dome lighting: shade points by the depth around them (Potree's shading for colourless scans) */
  eyeDomeLighting: boolean;
}

export const DEFAULT_POINT_SIZE = 3;
export const DEFAULT_BACKGROUND = '#15171c';
export const DEFAULT_UNIFORM_COLOR = '#c8ccd4';

export const DEFAULT_VIEW_SETTINGS: ViewSettings = {
  pointSize: DEFAULT_POINT_SIZE,
  sizeAttenuation: true,
  colorMode: 'height',
  colorMap: 'turbo',
  uniformColor: DEFAULT_UNIFORM_COLOR,
  meshMode: 'shaded',
  upAxis: '+y',
  showAxes: false,
  showGrid: true,
  showBoxes: true,
  boxesSquareToWalls: false,
  background: DEFAULT_BACKGROUND,
  litPoints: false,
  hiddenLabels: {},
  scaleRanges: {},
  filterByValue: false,
  autoRecognise: true,
  autoSegmentSeconds: 10,
  scoreSegmentAsS3dis: false,
  parseLimitSeconds: 0,
  recordValues: 0,
  pointBudget: 0,
  eyeDomeLighting: false,
};

/**
 * The point budget each renderer starts with. Software rasterisers (SwiftShader here, 2 shared
 * cores) took 3-7 s a frame for 150k sprites under load and about a second for 50k; hardware
 * WebGPU draws instanced sprites in one pass, while WebGL2 pays more per instance.
 */
export const DEFAULT_POINT_BUDGET = { webgpu: 3_000_000, webgl2: 1_500_000, software: 50_000 } as const;

/** The budgets the View panel offers besides the renderer's default. */
export const POINT_BUDGET_CHOICES = [10_000, 25_000, 50_000, 100_000, 250_000, 500_000, 1_000_000, 2_000_000, 5_000_000, 10_000_000] as const;

/** Points drawn while the camera moves, as a share of the budget: orbiting follows the mouse on a software rasteriser at 15k of 50k. */
export const MOVING_SHARE = 0.3;

/** The point budget in force for `renderer`. */
export function pointBudgetFor(chosen: number, renderer: { kind: 'webgpu' | 'webgl2'; software: boolean } | null): number {
  if (chosen > 0) return chosen;
  if (!renderer || renderer.software) return DEFAULT_POINT_BUDGET.software;
  return DEFAULT_POINT_BUDGET[renderer.kind];
}

export const POINT_SIZE_RANGE = { min: 1, max: 20 } as const;

export function hexToRgb(hex: string): [number, number, number] {
  const v = Number.parseInt(hex.replace('#', ''), 16);
  return [(v >> 16) & 255, (v >> 8) & 255, v & 255];
}
