// The large profile plot's top edge as a handle: a drag (or the arrow keys, with the handle in focus)
// makes the plot taller or shorter, within enlargedHeight's bounds, and the height is remembered.
import { useRef, useState, type KeyboardEvent, type PointerEvent, type RefObject } from 'react';
import { clampEnlargedHeight, ENLARGED_HEIGHT_STEP, rememberedEnlargedHeight, rememberEnlargedHeight } from './enlargedHeight';

export interface EnlargedHeight {
  /** null: the stylesheet's height */
  height: number | null;
  handle: {
    onPointerDown(e: PointerEvent<HTMLElement>): void;
    onPointerMove(e: PointerEvent<HTMLElement>): void;
    onPointerUp(): void;
    onPointerCancel(): void;
    onKeyDown(e: KeyboardEvent<HTMLElement>): void;
  };
}

/** The height of `panel`, set by its top edge. */
export function useEnlargedHeight(panel: RefObject<HTMLElement | null>): EnlargedHeight {
  const [height, setHeight] = useState(rememberedEnlargedHeight);
  const drag = useRef<{ y: number; height: number } | null>(null);
  /** the panel `delta` pixels taller than `from`, where its bottom stays */
  const resize = (from: number, delta: number) => {
    const box = panel.current?.getBoundingClientRect();
    if (!box) return;
    const next = clampEnlargedHeight(from + delta, box.bottom);
    rememberEnlargedHeight(next);
    setHeight(next);
  };
  const current = () => panel.current?.getBoundingClientRect().height ?? 0;
  return {
    height,
    handle: {
      onPointerDown: (e) => {
        e.preventDefault();
        e.currentTarget.setPointerCapture(e.pointerId);
        drag.current = { y: e.clientY, height: current() };
      },
      onPointerMove: (e) => {
        if (drag.current) resize(drag.current.height, drag.current.y - e.clientY);
      },
      onPointerUp: () => {
        drag.current = null;
      },
      onPointerCancel: () => {
        drag.current = null;
      },
      onKeyDown: (e) => {
        if (e.key !== 'ArrowUp' && e.key !== 'ArrowDown') return;
        e.preventDefault();
        resize(current(), e.key === 'ArrowUp' ? ENLARGED_HEIGHT_STEP : -ENLARGED_HEIGHT_STEP);
      },
    },
  };
}
