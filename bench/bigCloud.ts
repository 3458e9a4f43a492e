// A big binary PLY (xyz + rgb, copies of the 1M-point tiled ScanNet floor of bench/tiledScene laid
// side by side) opened in the built app in headless Chromium (WebGL2, autorecognition off): when
// the first picture comes (a sample of the first points read), how long reading and parsing the
// stream took, when the whole cloud shows (after its octree), and the page's peak memory per point (the
// largest renderer process's peak resident set, which holds the page and its workers). The peer
// in the same run: three.js' PLYLoader parsing the same file in the same browser. Also the octree
// build alone in Node, and `pointlens info` on the file (time and peak RSS).
// BIG_POINTS (default 20M) sets the size; the file is written next to the built app and removed.
import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, readdirSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';
import { chromium, type Page } from 'playwright-core';
import { preview } from 'vite';
import { CHROMIUM_FLAGS } from '../scripts/headless/chromium';
import { buildOctree } from '../src/core/geometry/octree';
import { SETTINGS_KEY } from '../src/state/persistSettings';
import type { DrawnStats } from '../src/render/viewerHandle';
import type { AppSnapshot } from '../src/state/store';
import { tiledScene } from './tiledScene';

const ROOT = resolve(import.meta.dirname, '..');
const ROW_BYTES = 15;

/** `points` positions: copies of `tile`, each its x extent plus a metre further along x. */
function bigPositions(tile: Float32Array, points: number): Float32Array {
  const n = tile.length / 3;
  let width = 0;
  for (let i = 0; i < n; i++) width = Math.max(width, tile[3 * i]);
  const out = new Float32Array(points * 3);
  for (let i = 0; i < points; i++) {
    const j = i % n;
    out[3 * i] = tile[3 * j] + Math.floor(i / n) * (width + 1);
    out[3 * i + 1] = tile[3 * j + 1];
    out[3 * i + 2] = tile[3 * j + 2];
  }
  return out;
}

/** Writes the cloud as binary little-endian PLY, x y z (float) red green blue (uchar), a million rows at a time. */
function writeBigPly(path: string, positions: Float32Array, tileColors: Uint8Array): void {
  const points = positions.length / 3;
  const n = tileColors.length / 3;
  const header = `ply\nformat binary_little_endian 1.0\nelement vertex ${points}\nproperty float x\nproperty float y\nproperty float z\nproperty uchar red\nproperty uchar green\nproperty uchar blue\nend_header\n`;
  const fd = openSync(path, 'w');
  try {
    writeSync(fd, header);
    const block = 1_000_000;
    const rows = Buffer.alloc(block * ROW_BYTES);
    for (let start = 0; start < points; start += block) {
      const m = Math.min(block, points - start);
      for (let k = 0; k < m; k++) {
        const i = start + k;
        rows.writeFloatLE(positions[3 * i], k * ROW_BYTES);
        rows.writeFloatLE(positions[3 * i + 1], k * ROW_BYTES + 4);
        rows.writeFloatLE(positions[3 * i + 2], k * ROW_BYTES + 8);
        const j = i % n;
        rows.set(tileColors.subarray(3 * j, 3 * j + 3), k * ROW_BYTES + 12);
      }
      writeSync(fd, rows, 0, m * ROW_BYTES);
    }
  } finally {
    closeSync(fd);
  }
}

/** Peak resident set (VmHWM) of the largest renderer process started with `profile`, in bytes. */
function rendererPeakBytes(profile: string): number {
  let peak = 0;
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      if (!cmd.includes('--type=renderer') || !cmd.includes(profile)) continue;
      const hwm = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
      if (hwm) peak = Math.max(peak, Number(hwm[1]) * 1024);
    } catch {
      // the process ended while it was read
    }
  }
  return peak;
}

async function withBrowser<T>(body: (page: Page, profile: string) => Promise<T>): Promise<T> {
  const profile = mkdtempSync(join(tmpdir(), 'pointlens-bench-big-'));
  const context = await chromium.launchPersistentContext(profile, { executablePath: '/usr/bin/chromium', headless: true, args: CHROMIUM_FLAGS.webgl, viewport: { width: 1280, height: 800 } });
  try {
    await context.addInitScript(
      ([key, view]) => localStorage.setItem(key, view),
      [SETTINGS_KEY, JSON.stringify({ settings: { autoRecognise: false } })],
    );
    return await body(await context.newPage(), profile);
  } finally {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  }
}

/** three.js' PLYLoader as a script the page can run. */
async function threePlyLoaderScript(): Promise<string> {
  const out = await build({
    stdin: { contents: "import { PLYLoader } from 'three/examples/jsm/loaders/PLYLoader.js'; globalThis.ThreePLYLoader = PLYLoader;", resolveDir: ROOT },
    bundle: true,
    format: 'iife',
    write: false,
    logLevel: 'silent',
  });
  return out.outputFiles[0].text;
}

