import { useEffect } from 'react';
import { useViewerStore } from '../state/store';

/** R resets the view, ? or H toggles the help; ignored while typing in a form field. */
export function useKeyboardShortcuts(): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.ctrlKey || e.metaKey || e.altKey) return;
      if (e.target instanceof HTMLElement && e.target.closest('input, select, textarea')) return;
      const store = useViewerStore.getState();
      if (e.key === 'r' || e.key === 'R') store.resetView();
      else if (e.key === '?' || e.key === 'h' || e.key === 'H') store.toggleHelp();
      else if (e.key === 'Escape') store.toggleHelp(false);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}
