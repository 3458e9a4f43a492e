// A read-only window onto the app for end-to-end tests: the serialisable store (with what the view
// derives from it) and word of its changes, where a point lands on screen, where the camera is,
// what the view draws and whether it has drawn all it owes. Nothing here can change the app's state.
import type { Bounds } from '../core/geometry/bounds';
import type { CameraView } from '../core/geometry/cameraView';
import type { DrawnStats, ViewerHandle, ViewFrames } from '../render/viewerHandle';
import { snapshot, useAppStore, type AppSnapshot } from '../state/store';

export interface PointlensTestHook {
  state(): AppSnapshot;
  /** calls `listener` after each change to the store, so that a test waits for one instead of reading the state over and over; returns what stops it */
  subscribe(listener: () => void): () => void;
  /** CSS pixel position of point `index` of the active layer (or of layer `layerId`) relative to the canvas, or null */
  project(index: number, layerId?: string): [number, number] | null;
  /** depth of point `index` of the active layer (or of layer `layerId`) as picking compares it (smaller is nearer), or null */
  depth(index: number, layerId?: string): number | null;
  /** the camera's position in the shown layer's coordinates, or null */
  camera(): [number, number, number] | null;
  /** the camera in the scene's coordinates (position, orbit target, up), as a saved view holds it, or null */
  cameraView(): CameraView | null;
  /** frames the 3D view has drawn, and whether another is owed (the view will change without a word from the store), or null before the view is up */
  frames(): ViewFrames | null;
  /** what the 3D view draws now of the active layer (or of layer `layerId`), or null before it shows it */
  drawn(layerId?: string): DrawnStats | null;
  /** points drawn inside a box of the layer's coordinates, of the layer and of its detail layer */
  drawnInBox(box: Bounds): { layer: number; detail: number } | null;
}

declare global {
  interface Window {
    __pointlens?: PointlensTestHook;
  }
}

export function installTestHook(viewer: () => ViewerHandle | null): void {
  window.__pointlens = {
    state: () => structuredClone(snapshot(useAppStore.getState())),
    subscribe: (listener) => useAppStore.subscribe(() => listener()),
    project: (index, layerId) => viewer()?.project(index, layerId) ?? null,
    depth: (index, layerId) => viewer()?.depth(index, layerId) ?? null,
    camera: () => viewer()?.camera() ?? null,
    cameraView: () => viewer()?.cameraView() ?? null,
    frames: () => viewer()?.frames() ?? null,
    drawn: (layerId) => viewer()?.drawn(layerId) ?? null,
    drawnInBox: (box) => viewer()?.drawnInBox(box) ?? null,
  };
}
