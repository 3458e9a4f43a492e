import type { Page } from 'playwright-core';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { nextStateLook, waitForState } from '../../scripts/headless/chromium';
import type { AppSnapshot } from '../../src/state/store';
import type { PointlensTestHook } from '../../src/ui/testHook';

/** A made-up app behind the test hook: a state that `change` replaces, telling its subscribers as the store does. */
class FakeApp {
  listeners = new Set<() => void>();
  looks = 0;
  constructor(public state: Record<string, unknown>) {}
  hook(): Pick<PointlensTestHook, 'state' | 'subscribe'> {
    return {
      state: () => {
        this.looks++;
        return structuredClone(this.state) as unknown as AppSnapshot;
      },
      subscribe: (listener) => {
        this.listeners.add(listener);
        return () => this.listeners.delete(listener);
      },
    };
  }
  change(state: Record<string, unknown>): void {
    this.state = state;
    for (const listener of this.listeners) listener();
  }
}

const pageWindow = globalThis as unknown as { window?: { __pointlens?: unknown } };

function install(app: FakeApp | null): void {
  pageWindow.window = { __pointlens: app?.hook() };
}

/** A page whose scripts run here, on the made-up app: what `evaluate` is given as source runs as the browser would run it. */
const page = {
  evaluate: (source: string) => Promise.resolve((0, eval)(source)),
  waitForTimeout: (ms: number) => new Promise((resolve) => setTimeout(resolve, ms)),
} as unknown as Page;

beforeEach(() => {
  vi.useFakeTimers();
});

afterEach(() => {
  vi.useRealTimers();
  delete pageWindow.window;
});

describe('a look at the state in the page', () => {
  it('answers at once with the state as text when it is not the state last seen', async () => {
    install(new FakeApp({ points: 3 }));
    const look = await nextStateLook({ seen: null, until: Date.now() + 1000, gapMs: 100 });
    expect(JSON.parse(look!.text!)).toEqual({ points: 3 });
  });

  it('waits while the state is the one seen, and answers with the next one the store tells of', async () => {
    const app = new FakeApp({ points: 3 });
    install(app);
    const seen = (await nextStateLook({ seen: null, until: Date.now() + 1000, gapMs: 100 }))!.hash;
    let answer: unknown;
    void nextStateLook({ seen, until: Date.now() + 1000, gapMs: 100 }).then((a) => (answer = a));
    await vi.advanceTimersByTimeAsync(500);
    expect(answer).toBeUndefined();
    app.change({ points: 4 });
    await vi.advanceTimersByTimeAsync(100);
    expect(JSON.parse((answer as { text: string }).text)).toEqual({ points: 4 });
    expect(app.listeners.size).toBe(0);
  });

  it('does not look while the app is idle', async () => {
    const app = new FakeApp({ points: 3 });
    install(app);
    const seen = (await nextStateLook({ seen: null, until: Date.now() + 10_000, gapMs: 100 }))!.hash;
    const looks = app.looks;
    void nextStateLook({ seen, until: Date.now() + 10_000, gapMs: 100 });
    await vi.advanceTimersByTimeAsync(9_000);
    expect(app.looks - looks).toBe(1);
  });

  it('looks once for a burst of changes', async () => {
    const app = new FakeApp({ points: 3 });
    install(app);
    const seen = (await nextStateLook({ seen: null, until: Date.now() + 1000, gapMs: 100 }))!.hash;
    const answer = nextStateLook({ seen, until: Date.now() + 1000, gapMs: 100 });
    const looks = app.looks;
    for (let n = 4; n < 10; n++) app.change({ points: n });
    await vi.advanceTimersByTimeAsync(100);
    expect(JSON.parse((await answer)!.text!)).toEqual({ points: 9 });
    expect(app.looks - looks).toBe(1);
  });

  it('answers nothing at the time it is given when a change left the state as it was', async () => {
    const app = new FakeApp({ points: 3 });
    install(app);
    const seen = (await nextStateLook({ seen: null, until: Date.now() + 1000, gapMs: 100 }))!.hash;
    const answer = nextStateLook({ seen, until: Date.now() + 1000, gapMs: 100 });
    app.change({ points: 3 });
    await vi.advanceTimersByTimeAsync(1000);
    expect(await answer).toBeNull();
    expect(app.listeners.size).toBe(0);
  });

  it('keeps looking until the app installs its hook', async () => {
    install(null);
    const absent = await nextStateLook({ seen: null, until: Date.now() + 1000, gapMs: 100 });
    expect(absent!.text).toBeNull();
    const answer = nextStateLook({ seen: absent!.hash, until: Date.now() + 1000, gapMs: 100 });
    await vi.advanceTimersByTimeAsync(300);
    install(new FakeApp({ points: 3 }));
    await vi.advanceTimersByTimeAsync(100);
    expect(JSON.parse((await answer)!.text!)).toEqual({ points: 3 });
  });

  it('carries numbers JSON has no word for', async () => {
    install(new FakeApp({ min: Number.NEGATIVE_INFINITY, max: Number.NaN }));
    const state = (await waitForState(page, () => true)) as unknown as Record<string, number>;
    expect(state.min).toBe(Number.NEGATIVE_INFINITY);
    expect(state.max).toBeNaN();
  });
});

describe('waiting for the app state', () => {
  it('returns the first state the predicate holds of', async () => {
    const app = new FakeApp({ status: 'running' });
    install(app);
    const done = waitForState(page, (s) => (s as unknown as { status: string }).status === 'done');
    await vi.advanceTimersByTimeAsync(1000);
    app.change({ status: 'done' });
    await vi.advanceTimersByTimeAsync(100);
    expect(await done).toEqual({ status: 'done' });
  });

  it('gives up after its time with the last state seen', async () => {
    install(new FakeApp({ status: 'running' }));
    const done = waitForState(page, (s) => (s as unknown as { status: string }).status === 'done', 5000);
    const failed = expect(done).rejects.toThrow('state condition not met in 5000 ms; last state: {"status":"running"}');
    await vi.advanceTimersByTimeAsync(5000);
    await failed;
  });
});
