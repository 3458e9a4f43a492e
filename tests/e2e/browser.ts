// Helpers for end-to-end tests against the built app in headless Chromium: launch with the
// flags that give WebGL2 or WebGPU on this software-rendered machine, open the app, drop files
// as a person would, read the app's state through its test hook, and count canvas pixels.
//
//   const app = await launchApp('webgl');           // a fresh context of the file's browser
//   const page = await app.open();                   // the app, renderer forced to WebGL2
//   await dropFiles(page, [fixtureFile('scene0000_00.ply')]);
//   const state = await waitForState(page, (s) => s.layer !== null);
//   const pixels = countForeground(await canvasImage(page), state.settings.background);
//   await app.close();
import { readFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, inject } from 'vitest';
import { appInBrowser, canvasImage, launchBrowser, waitForState, type App, type RendererFlags } from '../../scripts/headless/chromium';
import type { DecodedImage } from '../../scripts/headless/png';
import { SETTINGS_KEY } from '../../src/state/persistSettings';
import type { ViewSettings } from '../../src/state/viewSettings';

export { appState, canvasImage, CHROMIUM_FLAGS, waitForState, type App, type RendererFlags } from '../../scripts/headless/chromium';

// One Chromium per renderer for the whole test file, closed after it (setup.ts): starting it took
// a second or more each time, and a file's tests started it up to 13 times.
const browsers = new Map<RendererFlags, Promise<Browser>>();

/** The app the test run serves, as fresh as in a new profile: its own context of this file's Chromium for `flags`. */
export async function launchApp(flags: RendererFlags, baseUrl = inject('baseUrl')): Promise<App> {
  if (!browsers.has(flags)) browsers.set(flags, launchBrowser(flags));
  return appInBrowser(await browsers.get(flags)!, flags, baseUrl);
}

/** Closes the browsers `launchApp` started in this file. */
export async function closeBrowsers(): Promise<void> {
  const started = [...browsers.values()];
  browsers.clear();
  await Promise.all(started.map(async (b) => (await b).close()));
}

/** One app for the calling `describe`: started before its tests, closed after them; call the result inside a test. */
export function browserPerSuite(flags: RendererFlags): () => App {
  let app: App | undefined;
  beforeAll(async () => {
    app = await launchApp(flags);
  });
  afterAll(async () => {
    await app?.close();
  });
  return () => {
    if (!app) throw new Error('the browser has not started');
    return app;
  };
}

/** One app for the calling `describe` showing `file` quietly (showQuietly) before its tests, closed after them; `shown` gets the page. */
export function quietPagePerSuite(file: TestFile, shown: (page: Page) => void): void {
  let app: App | undefined;
  beforeAll(async () => {
    app = await launchApp('webgl');
    shown(await showQuietly(app, file));
  });
  afterAll(async () => {
    await app?.close();
  });
}

/**
 * Every page `app` opens from now on starts with `settings` over the defaults, as if a person had
 * saved them: set before the app reads them, so that what they switch off never starts (the app
 * recognises its default sample as soon as it loads it), and whatever an earlier page saved is
 * forgotten.
 */
export async function startWithSettings(app: App, settings: Partial<ViewSettings>): Promise<void> {
  await app.context.addInitScript(([key, view]) => localStorage.setItem(key, view), [SETTINGS_KEY, JSON.stringify({ settings })]);
}

export const FIXTURES = resolve(import.meta.dirname, '../fixtures');
export const OUT = resolve(import.meta.dirname, 'out');

export interface TestFile {
  name: string;
  bytes: Uint8Array;
}

/** A file from tests/fixtures/ (path relative to it), named by its base name. */
export function fixtureFile(path: string): TestFile {
  return { name: path.split('/').pop()!, bytes: new Uint8Array(readFileSync(join(FIXTURES, path))) };
}

/**
 * Makes `models/<file>` arrive broken on this page; pass it as `app.open`'s `prepare`, since the app
 * fetches its models as soon as it loads (for its default sample), and a model loaded before the
 * route stays loaded. The browser's cache is emptied first: earlier tests loaded the real model,
 * which the browser may still hold as fresh and hand the worker without a request the route could
 * answer.
 */
export async function breakModel(page: Page, file: string): Promise<void> {
  await (await page.context().newCDPSession(page)).send('Network.clearBrowserCache');
  await page.route(`**/models/${file}`, (route) => route.fulfill({ status: 200, body: Buffer.from('this is not an ONNX model') }));
}

