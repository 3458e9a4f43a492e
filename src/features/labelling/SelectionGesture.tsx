// The selection drawn over the 3D view while a selection tool is in hand: a left drag on the
// canvas draws a box or a lasso instead of orbiting (the right button still pans and the wheel
// still zooms), and the points inside it are selected when the button comes up. Shift adds to the
// selection, Alt or Ctrl takes from it, as in annotation tools.
import { useEffect, useState } from 'react';
import type { ScreenShape, ScreenView, SelectionMode } from '../../core/geometry/screenSelection';
import { useAppStore } from '../../state/store';
import { selectInShape } from './labelling';

/** A lasso takes a new corner once the pointer has moved this far, in CSS pixels. */
const LASSO_STEP_PX = 3;

function modeOf(e: PointerEvent): SelectionMode {
  if (e.altKey || e.ctrlKey || e.metaKey) return 'subtract';
  return e.shiftKey ? 'add' : 'replace';
}

interface Drawing {
  tool: 'box' | 'lasso';
  /** the canvas' place on the page */
  left: number;
  top: number;
  /** x, y pairs relative to the canvas: the box's two corners, or the lasso's corners */
  points: number[];
}

export function SelectionGesture({ view }: { view: () => ScreenView | null }) {
  const tool = useAppStore((s) => (s.measure.tool ? null : s.labelling.tool));
  const [drawing, setDrawing] = useState<Drawing | null>(null);

  useEffect(() => {
    if (!tool) return;
    const canvas = document.querySelector<HTMLCanvasElement>('[data-testid="viewer-canvas"] canvas');
    if (!canvas) return;
    const cursor = canvas.style.cursor;
    canvas.style.cursor = 'crosshair';
    let current: Drawing | null = null;
    // capture, on the window: the orbit controls and the click picking listen on the canvas itself
    const onDown = (e: PointerEvent) => {
      if (e.button !== 0 || e.target !== canvas) return;
      e.stopPropagation();
      e.preventDefault();
      const rect = canvas.getBoundingClientRect();
      const at = [e.clientX - rect.left, e.clientY - rect.top];
      current = { tool, left: rect.left, top: rect.top, points: tool === 'box' ? [...at, ...at] : at };
      setDrawing(current);
    };
    const onMove = (e: PointerEvent) => {
      if (!current) return;
      e.stopPropagation();
      const [x, y] = [e.clientX - current.left, e.clientY - current.top];
      const p = current.points;
      if (current.tool === 'box') current = { ...current, points: [p[0], p[1], x, y] };
      else if (Math.hypot(x - p[p.length - 2], y - p[p.length - 1]) >= LASSO_STEP_PX) current = { ...current, points: [...p, x, y] };
      else return;
      setDrawing(current);
    };
    const onUp = (e: PointerEvent) => {
      if (!current || e.button !== 0) return;
      e.stopPropagation();
      const p = current.points;
      const shape: ScreenShape = current.tool === 'box' ? { kind: 'box', x0: p[0], y0: p[1], x1: p[2], y1: p[3] } : { kind: 'lasso', points: p };
      current = null;
      setDrawing(null);
      const v = view();
      if (v) selectInShape(shape, modeOf(e), v);
    };
    window.addEventListener('pointerdown', onDown, true);
    window.addEventListener('pointermove', onMove, true);
    window.addEventListener('pointerup', onUp, true);
    return () => {
      canvas.style.cursor = cursor;
      window.removeEventListener('pointerdown', onDown, true);
      window.removeEventListener('pointermove', onMove, true);
      window.removeEventListener('pointerup', onUp, true);
      setDrawing(null);
    };
  }, [tool, view]);

  if (!drawing) return null;
  const p = drawing.points;
  const outline =
    drawing.tool === 'box' ? (
      <rect x={Math.min(p[0], p[2])} y={Math.min(p[1], p[3])} width={Math.abs(p[2] - p[0])} height={Math.abs(p[3] - p[1])} />
    ) : (
      <polygon points={p.join(' ')} />
    );
  return (
    <svg className="selection-outline" data-testid="selection-outline" style={{ left: drawing.left, top: drawing.top }}>
      {outline}
    </svg>
  );
}
