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

/**
 * The app's state from `window.__pointlens.state()`, carried across as JSON text: Playwright takes
 * some 350 ms to carry a structured value of its size (the model cards make it about 50 kB), and a
 * string in under 10 ms. Numbers JSON has no word for (NaN, ±Infinity) travel as tagged strings.
 */
async function readState(page: Page): Promise<AppSnapshot | undefined> {
  const text = await page.evaluate(() => {
    const state = window.__pointlens?.state();
    return state === undefined ? null : JSON.stringify(state, (_key, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? { nonFinite: String(v) } : v));
  });
  return text === null ? undefined : JSON.parse(text, (_key, v: unknown) => (isNonFinite(v) ? Number(v.nonFinite) : v));
}

const isNonFinite = (v: unknown): v is { nonFinite: string } => typeof v === 'object' && v !== null && Object.keys(v).length === 1 && typeof (v as { nonFinite?: unknown }).nonFinite === 'string';

/** The app's serialisable state, from `window.__pointlens.state()`. */
export async function appState(page: Page): Promise<AppSnapshot> {
  const state = await readState(page);
  if (!state) throw new Error('the app has no test hook');
  return state;
}

/** Polls the app's state until `predicate` holds; returns that state. */
export async function waitForState(page: Page, predicate: (s: AppSnapshot) => boolean, timeoutMs = 60_000): Promise<AppSnapshot> {
  const end = Date.now() + timeoutMs;
  let last: AppSnapshot | undefined;
  while (Date.now() < end) {
    last = await readState(page).catch(() => undefined);
    if (last && predicate(last)) return last;
    await page.waitForTimeout(100);
  }
  throw new Error(`state condition not met in ${timeoutMs} ms; last state: ${JSON.stringify(last)?.slice(0, 2000)}`);
}

/** The canvas as the page shows it, once two screenshots in a row agree (frames are drawn on demand). */
export async function canvasImage(page: Page, timeoutMs = 30_000): Promise<DecodedImage> {
  const canvas = page.locator('canvas').first();
  const end = Date.now() + timeoutMs;
  let previous = await canvas.screenshot();
  for (;;) {
    await page.waitForTimeout(250);
    const next = await canvas.screenshot();
    if (Buffer.compare(previous, next) === 0 || Date.now() > end) return decodePng(next);
    previous = next;
  }
}
