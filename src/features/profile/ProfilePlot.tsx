// The profile as a 2D cut: distance along the line across, height up, each point in the colour its
// layer is drawn in, over gridlines at round numbers. Both axes start at the same scale (the canvas
// as tall as that makes the profile, within limits), so a wall stands upright and a slope keeps its
// angle; the wheel zooms about the cursor (Shift+wheel the heights alone, to stretch a flat
// survey), a drag pans and a double-click fits the whole profile again. Hovering a point gives its
// distance and height, and a click on it (a press that does not pan) hands it on. The one plot
// serves the side panel, as tall as the profile at one scale, and the large panel, as tall as its box.
import { useEffect, useMemo, useRef, useState, type PointerEvent } from 'react';
import { roundTicks } from '../../core/ticks';

/** the canvas is as tall as the profile at one scale, within these (CSS pixels) */
const MIN_HEIGHT = 120;
const MAX_HEIGHT = 260;
const MARGIN = { left: 44, right: 8, top: 8, bottom: 20 };
const BACKGROUND = '#15181d';
const GRID = '#2c313a';
const TEXT = '#9aa3b2';
/** a hover snaps to the nearest point within this many CSS pixels */
const HOVER_PX = 8;
const ZOOM_STEP = 1.2;
/** a press and release closer than this (CSS pixels) is a click, not a pan */
const CLICK_PX = 3;

/** The data shown across and up the plot area. */
interface Window {
  x0: number;
  x1: number;
  y0: number;
  y1: number;
}

export interface ProfilePlotProps {
  distances: Float64Array;
  heights: Float64Array;
  /** rgb 0..255 a point */
  colors: Uint8Array;
  /** the line's length: the distances' full span */
  length: number;
  /** a length as the panel writes it ("1.234 m") */
  format(value: number): string;
  /** the unit's symbol, for the axes' titles ('' for the file's own units) */
  unit: string;
  /** as tall as the box it is in, rather than as the profile at one scale */
  fill?: boolean;
  /** the canvas's test id; its hover readout's is this with "-hover" */
  testId?: string;
  /** point `k` of the arrays is under the cursor; null: none is */
  onHover?(k: number | null): void;
  /** point `k` was clicked */
  onPick?(k: number): void;
}

/** What the whole profile spans, with a little room around it: distances from 0, heights from `lo` to `hi`. */
function spans(distances: Float64Array, heights: Float64Array, length: number) {
  let lo = Infinity;
  let hi = -Infinity;
  for (const h of heights) [lo, hi] = [Math.min(lo, h), Math.max(hi, h)];
  if (!Number.isFinite(lo)) [lo, hi] = [0, 1];
  return { lo, hi, x: Math.max(length, distances.at(-1) ?? 0, 1e-9) * 1.04, y: Math.max(hi - lo, 1e-9) * 1.1 };
}

/** The whole profile at one scale both ways, centred in a plot area `width` by `height`. */
function fitted({ lo, hi, x, y }: ReturnType<typeof spans>, length: number, width: number, height: number): Window {
  const perUnit = Math.min(width / x, height / y);
  const [xm, ym] = [length / 2, (lo + hi) / 2];
  const [hx, hy] = [width / perUnit / 2, height / perUnit / 2];
  return { x0: xm - hx, x1: xm + hx, y0: ym - hy, y1: ym + hy };
}

/** Where data `x` (distance) and `y` (height) fall on the canvas, in CSS pixels, for window `w` over a plot area `plotW` by `plotH`. */
function mapping(w: Window, plotW: number, plotH: number) {
  return {
    toX: (x: number) => MARGIN.left + ((x - w.x0) / (w.x1 - w.x0)) * plotW,
    toY: (y: number) => MARGIN.top + (1 - (y - w.y0) / (w.y1 - w.y0)) * plotH,
  };
}

