// Recognition in the app: the panels, and what runs by itself when a file loads (if the user left
// that on): the scene model for a room scan, the classifier for anything else. Changing the up
// axis of a classified object classifies it again, since the classifier depends on it.
import { looksLikeScene } from '../core/ml/sceneOrObject';
import { getLayerData } from '../state/layerRegistry';
import { useViewerStore } from '../state/store';
import { classificationOf, classifyCurrentLayer } from './classification';
import { PANEL_ORDER, registerPanel } from './panelRegistry';
import { RecognitionPanel } from './RecognitionPanel';
import { segmentCurrentLayer } from './segmentation';
import { SegmentationPanel } from './SegmentationPanel';

export function registerRecognition(): void {
  registerPanel({ id: 'recognition', title: 'Recognition', side: 'right', order: PANEL_ORDER.recognition, Component: RecognitionPanel });
  registerPanel({ id: 'segmentation', title: 'Scene segmentation', side: 'right', order: PANEL_ORDER.segmentation, Component: SegmentationPanel });

  useViewerStore.subscribe((state, previous) => {
    const { layer, settings } = state;
    if (!layer || !settings.autoRecognise) return;
    if (layer.id !== previous.layer?.id) {
      const data = getLayerData(layer.id);
      if (!data) return;
      if (looksLikeScene(data.geometry, layer.bounds, settings.upAxis)) void segmentCurrentLayer();
      else void classifyCurrentLayer();
    } else if (settings.upAxis !== previous.settings.upAxis && classificationOf(state.results)?.status === 'done') {
      void classifyCurrentLayer();
    }
  });
}