/**
 * Pixels of the 3D view between the side columns for which `match` holds: the panels float over the
 * canvas, and a swatch or a button in them may have the colour looked for.
 */
export async function viewPixels(page: Page, match: (r: number, g: number, b: number) => boolean): Promise<number> {
  const { data, width } = await canvasImage(page);
  const canvas = (await page.locator('canvas').first().boundingBox())!;
  const [left, right] = await Promise.all(['left', 'right'].map(async (side) => (await page.getByTestId(`panels-${side}`).boundingBox())!));
  const [x0, x1] = [left.x + left.width - canvas.x, right.x - canvas.x];
  let n = 0;
  for (let i = 0; i < data.length; i += 4) {
    const x = (i / 4) % width;
    if (x > x0 && x < x1 && match(data[i], data[i + 1], data[i + 2])) n++;
  }
  return n;
}

/**
 * Holds back the script of the app's worker `name` (`align`, `compare`, ...) on this page until the
 * returned function is called: a run started meanwhile stays at its start, whatever the machine's
 * speed, so that a test can change the layers while it runs.
 */
export async function holdWorker(page: Page, name: string): Promise<() => void> {
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  await page.route(new RegExp(`/${name}\\.worker[^/]*\\.js`), async (route) => {
    await released;
    await route.continue();
  });
  return release;
}

/**
 * Drops files on the app as a person would: a `DataTransfer` carrying `File`s, dispatched as
 * dragenter, dragover and drop on the drop zone.
 */
export async function dropFiles(page: Page, files: TestFile[], target = '[data-testid="drop-zone"]'): Promise<void> {
  const payload = files.map((f) => ({ name: f.name, base64: Buffer.from(f.bytes).toString('base64') }));
  await page.evaluate(
    ({ payload, target }) => {
      const transfer = new DataTransfer();
      for (const f of payload) {
        const bytes = Uint8Array.from(atob(f.base64), (c) => c.charCodeAt(0));
        transfer.items.add(new File([bytes], f.name));
      }
      const zone = document.querySelector(target);
      if (!zone) throw new Error(`no drop zone ${target}`);
      for (const type of ['dragenter', 'dragover', 'drop']) {
        zone.dispatchEvent(new DragEvent(type, { bubbles: true, cancelable: true, dataTransfer: transfer }));
      }
    },
    { payload, target },
  );
}

/** Pixels that differ from `background` (#rrggbb) by more than `tolerance` in some channel. */
export function countForeground(image: DecodedImage, background: string, tolerance = 24): number {
  const v = Number.parseInt(background.replace('#', ''), 16);
  const bg = [(v >> 16) & 255, (v >> 8) & 255, v & 255];
  let n = 0;
  for (let i = 0; i < image.data.length; i += 4) {
    if (Math.abs(image.data[i] - bg[0]) > tolerance || Math.abs(image.data[i + 1] - bg[1]) > tolerance || Math.abs(image.data[i + 2] - bg[2]) > tolerance) n++;
  }
  return n;
}

/** Pixels that differ between two images of the same size by more than `tolerance`. */
export function countChanged(a: DecodedImage, b: DecodedImage, tolerance = 24): number {
  if (a.width !== b.width || a.height !== b.height) throw new Error('images differ in size');
  let n = 0;
  for (let i = 0; i < a.data.length; i += 4) {
    if (Math.abs(a.data[i] - b.data[i]) > tolerance || Math.abs(a.data[i + 1] - b.data[i + 1]) > tolerance || Math.abs(a.data[i + 2] - b.data[i + 2]) > tolerance) n++;
  }
  return n;
}

/** Saves a page screenshot under tests/e2e/out/ (git-ignored) for a person to look at. */
export async function saveScreenshot(page: Page, name: string): Promise<string> {
  mkdirSync(OUT, { recursive: true });
  const path = join(OUT, `${name}.png`);
  writeFileSync(path, await page.screenshot());
  return path;
}

/**
 * Where point `index` of the current layer is drawn, in CSS pixels relative to the canvas; waits
 * until the 3D view has caught up with a layer that just loaded.
 */
export async function screenPosition(page: Page, index: number, timeoutMs = 30_000): Promise<[number, number]> {
  const handle = await page.waitForFunction((i) => window.__pointlens?.project(i), index, { timeout: timeoutMs });
  return (await handle.jsonValue()) as [number, number];
}

