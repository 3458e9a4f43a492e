// Side panels register here instead of being hard-wired into the layout, so that a feature
// (recognition, segmentation, gallery) adds its panel with one call from its own module.
import { useSyncExternalStore, type ComponentType } from 'react';

export type PanelSide = 'left' | 'right';

export interface PanelSpec {
  id: string;
  title: string;
  side: PanelSide;
  /** lower comes first within a side */
  order: number;
  Component: ComponentType;
  /** starts folded */
  collapsed?: boolean;
}

/**
 * Orders of the built-in panels and of the slots reserved for features, so that panels keep a
 * sensible order whichever module registers first.
 */
export const PANEL_ORDER = {
  // left
  info: 10,
  gallery: 20,
  view: 30,
  // right
  recognition: 10,
  segmentation: 20,
  legend: 30,
  inspector: 40,
} as const;

let panels: PanelSpec[] = [];
const listeners = new Set<() => void>();

/** Adds (or replaces, by id) a panel; returns a function that removes it. */
export function registerPanel(spec: PanelSpec): () => void {
  panels = [...panels.filter((p) => p.id !== spec.id), spec].sort((a, b) => a.order - b.order);
  listeners.forEach((l) => l());
  return () => {
    panels = panels.filter((p) => p !== spec);
    listeners.forEach((l) => l());
  };
}

function subscribe(listener: () => void) {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function usePanels(side: PanelSide): PanelSpec[] {
  const all = useSyncExternalStore(subscribe, () => panels);
  return all.filter((p) => p.side === side);
}
