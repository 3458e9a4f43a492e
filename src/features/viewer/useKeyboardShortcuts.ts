import { useEffect } from 'react';
import { effectiveColorMode, useAppStore } from '../../state/store';
import { toggleClipBox, toggleSection, viewFromAbove } from '../clip/clip';
import { cancelSelecting, redoLabelEdit, setSelectionClass, toggleSelectTool, undoLabelEdit } from '../labelling/labelling';
import { cancelMeasuring, finishMeasurement, toggleMeasuring, undoMeasurePoint } from '../measure/measure';
import { normalsKey } from '../normals/normals';
import { cancelNote, toggleAddingNote } from '../notes/notes';
import { cancelProfile, closeEnlargedProfile, finishProfile, toggleProfileDrawing, undoProfilePoint } from '../profile/profile';
import { stepSequence } from '../load/folderSequence';
import { saveView } from '../views/views';
import { SEGMENTATION } from '../segmentation/segmentation';
import { plainColorMode } from './colorModeChoice';

/** O: the scene's class overlay on, or back to the file's first colour mode. */
function toggleSegmentationOverlay(): void {
  const state = useAppStore.getState();
  const overlay = `overlay:${SEGMENTATION}`;
  if (!state.layer?.colorModes.some((m) => m.id === overlay)) return;
  state.updateSettings({ colorMode: effectiveColorMode(state).endsWith(`:${SEGMENTATION}`) ? plainColorMode(state.layer, SEGMENTATION) : overlay });
}

/** Fields where a key is typed text: a checkbox or a button with focus still lets shortcuts through. */
function typingIn(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target instanceof HTMLInputElement) return !['checkbox', 'radio', 'button', 'range', 'color'].includes(target.type);
  return Boolean(target.closest('select, textarea, [contenteditable="true"]'));
}

/**
 * R resets the view, ? or H toggles the help, G the sample gallery, O the segmentation overlay,
 * B the boxes, M the measure tool (Enter closes an area, Backspace takes back a point, Escape
 * drops the points in hand, then the tool), A a note at the next point clicked (Escape drops the
 * point, then the tool), P a height profile's line (Enter finishes it,
 * Backspace takes back a corner, Escape drops the corners, then the line, then closes the large
 * plot), C the clip box, S the
 * section, T the view from above, V saves the view (Views panel), N estimates normals (or, where there are some, lights the
 * points), L and X the lasso and the box that select points to label (Enter gives the selection
 * the chosen class, Delete takes its class away, Escape drops the selection, then the tool; Ctrl+Z
 * undoes a label edit, Ctrl+Shift+Z or Ctrl+Y redoes it), [ and ] the previous and next scan of a
 * folder of many; ignored while typing in a text field.
 */
export function useKeyboardShortcuts(): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (typingIn(e.target)) return;
      const store = useAppStore.getState();
      const key = e.key.length === 1 ? e.key.toLowerCase() : e.key;
      if ((e.ctrlKey || e.metaKey) && !e.altKey && store.labellingData && (key === 'z' || key === 'y')) {
        e.preventDefault();
        if (key === 'y' || e.shiftKey) redoLabelEdit();
        else undoLabelEdit();
        return;
      }
      if (e.ctrlKey || e.metaKey || e.altKey) return;
      const labelling = store.labelling.tool !== null && !store.measure.tool;
      if (key === 'r') store.resetView();
      else if (key === '?' || key === 'h') store.toggleHelp();
      else if (key === 'g') store.updateGallery({ open: !store.gallery.open });
      else if (key === 'o') toggleSegmentationOverlay();
      else if (key === 'b') store.updateSettings({ showBoxes: !store.settings.showBoxes });
      else if (key === 'm') toggleMeasuring();
      else if (key === 'a') toggleAddingNote();
      else if (key === 'p') toggleProfileDrawing();
      else if (key === 'c') toggleClipBox();
      else if (key === 's') toggleSection();
      else if (key === 't') viewFromAbove();
      else if (key === 'v') saveView();
      else if (key === 'n') normalsKey();
      else if (key === 'l') toggleSelectTool('lasso');
      else if (key === 'x') toggleSelectTool('box');
      else if (key === '[') void stepSequence(-1);
      else if (key === ']') void stepSequence(1);
      // a focused button takes Enter itself
      else if (key === 'Enter' && labelling && !(e.target instanceof HTMLButtonElement)) setSelectionClass();
      else if (key === 'Delete' && labelling) setSelectionClass(-1);
      else if (key === 'Enter' && store.profile.drawing) finishProfile();
      else if (key === 'Backspace' && store.profile.drawing) undoProfilePoint();
      else if (key === 'Escape' && cancelProfile()) return;
      else if (key === 'Enter' && store.measure.tool) finishMeasurement();
      else if (key === 'Backspace' && store.measure.tool) undoMeasurePoint();
      else if (key === 'Escape' && cancelMeasuring()) return;
      else if (key === 'Escape' && cancelNote()) return;
      else if (key === 'Escape' && cancelSelecting()) return;
      // the help and the gallery lie over the large profile: they close first
      else if (key === 'Escape' && !store.helpOpen && !store.gallery.open && closeEnlargedProfile()) return;
      else if (key === 'Escape') {
        store.toggleHelp(false);
        store.updateGallery({ open: false });
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}
