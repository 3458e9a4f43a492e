// Where a view's labels go: labels drawn on top of each other cannot be read. A room holds dozens of
// boxes, so only the box labels that fit are named outright; measurements and notes are few, and
// each is shown, set below those it would cover, a note below a measurement's too.
import type { LabelledBox } from '../core/types';

/** A room holds dozens of boxes: only the surest are named outright, the rest are dots that open on hover or click. */
export const MAX_NAMED_BOXES = 12;

/** A named label's size on screen, for keeping labels apart (CSS pixels; .box-label in app.css). */
const LABEL_HEIGHT = 20;
const labelWidth = (box: LabelledBox) => 7 * `${box.label} 0.00`.length + 14;

/**
 * The labels to name from this view: surest first, each only where it overlaps no label already
 * named, at most MAX_NAMED_BOXES. `at` gives a label's centre on screen, or null off screen.
 */
export function labelsToName(boxes: readonly LabelledBox[], at: (i: number) => [number, number] | null): Set<number> {
  const order = boxes.map((b, i) => [b.score, i] as const).sort((a, b) => b[0] - a[0]);
  const kept: { x: number; y: number; w: number }[] = [];
  const named = new Set<number>();
  for (const [, i] of order) {
    if (named.size >= MAX_NAMED_BOXES) break;
    const p = at(i);
    if (!p) continue;
    const w = labelWidth(boxes[i]);
    if (kept.some((k) => Math.abs(k.x - p[0]) * 2 < k.w + w && Math.abs(k.y - p[1]) < LABEL_HEIGHT)) continue;
    kept.push({ x: p[0], y: p[1], w });
    named.add(i);
  }
  return named;
}

/** Labels of one kind, as a view draws them: each one's text, and where its centre is on screen (null off screen). */
export interface LabelGroup {
  texts: readonly string[];
  at: (i: number) => [number, number] | null;
}

/**
 * How far (CSS pixels, downwards) to set each label of each group from its place so that it covers
 * none set before it, of its group or of an earlier one: a height taken at a corner and an angle at
 * that corner label one point, and a note pinned there labels it too. A group's offsets do not
 * depend on the groups after it, so the first group's view can lay out its own alone.
 */
export function labelOffsetsTogether(groups: readonly LabelGroup[]): number[][] {
  const placed: { x: number; y: number; w: number }[] = [];
  return groups.map(({ texts, at }) =>
    texts.map((text, i) => {
      const p = at(i);
      if (!p) return 0;
      const w = 7 * text.length + 14;
      let dy = 0;
      while (placed.some((k) => Math.abs(k.x - p[0]) * 2 < k.w + w && Math.abs(k.y - (p[1] + dy)) < LABEL_HEIGHT)) dy += LABEL_HEIGHT;
      placed.push({ x: p[0], y: p[1] + dy, w });
      return dy;
    }),
  );
}

/** labelOffsetsTogether for one group of labels alone. */
export function labelOffsets(texts: readonly string[], at: LabelGroup['at']): number[] {
  return labelOffsetsTogether([{ texts, at }])[0];
}
