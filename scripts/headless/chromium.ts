// Headless Chromium on the built app, for end-to-end tests and the scripts that render with the
// app itself (thumbnails, benchmarks): the flags that give WebGL2 or WebGPU on a software-rendered
// machine, opening the app, reading its state through its test hook, and the canvas as an image.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import type { AppSnapshot } from '../../src/state/store';
import { decodePng, type DecodedImage } from './png';

export type RendererFlags = 'webgl' | 'webgpu';

const CHROMIUM = '/usr/bin/chromium';

const COMMON_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
  '--enable-unsafe-swiftshader',
];

/** WebGPU on SwiftShader also needs Vulkan through SwiftShader, or its canvas stays black. */
export const CHROMIUM_FLAGS: Record<RendererFlags, string[]> = {
  webgl: COMMON_FLAGS,
  webgpu: [...COMMON_FLAGS, '--enable-unsafe-webgpu', '--enable-features=Vulkan', '--use-vulkan=swiftshader', '--use-angle=swiftshader'],
};

export interface App {
  context: BrowserContext;
  /**
   * opens the app in a new page; `query` is added to the address (e.g. { url: ['a.obj', 'a.mtl'] }) and replaces the defaults (renderer to match the flags, WASM inference);
   * `prepare` runs on the page before it loads the app, which starts on its default sample and fetches models at once
   */
  open(query?: Record<string, string | string[]>, prepare?: (page: Page) => Promise<void>): Promise<Page>;
  close(): Promise<void>;
}

const VIEW = { viewport: { width: 1280, height: 800 }, deviceScaleFactor: 1 };

/** Starts Chromium with a fresh profile; `open()` forces the app's renderer to match the flags. */
export async function launchApp(flags: RendererFlags, baseUrl: string): Promise<App> {
  const profile = mkdtempSync(join(tmpdir(), 'pointlens-e2e-'));
  const context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args: CHROMIUM_FLAGS[flags], ...VIEW });
  return appIn(context, flags, baseUrl, async () => {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  });
}

/** Starts Chromium for `appInBrowser`: one launch for many apps, each as fresh as `launchApp`'s. */
export function launchBrowser(flags: RendererFlags): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_FLAGS[flags] });
}

/**
 * The app in a new context of `browser` (launched with `flags`): its own storage, cache and
 * cookies, as a fresh profile has, without the second or so that starting Chromium takes.
 */
export async function appInBrowser(browser: Browser, flags: RendererFlags, baseUrl: string): Promise<App> {
  const context = await browser.newContext(VIEW);
  return appIn(context, flags, baseUrl, () => context.close());
}

function appIn(context: BrowserContext, flags: RendererFlags, baseUrl: string, close: () => Promise<void>): App {
  return {
    context,
    async open(query = {}, prepare) {
      const page = await context.newPage();
      await prepare?.(page);
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      // Inference defaults to WASM: WebGPU here is software (about 1 s a model run), so tests that
      // exercise it ask for it (`backend: 'webgpu'`) on small clouds.
      const search = new URLSearchParams({ renderer: flags, backend: 'wasm' });
      for (const [key, value] of Object.entries(query)) {
        search.delete(key);
        for (const v of [value].flat()) search.append(key, v);
      }
      await page.goto(`${baseUrl}/?${search}`);
      try {
        await waitForState(page, (s) => s.renderer !== null, 60_000);
      } catch (e) {
        throw new Error(`the app did not start its renderer (${errors.join('; ') || String(e)})`);
      }
      return page;
    },
    close,
  };
}

/** The state from the text nextStateLook gives, numbers JSON has no word for (NaN, ±Infinity) read back from their tags. */
function parseState(text: string): AppSnapshot {
  return JSON.parse(text, (_key, v: unknown) => (isNonFinite(v) ? Number(v.nonFinite) : v));
}

const isNonFinite = (v: unknown): v is { nonFinite: string } => typeof v === 'object' && v !== null && Object.keys(v).length === 1 && typeof (v as { nonFinite?: unknown }).nonFinite === 'string';

/** A look at the page's state: its JSON text (null while the page has no test hook) and a hash of that text. */
export interface StateLook {
  text: string | null;
  hash: number;
}

/** What a look waits for: a state whose hash is not `seen`, until `until` (ms since the epoch), looking at most once per `gapMs`. */
interface StateWait {
  seen: number | null;
  until: number;
  gapMs: number;
}

/**
 * Runs in the page (self-contained: lookInPage sends its source): the state as JSON text once its
 * hash differs from `seen` (at once when it already does), or null at `until` when it never did.
 * It looks again when the store says it changed, at most once per `gapMs`, and every `gapMs` while
 * the app has not installed its test hook yet; Node then carries one state per change instead of one
 * every 100 ms, and nothing while the app is idle. JSON text, since Playwright takes some 350 ms to
 * carry a structured value of the state's size (the model cards make it about 50 kB) and a string
 * under 10 ms.
 */
