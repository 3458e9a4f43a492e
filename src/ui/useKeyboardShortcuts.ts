import { useEffect } from 'react';
import { useGalleryStore } from '../state/galleryStore';
import { useViewerStore } from '../state/store';
import { SEGMENTATION } from './segmentation';

/** O: the scene's class overlay on, or back to the file's first colour mode. */
function toggleSegmentationOverlay(): void {
  const { layer, settings, updateSettings } = useViewerStore.getState();
  const overlay = `overlay:${SEGMENTATION}`;
  if (!layer?.colorModes.some((m) => m.id === overlay)) return;
  const plain = layer.colorModes.find((m) => !m.id.endsWith(`:${SEGMENTATION}`))?.id ?? 'height';
  updateSettings({ colorMode: settings.colorMode.endsWith(`:${SEGMENTATION}`) ? plain : overlay });
}

/**
 * R resets the view, ? or H toggles the help, G the sample gallery, O the segmentation overlay,
 * B the boxes; ignored while typing in a form field.
 */
export function useKeyboardShortcuts(): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.ctrlKey || e.metaKey || e.altKey) return;
      if (e.target instanceof HTMLElement && e.target.closest('input, select, textarea')) return;
      const store = useViewerStore.getState();
      const key = e.key.length === 1 ? e.key.toLowerCase() : e.key;
      if (key === 'r') store.resetView();
      else if (key === '?' || key === 'h') store.toggleHelp();
      else if (key === 'g') useGalleryStore.getState().toggle();
      else if (key === 'o') toggleSegmentationOverlay();
      else if (key === 'b') store.updateSettings({ showBoxes: !store.settings.showBoxes });
      else if (key === 'Escape') {
        store.toggleHelp(false);
        useGalleryStore.getState().toggle(false);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}
