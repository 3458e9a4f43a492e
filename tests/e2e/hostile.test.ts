// The app under files and failures that could take it down, end to end: a parse that runs past its
// limit is given up (its worker ended) while the scene already shown stays drawn and usable, and an
// inference worker that fails during a run is replaced by one on WASM that finishes the run and
// says why.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Page, Route } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppSnapshot } from '../../src/state/store';
import { canvasImage, clickPoint, countChanged, countForeground, dropFiles, fixtureFile, launchApp, saveScreenshot, setAutoRecognise, waitForState, type App, type TestFile } from './browser';

const ROOT = resolve(import.meta.dirname, '../..');
const SCENE = fixtureFile('e2e/scene0000_00.ply');
const BATHTUB = fixtureFile('e2e/bathtub_0001.off');
const AIRPLANE: TestFile = { name: 'airplane_0627.txt', bytes: new Uint8Array(readFileSync(resolve(ROOT, 'samples/modelnet40/airplane_0627.txt'))) };

/** The app's workers of one kind, by the name of their script. */
const workersOf = (page: Page, name: string) => page.workers().filter((w) => w.url().includes(name));

async function closeHelp(page: Page): Promise<void> {
  if (await page.getByTestId('help-overlay').isVisible()) await page.keyboard.press('Escape');
}

/**
 * Drops a large point cloud made in the page: `lines` rows of "x y z", some 24 bytes each. Made
 * there because tens of megabytes would cross to the page slowly as a test's argument.
 */
async function dropLargeCloud(page: Page, name: string, lines: number): Promise<number> {
  return page.evaluate(
    ({ name, lines }) => {
      const rows: string[] = [];
      for (let i = 0; i < 1000; i++) rows.push(`${(i * 0.001).toFixed(4)} ${Math.sin(i).toFixed(4)} ${Math.cos(i).toFixed(4)}\n`);
      const file = new File([rows.join('').repeat(lines / 1000)], name);
      const transfer = new DataTransfer();
      transfer.items.add(file);
      const zone = document.querySelector('[data-testid="drop-zone"]')!;
      for (const type of ['dragenter', 'dragover', 'drop']) zone.dispatchEvent(new DragEvent(type, { bubbles: true, cancelable: true, dataTransfer: transfer }));
      return file.size;
    },
    { name, lines },
  );
}

/** A point of the shown layer drawn near the middle of the canvas, clear of the side panels. */
async function pointNearCentre(page: Page): Promise<number> {
  const box = (await page.locator('canvas').first().boundingBox())!;
  return page.evaluate(
    ({ cx, cy }) => {
      const hook = window.__pointlens!;
      const n = hook.state().layer!.points;
      let best = 0;
      let bestD = Infinity;
      for (let i = 0; i < n; i += 97) {
        const at = hook.project(i);
        const d = at ? Math.hypot(at[0] - cx, at[1] - cy) : Infinity;
        if (d < bestD) [best, bestD] = [i, d];
      }
      return best;
    },
    { cx: box.width / 2, cy: box.height / 2 },
  );
}

