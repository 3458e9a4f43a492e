// A Planes or Clusters list row highlights its points in the view while the pointer is on it or it
// has the keyboard's focus, and lets go when the pointer or the focus leaves, or the list goes.
import { useEffect } from 'react';
import { useAppStore } from '../state/store';

/** Clears the highlight of `field` once the list showing it is gone (a new search, another panel). */
export function useRowHighlightCleared(field: string): void {
  useEffect(
    () => () => {
      const { rowHighlight, setRowHighlight } = useAppStore.getState();
      if (rowHighlight?.field === field) setRowHighlight(null);
    },
    [field],
  );
}

/** The handlers of the row of `id` in label field `field` of layer `layerId`. */
export function rowHighlightProps(layerId: string, field: string, id: number) {
  const on = () => useAppStore.getState().setRowHighlight({ layerId, field, id });
  const off = () => {
    const { rowHighlight, setRowHighlight } = useAppStore.getState();
    if (rowHighlight?.layerId === layerId && rowHighlight.field === field && rowHighlight.id === id) setRowHighlight(null);
  };
  return { tabIndex: 0, onPointerEnter: on, onPointerLeave: off, onFocus: on, onBlur: off };
}
