import type { Bounds } from '../core/geometry/bounds';
import type { ClipBox } from '../core/geometry/clip';
import type { CameraView } from '../core/geometry/cameraView';
import type { LodView } from '../core/geometry/lodSelection';

// What the UI and the e2e test hook may ask of the live 3D view without reaching into React:
// a screenshot, where a point of the current layer shows on screen and where the camera stands.

export interface ViewerHandle {
  /** the current view as a PNG data URL */
  screenshot(): string;
  /** CSS pixel position of point `index` of the active layer (or of layer `layerId`) relative to the canvas, or null */
  project(index: number, layerId?: string): [number, number] | null;
  /** depth of point `index` of the active layer (or of layer `layerId`) as picking compares it (smaller is nearer), or null */
  depth(index: number, layerId?: string): number | null;
  /** where the camera is, in the current layer's own coordinates, or null */
  camera(): [number, number, number] | null;
  /** the camera in the scene's (world) coordinates: where it stands, the point it orbits and its up, or null before the controls are set up */
  cameraView(): CameraView | null;
  /** the camera as the screen sees it: model-view-projection matrix and canvas size in CSS pixels, or null */
  view(): { mvp: number[]; width: number; height: number } | null;
  /** frames drawn so far, and whether another is owed: asked for, or put off on a timer (frameTimers) */
  frames(): ViewFrames;
  /** what the view draws now: points and octree nodes, the layer's points inside the viewport and how many of them are drawn */
  drawn(layerId?: string): DrawnStats | null;
  /** points drawn inside a box of the layer's coordinates: of the layer, and of its detail layer where one is shown */
  drawnInBox(box: Bounds): { layer: number; detail: number } | null;
}

export interface ViewFrames {
  drawn: number;
  owed: boolean;
}

export interface DrawnStats {
  points: number;
  /** 0 where the layer is drawn whole */
  nodes: number;
  inView: number;
  drawnInView: number;
  /** the index of every drawn point, where at most `listLimit` are drawn */
  indices?: number[];
}

/** What the 3D view tells its owner; it writes nothing itself. */
export interface ViewerEvents {
  onRenderer(renderer: { kind: 'webgpu' | 'webgl2'; software: boolean }): void;
  /** a click on point `index` of layer `layerId`, or on nothing (null, -1) */
  onPick(layerId: string | null, index: number): void;
  /** the layers a click may pick, at the moment of the click, each with its points that may be picked (1) and not (0); undefined: all */
  pickable(): Record<string, Uint8Array | undefined>;
  onHandle(handle: ViewerHandle | null): void;
  /** the clip box as the person dragged it */
  onClipBox(box: ClipBox): void;
  /** the camera came to rest on a view of the layer's points inside `box` (reported for a decimated layer only) */
  onViewSettled(box: Bounds): void;
  /** where the camera looks, for a layer streamed from a file (its nodes in view are fetched) */
  onLodView(layerId: string, view: LodView): void;
}