export async function run(): Promise<Record<string, unknown>> {
  const tile = tiledScene();
  if (!tile?.colors) return { big_skipped: 'no ../shared/data/scannet' };
  if (!existsSync(join(ROOT, 'dist', 'index.html'))) throw new Error('bench big cloud: dist/ is missing: run `npm run build` first (npm run bench does)');
  const points = Number(process.env.BIG_POINTS ?? 20_000_000);
  const fileName = 'bench-big.ply';
  const file = join(ROOT, 'dist', fileName);
  let positions: Float32Array | null = bigPositions(tile.positions, points);
  writeBigPly(file, positions, tile.colors);
  // the octree alone, in Node, on the same points
  const octreeStart = performance.now();
  const nodes = buildOctree(positions).nodes.length;
  const octreeS = (performance.now() - octreeStart) / 1000;
  positions = null;
  const server = await preview({ root: ROOT, logLevel: 'warn', preview: { host: '127.0.0.1', port: 0, strictPort: false, open: false } });
  const baseUrl = server.resolvedUrls!.local[0].replace(/\/$/, '');
  try {
    const app = await withBrowser(async (page, profile) => {
      const baseline = await page.goto(`${baseUrl}/?renderer=webgl`).then(() => page.waitForFunction(() => window.__pointlens?.state().renderer)).then(() => rendererPeakBytes(profile));
      const start = Date.now();
      await page.goto(`${baseUrl}/?renderer=webgl&url=${fileName}`);
      let firstPicture = 0;
      let stats: DrawnStats | null = null;
      for (;;) {
        stats = await page.evaluate(() => window.__pointlens?.drawn() ?? null).catch(() => null);
        if (stats && stats.points > 0) {
          firstPicture = (Date.now() - start) / 1000;
          break;
        }
        const error = await page.evaluate(() => window.__pointlens?.state().error).catch(() => null);
        if (error) throw new Error(`the app could not open the file: ${error}`);
        await page.waitForTimeout(100);
      }
      // the first picture of a streamed file is a sample of its first points; the whole cloud follows
      const firstPoints = stats.points;
      const state = await page.waitForFunction((n) => {
        const s = window.__pointlens?.state();
        return s && s.loading === null && s.layer?.points === n && s;
      }, points, { timeout: 0, polling: 250 }).then((h) => h.jsonValue() as Promise<AppSnapshot>);
      const shown = (Date.now() - start) / 1000;
      await page.waitForTimeout(3000);
      const drawn = await page.evaluate(() => window.__pointlens?.drawn()?.points ?? 0);
      return { firstPicture, firstPoints, shown, parseMs: state.layer!.parseMs, layerBytes: state.layer!.bytes, drawn, peak: rendererPeakBytes(profile), baseline };
    });
    const peer = await withBrowser(async (page, profile) => {
      await page.goto(`${baseUrl}/?renderer=webgl`);
      await page.addScriptTag({ content: await threePlyLoaderScript() });
      const baseline = rendererPeakBytes(profile);
      const result = await page.evaluate(async (url) => {
        const start = performance.now();
        const bytes = await (await fetch(url)).arrayBuffer();
        const fetched = performance.now();
        try {
          const geometry = new (globalThis as unknown as { ThreePLYLoader: new () => { parse(b: ArrayBuffer): { attributes: { position: { count: number } } } } }).ThreePLYLoader().parse(bytes);
          return { points: geometry.attributes.position.count, parseMs: performance.now() - fetched, totalMs: performance.now() - start };
        } catch (e) {
          return { error: String(e) };
        }
      }, `${baseUrl}/${fileName}`).catch((e) => ({ error: String(e) }));
      return { ...result, peak: rendererPeakBytes(profile), baseline };
    });
    // GNU time's last line on stderr: elapsed seconds and peak resident set in kB
    const info = spawnSync('/usr/bin/time', ['-f', '%e %M', process.execPath, join(ROOT, 'bin/pointlens.mjs'), 'info', file], { encoding: 'utf8' });
    if (info.status !== 0) throw new Error(`pointlens info failed: ${info.stderr}`);
    const [infoS, infoKb] = info.stderr.trim().split('\n').pop()!.split(' ').map(Number);
    const out: Record<string, unknown> = {
      big_points: points,
      big_file_mb: Number(((points * ROW_BYTES) / 1e6).toFixed(0)),
      big_first_picture_s: Number(app.firstPicture.toFixed(1)),
      big_first_picture_points: app.firstPoints,
      big_whole_cloud_shown_s: Number(app.shown.toFixed(1)),
      big_parse_s: Number((app.parseMs / 1000).toFixed(2)),
      big_bytes_per_point: Number((app.peak / points).toFixed(1)),
      big_bytes_per_point_over_empty_app: Number(((app.peak - app.baseline) / points).toFixed(1)),
      big_layer_bytes_per_point: Number((app.layerBytes / points).toFixed(1)),
      big_drawn_points: app.drawn,
      big_octree_build_s: Number(octreeS.toFixed(1)),
      big_octree_nodes: nodes,
      big_info_s: infoS,
      big_info_rss_bytes_per_point: Number(((infoKb * 1024) / points).toFixed(1)),
    };
    if ('error' in peer) out.big_three_plyloader_error = peer.error;
    else {
      out.big_three_plyloader_parse_s = Number((peer.parseMs / 1000).toFixed(2));
      out.big_three_plyloader_bytes_per_point = Number((peer.peak / points).toFixed(1));
      out.big_parse_vs_three = Number((peer.parseMs / app.parseMs).toFixed(1));
    }
    for (const [key, value] of Object.entries(out)) console.log(`  ${key.padEnd(40)} ${value}`);
    return out;
  } finally {
    rmSync(file, { force: true });
    await server.close();
  }
}
