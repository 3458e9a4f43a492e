// The gallery feature: its side panel, the export panel, and the link between a loaded sample and
// its card (the classifier's answer on the shown sample becomes the card's prediction).
import { useGalleryStore } from '../state/galleryStore';
import { useViewerStore } from '../state/store';
import { classificationOf } from './classification';
import { ExportPanel } from './ExportPanel';
import { GalleryPanel } from './GalleryPanel';
import { PANEL_ORDER, registerPanel } from './panelRegistry';

export function registerGallery(): void {
  registerPanel({ id: 'gallery', title: 'Samples', side: 'left', order: PANEL_ORDER.gallery, Component: GalleryPanel });
  // under the results it saves
  registerPanel({ id: 'export', title: 'Export', side: 'right', order: PANEL_ORDER.segmentation + 1, Component: ExportPanel });

  useViewerStore.subscribe((state, previous) => {
    const { shown, setShown } = useGalleryStore.getState();
    if (shown && state.layer && state.layer.id !== shown.layerId) {
      // a file of the person's own replaced the sample: a reload no longer shows the sample
      setShown(null);
      const search = new URLSearchParams(location.search);
      search.delete('sample');
      history.replaceState(null, '', `?${search}`);
    }
    const view = classificationOf(state.results);
    if (view?.status !== 'done' || view === classificationOf(previous.results)) return;
    const { predict } = useGalleryStore.getState();
    if (shown?.layerId === view.layerId) predict(shown.sampleId, { label: view.top[0].label, probability: view.top[0].probability });
  });
}
