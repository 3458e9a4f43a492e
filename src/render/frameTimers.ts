// Timers whose end is a new frame of the 3D view: a growing overlay's put-off repaint, an octree's
// next choice of nodes. While one waits the view is not at rest, though the store has nothing left
// to say; the test hook tells this, so that a test reads the view's pixels only once they show the
// last change.

type Timer = ReturnType<typeof setTimeout>;

const waiting = new Set<Timer>();

/** setTimeout for `run`, which asks for a frame; counted as waiting until it runs or is cleared. */
export function setFrameTimeout(run: () => void, ms: number): Timer {
  const timer = setTimeout(() => {
    waiting.delete(timer);
    run();
  }, ms);
  waiting.add(timer);
  return timer;
}

/** clearTimeout for a timer `setFrameTimeout` set; null is none. */
export function clearFrameTimeout(timer: Timer | null): void {
  if (timer === null) return;
  clearTimeout(timer);
  waiting.delete(timer);
}

/** How many timers set by `setFrameTimeout` are still to run. */
export function frameTimeoutsWaiting(): number {
  return waiting.size;
}
