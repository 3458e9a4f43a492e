// How tall the large profile plot is. Its top edge is dragged: it stays tall enough to show the
// plot with its axes, and short enough to leave the toolbar and a strip of the 3D view above it (the
// line and the hovered point's marker are seen there). The height is remembered while the app is
// open: the large plot opens again, for this line or the next, as tall as it was left.

/** the plot with a few gridlines, its axes' numbers and the hover line under it */
export const MIN_ENLARGED_HEIGHT = 220;
/** the toolbar and a strip of the 3D view kept above the large plot */
export const KEPT_ABOVE_ENLARGED = 120;
/** how far an arrow key moves the top edge */
export const ENLARGED_HEIGHT_STEP = 20;

/** `wanted` kept within the bounds, where `room` is the height from the top of the page to the plot's bottom. */
export function clampEnlargedHeight(wanted: number, room: number): number {
  return Math.round(Math.max(MIN_ENLARGED_HEIGHT, Math.min(wanted, room - KEPT_ABOVE_ENLARGED)));
}

let remembered: number | null = null;

/** The height the large plot was last left at; null until its edge is first moved (the stylesheet's share of the view). */
export function rememberedEnlargedHeight(): number | null {
  return remembered;
}

export function rememberEnlargedHeight(height: number): void {
  remembered = height;
}