/** Clicks on the canvas where point `index` of the current layer is drawn. */
export async function clickPoint(page: Page, index: number): Promise<void> {
  const at = await screenPosition(page, index);
  const box = await page.locator('canvas').first().boundingBox();
  if (!box) throw new Error('no canvas');
  await page.mouse.click(box.x + at[0], box.y + at[1]);
}

/**
 * Points of the active layer (or of layer `layerId`) that a click on them can only mean: every
 * other point drawn within `gap` pixels (more than the picking radius), of any visible layer, lies
 * behind it, and no panel covers it.
 */
export async function lonePoints(page: Page, gap = 10, layerId?: string): Promise<{ index: number; at: [number, number] }[]> {
  return page.evaluate(
    ({ gap, layerId }) => {
      const hook = window.__pointlens!;
      const state = hook.state();
      const target = layerId ?? state.layer!.id;
      const drawn: { layer: string; index: number; at: [number, number]; depth: number }[] = [];
      for (const { meta, visible } of state.layers) {
        if (!visible) continue;
        for (let i = 0; i < meta.points; i++) {
          const at = hook.project(i, meta.id);
          if (at) drawn.push({ layer: meta.id, index: i, at, depth: hook.depth(i, meta.id) ?? Infinity });
        }
      }
      const cells = new Map<string, typeof drawn>();
      const key = (x: number, y: number) => `${Math.floor(x / gap)},${Math.floor(y / gap)}`;
      for (const d of drawn) cells.set(key(d.at[0], d.at[1]), [...(cells.get(key(d.at[0], d.at[1])) ?? []), d]);
      const lone: { index: number; at: [number, number] }[] = [];
      for (const d of drawn) {
        if (d.layer !== target) continue;
        const p = d.at;
        const el = document.elementFromPoint(p[0], p[1]);
        if (el?.tagName !== 'CANVAS') continue;
        const [cx, cy] = [Math.floor(p[0] / gap), Math.floor(p[1] / gap)];
        const near = [-1, 0, 1].flatMap((dx) => [-1, 0, 1].flatMap((dy) => cells.get(`${cx + dx},${cy + dy}`) ?? []));
        if (near.some((q) => q !== d && Math.hypot(q.at[0] - p[0], q.at[1] - p[1]) < gap && q.depth <= d.depth)) continue;
        lone.push({ index: d.index, at: p });
      }
      return lone;
    },
    { gap, layerId },
  );
}

/**
 * Sets the "on load" recognition switch, clicking again until it holds: a fresh page may still be
 * applying the settings it saved. A loop rather than expect.poll, since suites call this from beforeAll.
 */
export async function setAutoRecognise(page: Page, on: boolean): Promise<void> {
  const auto = page.getByTestId('auto-recognise');
  for (let tries = 0; (await auto.isChecked()) !== on; tries++) {
    if (tries === 10) throw new Error(`the "on load" switch did not stay ${on ? 'on' : 'off'}`);
    await auto.click();
    await page.waitForTimeout(100);
  }
}

/**
 * Switches recognition on load off before this page first loads the app, over whatever settings
 * its context saved, so that the default sample is not classified only to be replaced (some 3 s of
 * work a page here); its reloads keep what the person set since.
 */
async function quietFromTheStart(page: Page): Promise<void> {
  await page.addInitScript((key) => {
    if (sessionStorage.getItem('pointlens.e2e.quiet')) return;
    sessionStorage.setItem('pointlens.e2e.quiet', '1');
    const saved = JSON.parse(localStorage.getItem(key) ?? '{}');
    localStorage.setItem(key, JSON.stringify({ ...saved, settings: { ...saved.settings, autoRecognise: false } }));
  }, SETTINGS_KEY);
}

/**
 * A fresh page of `app` showing `file` with nothing else at work: the first visit's help closed,
 * recognition on load switched off, the grid hidden (its lines would take clicks' pixels).
 */
export async function showQuietly(app: App, file: TestFile): Promise<Page> {
  const page = await app.open({}, quietFromTheStart);
  await page.keyboard.press('Escape');
  await setAutoRecognise(page, false);
  await dropFiles(page, [file]);
  await waitForState(page, (s) => s.layer?.fileName === file.name && s.loading === null);
  await page.getByTestId('show-grid').uncheck();
  await page.waitForFunction(() => window.__pointlens?.project(0));
  return page;
}