describe('the app under hostile files and failing workers (WebGL renderer, WASM)', () => {
  let app: App;
  beforeAll(async () => {
    app = await launchApp('webgl');
  });
  afterAll(async () => {
    await app?.close();
  });

  it('gives up a parse that runs past its limit, ends its worker, keeps the scene drawn and usable, and opens the next file', async () => {
    const page = await app.open();
    await closeHelp(page);
    await setAutoRecognise(page, false);
    await dropFiles(page, [SCENE]);
    await waitForState(page, (s) => s.layer?.fileName === SCENE.name && s.loading === null);
    await expect(page.getByTestId('info-memory').getAttribute('data-bytes')).resolves.toBe(String(25_000 * (12 + 3 + 4 + 4)));
    const before = await canvasImage(page);
    const background = (await waitForState(page, () => true)).settings.background;
    expect(countForeground(before, background)).toBeGreaterThan(2000);

    // a limit a person can set, far below what reading some 70 MB of text takes
    await page.getByTestId('parse-limit').fill('0.3');
    await waitForState(page, (s) => s.settings.parseLimitSeconds === 0.3);
    const bytes = await dropLargeCloud(page, 'survey.xyz', 3_000_000);
    expect(bytes).toBeGreaterThan(60e6);
    await waitForState(page, (s) => s.loading?.fileName === 'survey.xyz', 30_000);
    const failed = await waitForState(page, (s) => s.loading === null && s.error !== null, 60_000);
    expect(failed.error).toMatch(/^survey\.xyz (was still being read after|made no progress for) 0\.3 s, the limit set under Info \("Give up reading after"\), so reading it was stopped\. What was shown before stays\.$/);
    await expect(page.getByTestId('error-message').textContent()).resolves.toBe(failed.error);
    expect(failed.layer?.fileName).toBe(SCENE.name);
    // the parse worker was ended, not left spinning
    await expect.poll(() => workersOf(page, 'parse.worker').length, { timeout: 10_000 }).toBe(0);
    await saveScreenshot(page, 'parse-given-up');

    await page.getByTestId('error-dismiss').click();
    const after = await canvasImage(page);
    expect(countChanged(before, after)).toBeLessThan(0.01 * before.width * before.height);
    await clickPoint(page, await pointNearCentre(page));
    const picked = await waitForState(page, (s) => s.pick !== null);
    expect(picked.pick?.index).toBeGreaterThanOrEqual(0);

    await page.getByTestId('parse-limit').fill('0');
    await dropFiles(page, [BATHTUB]);
    const next = await waitForState(page, (s: AppSnapshot) => s.layer?.fileName === BATHTUB.name && s.loading === null);
    expect(next.error).toBeNull();
    expect(next.layer?.kind).toBe('mesh');
  });

  it('refuses a file past the read budget naming both sizes, the budget Info shows', async () => {
    const page = await app.open();
    await closeHelp(page);
    await expect(page.getByTestId('read-budget').textContent()).resolves.toMatch(/^Read budget: 1\.0 GB of decoded arrays a file/);
    await dropFiles(page, [fixtureFile('hostile/pcd_lzf_88m_points.pcd')]);
    const refused = await waitForState(page, (s) => s.error !== null && s.loading === null, 60_000);
    expect(refused.error).toMatch(/^pcd_lzf_88m_points\.pcd is too large: 88000000 points would take \d+\.\d GB once read, more than the 1\.0 GB pointlens reads from one file \(its read budget\)$/);
    await saveScreenshot(page, 'over-budget');
  });

  it('restarts an inference worker that fails during a run on WASM, finishes the run there, says why, and classifies again', async () => {
    // the first fetch of the classifier is held, so that the run is surely under way when the worker fails
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    let fetches = 0;
    await app.context.route('**/models/classifier.onnx', async (route: Route) => {
      if (fetches++ === 0) await held;
      await route.continue();
    });
    const page = await app.open({ backend: 'wasm' });
    await closeHelp(page);
    // settings persist in the browser: this test needs recognition on load and no parse limit of its own
    await setAutoRecognise(page, true);
    await page.getByTestId('parse-limit').fill('0');
    await dropFiles(page, [AIRPLANE]);
    await waitForState(page, (s) => s.layer?.fileName === AIRPLANE.name && s.classification?.status === 'running', 60_000);
    await expect.poll(() => fetches, { timeout: 30_000 }).toBeGreaterThan(0);
    const [failing] = workersOf(page, 'inference.worker');
    // an uncaught error inside the worker, as a runtime abort out of memory reaches it
    await failing.evaluate(() => {
      setTimeout(() => {
        throw new RangeError('WebAssembly.Memory(): could not allocate memory');
      });
    });
    release();
    const done = await waitForState(page, (s) => s.classification?.status === 'done' || s.classification?.status === 'error', 90_000);
    const view = done.classification as Extract<AppSnapshot['classification'], { status: 'done' }>;
    expect(view.status).toBe('done');
    expect(view.top[0].label).toBe('airplane');
    expect(view.model.backend).toBe('wasm');
    expect(view.model.restartReason).toMatch(/the inference worker failed \(.*could not allocate memory\) and was restarted on WASM/);
    const badge = page.getByTestId('recognition-backend');
    await expect(badge.textContent()).resolves.toBe('WASM (restarted after a failure)');
    expect(await badge.getAttribute('data-restart')).toBe(view.model.restartReason);
    await expect(page.getByTestId('recognition-restart').textContent()).resolves.toMatch(/^The inference worker failed \(.*could not allocate memory\) and was restarted on WASM\.$/);
    // the failed worker is gone; one fresh worker serves the page
    await expect.poll(() => workersOf(page, 'inference.worker').length, { timeout: 10_000 }).toBe(1);
    await saveScreenshot(page, 'inference-restarted');

    // a new run: its measured times are its own
    await page.getByTestId('classify-button').click();
    const again = await waitForState(
      page,
      (s) => s.classification?.status === 'done' && (s.classification.preprocessMs !== view.preprocessMs || s.classification.inferenceMs !== view.inferenceMs),
      90_000,
    );
    const second = again.classification as Extract<AppSnapshot['classification'], { status: 'done' }>;
    expect(second.top[0].label).toBe('airplane');
    expect(second.model.backend).toBe('wasm');
    expect(fetches).toBe(2);
    await app.context.unroute('**/models/classifier.onnx');
  });
});
