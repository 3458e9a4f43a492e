// A read-only window onto the app for end-to-end tests: the serialisable store and where a
// point lands on screen. Nothing here can change the app's state.
import { viewerHandle } from '../render/viewerHandle';
import { snapshot, useViewerStore, type ViewerData } from '../state/store';

export interface PointlensTestHook {
  state(): ViewerData;
  /** CSS pixel position of point `index` relative to the canvas, or null */
  project(index: number): [number, number] | null;
}

declare global {
  interface Window {
    __pointlens?: PointlensTestHook;
  }
}

export function installTestHook(): void {
  window.__pointlens = {
    state: () => structuredClone(snapshot(useViewerStore.getState())),
    project: (index) => viewerHandle()?.project(index) ?? null,
  };
}