export function ProfilePlot({ distances, heights, colors, length, format, unit, fill = false, testId = 'profile-plot', onHover, onPick }: ProfilePlotProps) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const area = useRef<HTMLDivElement>(null);
  const [{ width, height }, setSize] = useState({ width: 0, height: 0 });
  const [zoomed, setZoomed] = useState<Window | null>(null);
  const [hover, setHover] = useState<number | null>(null);
  const plotW = Math.max(1, width - MARGIN.left - MARGIN.right);
  const span = useMemo(() => spans(distances, heights, length), [distances, heights, length]);
  const canvasHeight = fill ? Math.max(MIN_HEIGHT, height) : Math.min(MAX_HEIGHT, Math.max(MIN_HEIGHT, Math.round((plotW * span.y) / span.x) + MARGIN.top + MARGIN.bottom));
  const plotH = canvasHeight - MARGIN.top - MARGIN.bottom;
  const fit = useMemo(() => fitted(span, length, plotW, plotH), [span, length, plotW, plotH]);
  const view = zoomed ?? fit;

  // the hover as this plot last gave it, so that it takes back only its own
  const given = useRef<{ k: number | null; onHover?: ProfilePlotProps['onHover'] }>({ k: null });
  given.current.onHover = onHover;
  const hoverAt = (k: number | null) => {
    setHover(k);
    if (k === given.current.k) return;
    given.current.k = k;
    onHover?.(k);
  };
  useEffect(() => () => void (given.current.k !== null && given.current.onHover?.(null)), []);
  // a new profile is seen whole
  useEffect(() => {
    setZoomed(null);
    setHover(null);
    if (given.current.k !== null) given.current.onHover?.(null);
    given.current.k = null;
  }, [distances]);

  const { toX, toY } = mapping(view, plotW, plotH);
  // the window the wheel's listener zooms from
  const latest = useRef(view);
  latest.current = view;

  useEffect(() => {
    const el = area.current;
    if (!el) return;
    const measure = () => setSize({ width: el.clientWidth, height: el.clientHeight });
    const observer = new ResizeObserver(measure);
    observer.observe(el);
    measure();
    return () => observer.disconnect();
  }, []);

  useEffect(() => {
    const el = canvas.current;
    const ctx = el?.getContext('2d');
    if (!el || !ctx || !width) return;
    const { toX, toY } = mapping(view, plotW, plotH);
    const dpr = window.devicePixelRatio || 1;
    el.width = Math.round(width * dpr);
    el.height = Math.round(canvasHeight * dpr);
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.fillStyle = BACKGROUND;
    ctx.fillRect(0, 0, width, canvasHeight);
    const xs = roundTicks(view.x0, view.x1, Math.max(2, Math.floor(plotW / 35)));
    const ys = roundTicks(view.y0, view.y1, Math.max(2, Math.floor(plotH / 30)));
    ctx.strokeStyle = GRID;
    ctx.lineWidth = 1;
    ctx.beginPath();
    for (const x of xs) ctx.moveTo(Math.round(toX(x)) + 0.5, MARGIN.top), ctx.lineTo(Math.round(toX(x)) + 0.5, MARGIN.top + plotH);
    for (const y of ys) ctx.moveTo(MARGIN.left, Math.round(toY(y)) + 0.5), ctx.lineTo(MARGIN.left + plotW, Math.round(toY(y)) + 0.5);
    ctx.stroke();
    // the points straight into the pixels: a path a point would take seconds for 200,000
    const image = ctx.getImageData(0, 0, el.width, el.height);
    const px = image.data;
    const size = Math.max(2, Math.round(2 * dpr));
    const [left, top, right, bottom] = [MARGIN.left, MARGIN.top, MARGIN.left + plotW, MARGIN.top + plotH].map((v) => Math.round(v * dpr));
    for (let k = 0; k < distances.length; k++) {
      const cx = Math.round(toX(distances[k]) * dpr);
      const cy = Math.round(toY(heights[k]) * dpr);
      if (cx < left || cy < top || cx + size > right || cy + size > bottom) continue;
      for (let dy = 0; dy < size; dy++) {
        for (let dx = 0; dx < size; dx++) {
          const at = 4 * ((cy + dy) * el.width + cx + dx);
          px[at] = colors[3 * k];
          px[at + 1] = colors[3 * k + 1];
          px[at + 2] = colors[3 * k + 2];
          px[at + 3] = 255;
        }
      }
    }
    ctx.putImageData(image, 0, 0);
    ctx.fillStyle = TEXT;
    ctx.font = '10px system-ui, sans-serif';
    ctx.textAlign = 'center';
    ctx.textBaseline = 'top';
    for (const x of xs) ctx.fillText(String(x), toX(x), MARGIN.top + plotH + 4);
    ctx.textAlign = 'right';
    ctx.textBaseline = 'middle';
    for (const y of ys) ctx.fillText(String(y), MARGIN.left - 4, toY(y));
  }, [distances, heights, colors, view, width, plotW, plotH, canvasHeight]);

  // the wheel must not scroll the panel: a listener that may prevent it
  useEffect(() => {
    const el = canvas.current;
    if (!el) return;
    const onWheel = (e: WheelEvent) => {
      e.preventDefault();
      const rect = el.getBoundingClientRect();
      const f = e.deltaY > 0 ? ZOOM_STEP : 1 / ZOOM_STEP;
      const w = latest.current;
      const ax = w.x0 + ((e.clientX - rect.left - MARGIN.left) / plotW) * (w.x1 - w.x0);
      const ay = w.y1 - ((e.clientY - rect.top - MARGIN.top) / plotH) * (w.y1 - w.y0);
      const fx = e.shiftKey ? 1 : f;
      setZoomed({ x0: ax + (w.x0 - ax) * fx, x1: ax + (w.x1 - ax) * fx, y0: ay + (w.y0 - ay) * f, y1: ay + (w.y1 - ay) * f });
    };
    el.addEventListener('wheel', onWheel, { passive: false });
    return () => el.removeEventListener('wheel', onWheel);
  }, [plotW, plotH]);
  const drag = useRef<{ x: number; y: number; view: Window } | null>(null);
  const at = (e: PointerEvent<HTMLCanvasElement>) => {
    const rect = e.currentTarget.getBoundingClientRect();
    return [e.clientX - rect.left, e.clientY - rect.top];
  };
  /** the point drawn nearest canvas pixel (`mx`, `my`), within reach of a hover */
  const nearest = (mx: number, my: number) => {
    let best = HOVER_PX * HOVER_PX;
    let found: number | null = null;
    for (let k = 0; k < distances.length; k++) {
      const d = (toX(distances[k]) - mx) ** 2 + (toY(heights[k]) - my) ** 2;
      if (d <= best) [best, found] = [d, k];
    }
    return found;
  };

  const onMove = (e: PointerEvent<HTMLCanvasElement>) => {
    const [mx, my] = at(e);
    if (drag.current) {
      const { x, y, view: w } = drag.current;
      const dx = ((mx - x) / plotW) * (w.x1 - w.x0);
      const dy = ((my - y) / plotH) * (w.y1 - w.y0);
      setZoomed({ x0: w.x0 - dx, x1: w.x1 - dx, y0: w.y0 + dy, y1: w.y1 + dy });
      return;
    }
    hoverAt(nearest(mx, my));
  };
  const onUp = (e: PointerEvent<HTMLCanvasElement>) => {
    const [mx, my] = at(e);
    const start = drag.current;
    drag.current = null;
    if (!start || Math.hypot(mx - start.x, my - start.y) > CLICK_PX) return;
    const k = nearest(mx, my);
    if (k !== null) onPick?.(k);
  };

  return (
    <div className={fill ? 'profile-plot fill' : 'profile-plot'}>
      <div className="profile-plot-area" ref={area}>
        <canvas
          ref={canvas}
          data-testid={testId}
          style={{ width: '100%', height: canvasHeight }}
          onPointerDown={(e) => {
            e.currentTarget.setPointerCapture(e.pointerId);
            const [x, y] = at(e);
            drag.current = { x, y, view };
          }}
          onPointerUp={onUp}
          onPointerMove={onMove}
          onPointerLeave={() => hoverAt(null)}
          onDoubleClick={() => setZoomed(null)}
        />
        {hover !== null && hover < distances.length && (
          <span className="profile-hover-mark" style={{ left: toX(distances[hover]) - 4, top: toY(heights[hover]) - 4 }} />
        )}
      </div>
      <p className="muted profile-axes">
        Across: distance along the line{unit && ` (${unit})`}; up: height{unit && ` (${unit})`}
      </p>
      <p className="muted profile-hover" data-testid={`${testId}-hover`}>
        {hover !== null && hover < distances.length ? `Distance ${format(distances[hover])} · height ${format(heights[hover])}` : 'Hover a point for its distance and height, click it to inspect it; wheel to zoom (Shift: heights only), drag to pan.'}
      </p>
    </div>
  );
}
