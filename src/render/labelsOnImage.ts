// The labels drawn over the 3D view (box labels, measurements, notes) are HTML beside the canvas, so the
// canvas's own image has none: a screenshot would show boxes without their names. They are drawn
// onto a copy of the image as they are shown, each from its element's place, colours and text.

/** Every label shown over the canvas, the unnamed boxes' dots first so that no dot covers a name. */
function labelsOver(canvas: HTMLCanvasElement): HTMLElement[] {
  // the labels are portalled into the canvas's own container (drei's Html)
  const root = canvas.closest('[data-testid="viewer-canvas"]') ?? canvas.parentElement ?? document.body;
  const all = [...root.querySelectorAll<HTMLElement>('.box-label, .measure-label, .note-label')];
  const dot = (el: HTMLElement) => el.classList.contains('dot');
  return [...all.filter(dot), ...all.filter((el) => !dot(el))];
}

/** The label's own text, without what an opened label adds below it. */
function ownText(el: HTMLElement): string {
  return [...el.childNodes].filter((n) => n.nodeType === Node.TEXT_NODE).map((n) => n.textContent ?? '').join('').trim();
}

function roundedRect(ctx: CanvasRenderingContext2D, x: number, y: number, w: number, h: number, r: number): void {
  ctx.beginPath();
  ctx.roundRect(x, y, w, h, Math.min(r, w / 2, h / 2));
}

/** A PNG data URL of `canvas` with the labels shown over it drawn in. */
export function imageWithLabels(canvas: HTMLCanvasElement): string {
  const out = document.createElement('canvas');
  out.width = canvas.width;
  out.height = canvas.height;
  const ctx = out.getContext('2d');
  if (!ctx) return canvas.toDataURL('image/png');
  ctx.drawImage(canvas, 0, 0);
  const frame = canvas.getBoundingClientRect();
  const scale = frame.width > 0 ? canvas.width / frame.width : 1;
  ctx.scale(scale, scale);
  for (const el of labelsOver(canvas)) {
    const box = el.getBoundingClientRect();
    if (!box.width || box.right < frame.left || box.left > frame.right || box.bottom < frame.top || box.top > frame.bottom) continue;
    const style = getComputedStyle(el);
    const x = box.left - frame.left;
    const y = box.top - frame.top;
    roundedRect(ctx, x, y, box.width, box.height, parseFloat(style.borderTopLeftRadius) || 0);
    ctx.fillStyle = style.backgroundColor;
    ctx.fill();
    ctx.lineWidth = parseFloat(style.borderTopWidth) || 1;
    ctx.strokeStyle = style.borderTopColor;
    ctx.stroke();
    const text = ownText(el);
    if (!text) continue;
    ctx.fillStyle = style.color;
    ctx.font = `${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
    ctx.textBaseline = 'middle';
    ctx.fillText(text, x + (parseFloat(style.paddingLeft) || 0) + (parseFloat(style.borderLeftWidth) || 0), y + (parseFloat(style.paddingTop) || 0) + parseFloat(style.fontSize) * 0.6 + 1);
  }
  return out.toDataURL('image/png');
}
