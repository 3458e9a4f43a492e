// How a feature offers a side panel: the layout (ui/) places each in its column by `order`.
import type { ComponentType } from 'react';

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
