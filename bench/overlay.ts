// Main-thread cost of the growing segmentation overlay while a 1M-point scene is segmented in the
// built app (headless Chromium, WebGL2, WASM inference): a Chrome trace of the page's main thread
// over the whole run, its busy time, its longest tasks, and how much of it went to reading the
// canvas back for the software compositor (the cost of a frame here, whatever the app draws).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium } from 'playwright-core';
import { preview } from 'vite';
import { writePly } from '../src/core/io/writePly';
import { tiledScene } from './tiledScene';

const ROOT = resolve(import.meta.dirname, '..');
const FLAGS = ['--headless', '--no-sandbox', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-quic', '--enable-unsafe-swiftshader'];

interface TraceEvent { name: string; ph: string; ts: number; dur?: number; pid: number; tid: number; args?: { name?: string } }

export async function run(): Promise<Record<string, unknown>> {
  const cloud = tiledScene();
  if (!cloud) return { overlay_skipped: 'no ../shared/data/scannet' };
  const fileName = 'bench-overlay-1m.ply';
  writeFileSync(join(ROOT, 'dist', fileName), writePly(cloud));
  const server = await preview({ root: ROOT, logLevel: 'warn', preview: { host: '127.0.0.1', port: 0, strictPort: false, open: false } });
  const baseUrl = server.resolvedUrls!.local[0].replace(/\/$/, '');
  const profile = mkdtempSync(join(tmpdir(), 'pointlens-bench-'));
  const context = await chromium.launchPersistentContext(profile, { executablePath: '/usr/bin/chromium', headless: true, args: FLAGS, viewport: { width: 1280, height: 800 } });
  try {
    // scans of any length start by themselves here, as they did before the app estimated them
    await context.addInitScript(() => localStorage.setItem('pointlens.view', JSON.stringify({ settings: { autoSegmentSeconds: 1e9 } })));
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    const events: TraceEvent[] = [];
    cdp.on('Tracing.dataCollected', (e) => events.push(...(e.value as unknown as TraceEvent[])));
    const complete = new Promise<void>((r) => cdp.once('Tracing.tracingComplete', () => r()));
    await page.goto(`${baseUrl}/?renderer=webgl&backend=wasm&url=${fileName}`);
    const state = () => page.evaluate(() => (window as any).__pointlens?.state());
    const segStatus = (s: any) => (s?.results?.segmentation ?? s?.segmentation?.view)?.status;
    for (let polls = 0; ; polls++) {
      const s = await state();
      if (segStatus(s) === 'running') break;
      if (polls % 100 === 0) console.log(`  waiting: loading ${JSON.stringify(s?.loading)} layer ${s?.layer?.points} segmentation ${JSON.stringify(s?.segmentation)} error ${s?.error}`);
      await page.waitForTimeout(50);
    }
    await cdp.send('Tracing.start', { categories: 'devtools.timeline,disabled-by-default-devtools.timeline,gpu', transferMode: 'ReportEvents' });
    const t0 = Date.now();
    for (let polls = 0; ; polls++) {
      const s = await state();
      if (segStatus(s) === 'done') break;
      if (polls % 40 === 0) console.log(`  segmenting: ${Math.round(100 * (s?.segmentation?.progress ?? 0))}% after ${(Date.now() - t0) / 1000} s`);
      await page.waitForTimeout(250);
    }
    const runS = (Date.now() - t0) / 1000;
    await cdp.send('Tracing.end');
    await complete;
    // the page's main thread: the renderer main thread that worked most (others are blank documents)
    const onThread = (t: TraceEvent, name: string) => events.filter((e) => e.pid === t.pid && e.tid === t.tid && e.name === name && e.ph === 'X' && e.dur !== undefined);
    const mains = events.filter((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain');
    const busyOf = (t: TraceEvent) => onThread(t, 'RunTask').reduce((a, e) => a + e.dur!, 0);
    const main = mains.sort((a, b) => busyOf(b) - busyOf(a))[0];
    if (!main) throw new Error('no renderer main thread in the trace');
    const tasks = onThread(main, 'RunTask');
    const readback = onThread(main, 'GLES2::ReadPixels');
    const ms = tasks.map((t) => t.dur! / 1000).sort((a, b) => b - a);
    const busy = ms.reduce((a, b) => a + b, 0);
    const long = ms.filter((m) => m >= 16);
    const out = {
      overlay_points: cloud.positions.length / 3,
      overlay_run_s: Number(runS.toFixed(1)),
      overlay_main_busy_ms: Math.round(busy),
      overlay_main_busy_share: Number((busy / 1000 / runS).toFixed(3)),
      overlay_tasks_over_16ms: long.length,
      overlay_longest_task_ms: Math.round(ms[0] ?? 0),
      overlay_mean_long_task_ms: long.length ? Math.round(long.reduce((a, b) => a + b, 0) / long.length) : 0,
      overlay_frames: readback.length,
      overlay_readback_ms: Math.round(readback.reduce((a, e) => a + e.dur!, 0) / 1000),
      overlay_updates: (await state())?.segmentation?.updates,
    };
    console.log(out);
    return out;
  } finally {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
    rmSync(join(ROOT, 'dist', fileName), { force: true });
    await server.close();
  }
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop()!)) await run();
