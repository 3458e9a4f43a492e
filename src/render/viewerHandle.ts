// What the UI and the e2e test hook may ask of the live 3D view without reaching into React:
// a screenshot and where a point of the current layer shows on screen.

export interface ViewerHandle {
  /** the current view as a PNG data URL */
  screenshot(): string;
  /** CSS pixel position of point `index` of the current layer relative to the canvas, or null */
  project(index: number): [number, number] | null;
}

let current: ViewerHandle | null = null;

export function setViewerHandle(handle: ViewerHandle | null): void {
  current = handle;
}

export function viewerHandle(): ViewerHandle | null {
  return current;
}
