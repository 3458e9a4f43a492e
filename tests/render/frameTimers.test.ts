import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { clearFrameTimeout, frameTimeoutsWaiting, setFrameTimeout } from '../../src/render/frameTimers';

beforeEach(() => {
  vi.useFakeTimers();
});

afterEach(() => {
  vi.useRealTimers();
});

describe('timers that end in a frame', () => {
  it('count as waiting until they run', () => {
    const run = vi.fn();
    setFrameTimeout(run, 2000);
    expect(frameTimeoutsWaiting()).toBe(1);
    vi.advanceTimersByTime(1999);
    expect(frameTimeoutsWaiting()).toBe(1);
    expect(run).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(run).toHaveBeenCalledOnce();
    expect(frameTimeoutsWaiting()).toBe(0);
  });

  it('no longer wait once cleared, and never run', () => {
    const run = vi.fn();
    const [a, b] = [setFrameTimeout(run, 100), setFrameTimeout(run, 200)];
    clearFrameTimeout(a);
    expect(frameTimeoutsWaiting()).toBe(1);
    clearFrameTimeout(b);
    clearFrameTimeout(null);
    expect(frameTimeoutsWaiting()).toBe(0);
    vi.advanceTimersByTime(1000);
    expect(run).not.toHaveBeenCalled();
  });
});
