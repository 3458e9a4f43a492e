// What runs by itself when a file is shown (if the person left that on): the scene model for a room
// scan, the classifier for anything else, and neither for a survey wider than anything they learned.
import { looksLikeScene } from '../../core/ml/sceneOrObject';
import { useAppStore } from '../../state/store';
import { classifyShownLayer, holdBackTooWide } from '../classification/classification';
import { offerOrSegment } from '../segmentation/segmentation';

export async function recogniseShownLayer(): Promise<void> {
  const { layer, layerData, settings } = useAppStore.getState();
  if (!layer || !layerData || !settings.autoRecognise) return;
  // a survey wider than anything the models learned is offered, with the time it would take, never started
  const widestM = holdBackTooWide();
  if (widestM !== undefined) await offerOrSegment(widestM);
  else if (looksLikeScene(layerData.geometry, layer.bounds, settings.upAxis, layer.format)) await offerOrSegment();
  else await classifyShownLayer();
}
