import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { viewAtRest } from '../../scripts/headless/chromium';
import type { ViewFrames } from '../../src/render/viewerHandle';
import type { PointlensTestHook } from '../../src/ui/testHook';

/** A made-up page: a store that tells its subscribers of a change, a 3D view's frames, and its elements' observers. */
class FakePage {
  listeners = new Set<() => void>();
  observers = new Set<() => void>();
  frames: ViewFrames | null = { drawn: 0, owed: false };
  hook(): Pick<PointlensTestHook, 'subscribe' | 'frames'> {
    return {
      subscribe: (listener) => {
        this.listeners.add(listener);
        return () => this.listeners.delete(listener);
      },
      frames: () => this.frames && { ...this.frames },
    };
  }
  changeStore(): void {
    for (const listener of this.listeners) listener();
  }
  changeElements(): void {
    for (const observer of this.observers) observer();
  }
  draw(): void {
    this.frames = { drawn: this.frames!.drawn + 1, owed: false };
  }
}

const pageGlobals = globalThis as unknown as { window?: { __pointlens?: unknown }; document?: unknown; MutationObserver?: unknown };

function install(page: FakePage): void {
  pageGlobals.window = { __pointlens: page.hook() };
  pageGlobals.document = { body: {} };
  pageGlobals.MutationObserver = class {
    constructor(private changed: () => void) {}
    observe() {
      page.observers.add(this.changed);
    }
    disconnect() {
      page.observers.delete(this.changed);
    }
  };
}

/** The answer of a wait for rest, once it comes. */
function rest(wait: { quietMs: number; until: number }): { answer?: boolean } {
  const out: { answer?: boolean } = {};
  void viewAtRest({ ...wait, lookMs: 20 }).then((a) => (out.answer = a));
  return out;
}

beforeEach(() => {
  vi.useFakeTimers();
});

afterEach(() => {
  vi.useRealTimers();
  delete pageGlobals.window;
  delete pageGlobals.document;
  delete pageGlobals.MutationObserver;
});

describe('waiting for the view to rest', () => {
  it('answers once nothing has changed for the quiet time, and stops listening', async () => {
    const page = new FakePage();
    install(page);
    const wait = rest({ quietMs: 100, until: Date.now() + 10_000 });
    await vi.advanceTimersByTimeAsync(80);
    expect(wait.answer).toBeUndefined();
    await vi.advanceTimersByTimeAsync(40);
    expect(wait.answer).toBe(true);
    expect(page.listeners.size + page.observers.size).toBe(0);
  });

  it('waits the quiet time again after a frame is drawn', async () => {
    const page = new FakePage();
    install(page);
    const wait = rest({ quietMs: 100, until: Date.now() + 10_000 });
    await vi.advanceTimersByTimeAsync(60);
    page.draw();
    await vi.advanceTimersByTimeAsync(100);
    expect(wait.answer).toBeUndefined();
    await vi.advanceTimersByTimeAsync(40);
    expect(wait.answer).toBe(true);
  });

  it('waits while a frame is owed, however long, and the quiet time after it is drawn', async () => {
    const page = new FakePage();
    page.frames = { drawn: 0, owed: true };
    install(page);
    const wait = rest({ quietMs: 100, until: Date.now() + 10_000 });
    await vi.advanceTimersByTimeAsync(2000);
    expect(wait.answer).toBeUndefined();
    page.draw();
    await vi.advanceTimersByTimeAsync(90);
    expect(wait.answer).toBeUndefined();
    await vi.advanceTimersByTimeAsync(40);
    expect(wait.answer).toBe(true);
  });

  it('waits the quiet time again after word from the store, or a change to the elements', async () => {
    const page = new FakePage();
    install(page);
    const wait = rest({ quietMs: 100, until: Date.now() + 10_000 });
    await vi.advanceTimersByTimeAsync(60);
    page.changeStore();
    await vi.advanceTimersByTimeAsync(60);
    page.changeElements();
    await vi.advanceTimersByTimeAsync(90);
    expect(wait.answer).toBeUndefined();
    await vi.advanceTimersByTimeAsync(30);
    expect(wait.answer).toBe(true);
  });

  it('rests on the store and the elements alone before the view is up', async () => {
    const page = new FakePage();
    page.frames = null;
    install(page);
    const wait = rest({ quietMs: 100, until: Date.now() + 10_000 });
    await vi.advanceTimersByTimeAsync(60);
    page.changeStore();
    await vi.advanceTimersByTimeAsync(90);
    expect(wait.answer).toBeUndefined();
    await vi.advanceTimersByTimeAsync(30);
    expect(wait.answer).toBe(true);
  });

  it('answers false at the time it is given where the view never rests, and stops listening', async () => {
    const page = new FakePage();
    page.frames = { drawn: 0, owed: true };
    install(page);
    const wait = rest({ quietMs: 100, until: Date.now() + 1000 });
    await vi.advanceTimersByTimeAsync(980);
    expect(wait.answer).toBeUndefined();
    await vi.advanceTimersByTimeAsync(40);
    expect(wait.answer).toBe(false);
    expect(page.listeners.size + page.observers.size).toBe(0);
  });
});