export function nextStateLook({ seen, until, gapMs }: StateWait): Promise<StateLook | null> {
  return new Promise((resolve) => {
    let lastLook = 0;
    let scheduled: ReturnType<typeof setTimeout> | undefined;
    let unsubscribe: (() => void) | undefined;
    const look = (): StateLook | null => {
      lastLook = Date.now();
      const state = window.__pointlens?.state();
      // numbers JSON has no word for (NaN, ±Infinity) travel as tagged strings
      const text = state === undefined ? null : JSON.stringify(state, (_key, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? { nonFinite: String(v) } : v));
      // cyrb53: 53 bits, so that two different states sharing a hash (a change missed) is some 1 in 10^15
      let h1 = 0xdeadbeef;
      let h2 = 0x41c6ce57;
      for (let i = 0; text !== null && i < text.length; i++) {
        const c = text.charCodeAt(i);
        h1 = Math.imul(h1 ^ c, 2654435761);
        h2 = Math.imul(h2 ^ c, 1597334677);
      }
      h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
      h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
      const hash = text === null ? -1 : 4294967296 * (2097151 & h2) + (h1 >>> 0);
      return hash === seen ? null : { text, hash };
    };
    const finish = (found: StateLook | null) => {
      clearTimeout(deadline);
      clearTimeout(scheduled);
      unsubscribe?.();
      resolve(found);
    };
    const lookSoon = () => {
      scheduled ??= setTimeout(
        () => {
          scheduled = undefined;
          const found = look();
          if (found) finish(found);
          else watch();
        },
        Math.max(0, lastLook + gapMs - Date.now()),
      );
    };
    const watch = () => {
      const hook = window.__pointlens;
      if (!hook) lookSoon();
      else unsubscribe ??= hook.subscribe(lookSoon);
    };
    const deadline = setTimeout(() => finish(look()), Math.max(0, until - Date.now()));
    const found = look();
    if (found) finish(found);
    else watch();
  });
}

/**
 * `nextStateLook` run in the page, as its source: tsx (the scripts and benchmarks) wraps a function's
 * inner functions in calls to a `__name` helper of its own, which the page has not got.
 */
function lookInPage(page: Page, arg: StateWait): Promise<StateLook | null> {
  return page.evaluate(`((__name) => (${nextStateLook.toString()})(${JSON.stringify(arg)}))((f) => f)`) as Promise<StateLook | null>;
}

/** The app's state from `window.__pointlens.state()`. */
async function readState(page: Page): Promise<AppSnapshot | undefined> {
  const found = await lookInPage(page, { seen: null, until: 0, gapMs: 0 });
  return found?.text == null ? undefined : parseState(found.text);
}

/** The app's serialisable state, from `window.__pointlens.state()`. */
export async function appState(page: Page): Promise<AppSnapshot> {
  const state = await readState(page);
  if (!state) throw new Error('the app has no test hook');
  return state;
}

/**
 * Waits until `predicate` holds of the app's state; returns that state. The predicate sees the state
 * as it is first, then after each change (the last of a burst within 100 ms), and the page answers
 * only when it changed (nextStateLook): waiting on an idle app costs neither side anything.
 */
export async function waitForState(page: Page, predicate: (s: AppSnapshot) => boolean, timeoutMs = 60_000): Promise<AppSnapshot> {
  const end = Date.now() + timeoutMs;
  let last: AppSnapshot | undefined;
  let seen: number | null = null;
  while (Date.now() < end) {
    try {
      const found = await lookInPage(page, { seen, until: end, gapMs: 100 });
      if (found) [seen, last] = [found.hash, found.text === null ? undefined : parseState(found.text)];
    } catch {
      // the page went on to another document mid-wait: look afresh at the next one
      [seen, last] = [null, undefined];
      await page.waitForTimeout(100);
      continue;
    }
    if (last && predicate(last)) return last;
  }
  throw new Error(`state condition not met in ${timeoutMs} ms; last state: ${JSON.stringify(last)?.slice(0, 2000)}`);
}

/** What a wait for the view to rest needs: how long nothing may change, until when (ms since the epoch) to wait at most, and how often to look at the view's frames. */
interface RestWait {
  quietMs: number;
  until: number;
  lookMs: number;
}

/**
 * Runs in the page (self-contained: canvasImage sends its source): true once nothing has changed
 * for `quietMs` (no frame drawn or owed by the 3D view, no word from the store, no element of the
 * page changed), or false at `until`. Frames are drawn on demand, so a view at rest shows the last
 * change; a repaint put off on a timer counts as owed until it is drawn.
 */
export function viewAtRest({ quietMs, until, lookMs }: RestWait): Promise<boolean> {
  return new Promise((resolve) => {
    const hook = window.__pointlens;
    let since = Date.now();
    let drawn = hook?.frames()?.drawn;
    const changed = () => {
      since = Date.now();
    };
    const unsubscribe = hook?.subscribe(changed);
    const elements = new MutationObserver(changed);
    elements.observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true });
    const look = () => {
      const frames = hook?.frames();
      if (frames && (frames.owed || frames.drawn !== drawn)) [since, drawn] = [Date.now(), frames.drawn];
      const now = Date.now();
      if (now - since < quietMs && now < until) return void setTimeout(look, lookMs);
      unsubscribe?.();
      elements.disconnect();
      resolve(now - since >= quietMs);
    };
    look();
  });
}

/**
 * How long a view must stay still before canvasImage reads it (the frame a change asks for is drawn
 * at the next animation frame, and the labels over the canvas move within it), and how often it looks.
 */
const REST = { quietMs: 100, lookMs: 20 };

/**
 * The canvas as the page shows it, once the view is at rest (viewAtRest), or as it is after
 * `timeoutMs` where it never rested. Panels over the canvas are in the image too.
 */
export async function canvasImage(page: Page, timeoutMs = 30_000): Promise<DecodedImage> {
  await page.evaluate(`((__name) => (${viewAtRest.toString()})(${JSON.stringify({ ...REST, until: Date.now() + timeoutMs })}))((f) => f)`);
  return decodePng(await page.locator('canvas').first().screenshot());
}
