// Main-thread cost of the growing segmentation overlay while a 1M-point scene is segmented in the
// built app (headless Chromium, WebGL2, WASM inference). A Chrome trace of the page's main thread
// over the run gives its busy time, how much of that went to
// reading the canvas back for the software compositor (the cost of a frame here, whatever the app
// draws), and so the app's own work per pushed update. The peer, in the same run: one full repaint
// of the cloud on the main thread (a colour-mode switch), which is what every update cost when the
// page polled for the whole prediction.
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type Page } from 'playwright-core';
import { preview } from 'vite';
import { CHROMIUM_FLAGS } from '../scripts/headless/chromium';
import { writePly } from '../src/core/io/writePly';
import { SETTINGS_KEY } from '../src/state/persistSettings';
import type { AppSnapshot } from '../src/state/store';
import { tiledScene } from './tiledScene';

const ROOT = resolve(import.meta.dirname, '..');

interface TraceEvent {
  name: string;
  ph: string;
  ts: number;
  dur?: number;
  pid: number;
  tid: number;
  args?: { name?: string };
}

const state = (page: Page) => page.evaluate(() => window.__pointlens?.state()) as Promise<AppSnapshot | undefined>;

async function waitFor(page: Page, done: (s: AppSnapshot) => boolean): Promise<AppSnapshot> {
  for (;;) {
    const s = await state(page);
    if (s && done(s)) return s;
    await page.waitForTimeout(250);
  }
}

/** Main-thread tasks of the page (the renderer main thread that worked most: others are blank documents). */
function mainThread(events: TraceEvent[]) {
  const on = (t: TraceEvent, name: string) => events.filter((e) => e.pid === t.pid && e.tid === t.tid && e.name === name && e.ph === 'X' && e.dur !== undefined);
  const busy = (t: TraceEvent) => on(t, 'RunTask').reduce((a, e) => a + e.dur!, 0);
  const main = events.filter((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain').sort((a, b) => busy(b) - busy(a))[0];
  if (!main) throw new Error('no renderer main thread in the trace');
  const ms = (name: string) => on(main, name).reduce((a, e) => a + e.dur!, 0) / 1000;
  return { busyMs: ms('RunTask'), readbackMs: ms('GLES2::ReadPixels'), frames: on(main, 'GLES2::ReadPixels').length };
}

async function traced<T>(page: Page, body: () => Promise<T>): Promise<{ value: T; trace: ReturnType<typeof mainThread> }> {
  const cdp = await page.context().newCDPSession(page);
  const events: TraceEvent[] = [];
  cdp.on('Tracing.dataCollected', (e) => events.push(...(e.value as unknown as TraceEvent[])));
  const complete = new Promise<void>((r) => cdp.once('Tracing.tracingComplete', () => r()));
  await cdp.send('Tracing.start', { categories: 'devtools.timeline,disabled-by-default-devtools.timeline,gpu', transferMode: 'ReportEvents' });
  const value = await body();
  await cdp.send('Tracing.end');
  await complete;
  return { value, trace: mainThread(events) };
}

export async function run(): Promise<Record<string, unknown>> {
  const cloud = tiledScene();
  if (!cloud) return { overlay_skipped: 'no ../shared/data/scannet' };
  if (!existsSync(join(ROOT, 'dist', 'index.html'))) throw new Error('bench overlay: dist/ is missing: run `npm run build` first (npm run bench does)');
  const fileName = 'bench-overlay-1m.ply';
  writeFileSync(join(ROOT, 'dist', fileName), writePly(cloud));
  const server = await preview({ root: ROOT, logLevel: 'warn', preview: { host: '127.0.0.1', port: 0, strictPort: false, open: false } });
  const baseUrl = server.resolvedUrls!.local[0].replace(/\/$/, '');
  const profile = mkdtempSync(join(tmpdir(), 'pointlens-bench-'));
  const context = await chromium.launchPersistentContext(profile, { executablePath: '/usr/bin/chromium', headless: true, args: CHROMIUM_FLAGS.webgl, viewport: { width: 1280, height: 800 } });
  try {
    // the scan starts by itself whatever the estimate, with nothing else drawn but the points
    await context.addInitScript(
      ([key, view]) => localStorage.setItem(key, view),
      [SETTINGS_KEY, JSON.stringify({ settings: { autoSegmentSeconds: 1e9, showBoxes: false, showGrid: false } })],
    );
    const page = await context.newPage();
    await page.goto(`${baseUrl}/?renderer=webgl&backend=wasm&url=${fileName}`);
    const started = await waitFor(page, (s) => s.segmentation?.status === 'running' || s.segmentation?.status === 'done');
    if (started.segmentation?.status !== 'running') throw new Error('the run ended before it could be traced');
    const { value: done, trace } = await traced(page, () => waitFor(page, (s) => s.segmentation?.status === 'done'));
    const seg = done.segmentation?.status === 'done' ? done.segmentation : undefined;
    if (!seg) throw new Error('the scene was not segmented');
    // the peer: one full repaint of the cloud, switching from the overlay to the file's colours
    const { trace: repaint } = await traced(page, async () => {
      await page.getByTestId('overlay-toggle').click();
      await waitFor(page, (s) => s.settings.colorMode === 'rgb');
      await page.waitForTimeout(1000);
    });
    const appMs = trace.busyMs - trace.readbackMs;
    const perUpdate = appMs / seg.updates;
    const fullRepaint = repaint.busyMs - repaint.readbackMs;
    const out = {
      overlay_points: seg.points,
      overlay_run_s: Number((seg.ms / 1000).toFixed(1)),
      overlay_updates: seg.updates,
      overlay_main_busy_ms: Math.round(trace.busyMs),
      overlay_frames: trace.frames,
      overlay_readback_ms: Math.round(trace.readbackMs),
      overlay_app_main_ms_per_update: Number(perUpdate.toFixed(1)),
      overlay_full_repaint_main_ms: Math.round(fullRepaint),
      overlay_full_repaint_vs_update: Number((fullRepaint / perUpdate).toFixed(1)),
    };
    console.log(`overlay on ${seg.points} points: ${seg.updates} pushed updates over a ${out.overlay_run_s} s run`);
    console.log(`  main thread busy        ${out.overlay_main_busy_ms} ms while the run was traced`);
    console.log(`  of it, canvas readback  ${out.overlay_readback_ms} ms over ${trace.frames} frames (software compositing)`);
    console.log(`  the app's work          ${out.overlay_app_main_ms_per_update} ms per update`);
    console.log(`  peer: a full repaint    ${out.overlay_full_repaint_main_ms} ms (${out.overlay_full_repaint_vs_update}x an update)`);
    return out;
  } finally {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
    rmSync(join(ROOT, 'dist', fileName), { force: true });
    await server.close();
  }
}
