// The saved views' slice: the views of the scene under the name it is kept by in the browser, and
// the view the camera was last asked to go to. Views belong to the scene, not to a layer: they stay
// while layers come, go or change.
import type { CameraView } from '../../core/geometry/cameraView';

export interface SavedView extends CameraView {
  name: string;
}

export interface ViewsState {
  /** the browser storage key the views are kept under (savedViews' `savedViewsKey`), null with no layer */
  key: string | null;
  saved: SavedView[];
  /** where the camera goes: `seq` grows with every request, `ease` moves it there over a moment rather than at once */
  goTo: { view: CameraView; seq: number; ease: boolean } | null;
}

export const INITIAL_VIEWS: ViewsState = { key: null, saved: [], goTo: null };
