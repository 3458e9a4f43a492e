// Renders a thumbnail of every bundled sample with the app itself: serves the built app (dist/),
// opens `?sample=<id>` in headless Chromium, waits until the file is drawn and saves the canvas,
// scaled down, to samples/thumbs/<id>.png (and dist/samples/thumbs/ so the build serves it too).
//
//   npm run thumbnails            # every sample
//   npm run thumbnails -- <id>... # just these
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { preview } from 'vite';
import { validateSampleIndex } from '../src/core/samples';
import { SETTINGS_KEY } from '../src/state/persistSettings';
import { canvasImage, launchApp, waitForState } from './headless/chromium';

const ROOT = resolve(import.meta.dirname, '..');
const WIDTH = 160;
const HEIGHT = 120;
/** the page size the app is drawn at before scaling down: 4:3 like the thumbnail */
const VIEWPORT = { width: 640, height: 480 };

// A thumbnail shows the file alone: no boxes or labels, no grid, no recognition run.
const VIEW = JSON.stringify({ settings: { showBoxes: false, showGrid: false, showAxes: false, autoRecognise: false } });
const HIDE_UI = '.toolbar, .panel-column, .status-line, .help-overlay, .gallery-drawer, .progress, .box-label { display: none !important; }';

async function main(): Promise<void> {
  if (!existsSync(resolve(ROOT, 'dist/index.html'))) throw new Error('dist/ is missing: run `npx vite build` first');
  const index = validateSampleIndex(JSON.parse(readFileSync(resolve(ROOT, 'samples/index.json'), 'utf8')));
  const wanted = process.argv.slice(2);
  const samples = wanted.length ? index.samples.filter((s) => wanted.includes(s.id)) : index.samples;
  const server = await preview({ root: ROOT, logLevel: 'warn', preview: { host: '127.0.0.1', port: 0, strictPort: false, open: false } });
  const baseUrl = server.resolvedUrls!.local[0].replace(/\/$/, '');
  const app = await launchApp('webgl', baseUrl);
  try {
    await app.context.addInitScript(
      ([key, view]) => {
        localStorage.setItem(key, view);
        localStorage.setItem('pointlens.visited', '1');
      },
      [SETTINGS_KEY, VIEW],
    );
    await app.context.pages()[0]?.setViewportSize(VIEWPORT);
    for (const dir of ['samples/thumbs', 'dist/samples/thumbs']) mkdirSync(resolve(ROOT, dir), { recursive: true });
    for (const sample of samples) {
      const page = await app.open({ sample: sample.id });
      await page.setViewportSize(VIEWPORT);
      const state = await waitForState(page, (s) => (s.layer !== null && s.loading === null) || s.error !== null);
      if (state.error) throw new Error(`${sample.id}: ${state.error}`);
      await page.addStyleTag({ content: HIDE_UI });
      await canvasImage(page);
      const shot = await page.locator('canvas').first().screenshot();
      const dataUrl = await page.evaluate(
        async ({ png, width, height, background }) => {
          const image = new Image();
          image.src = `data:image/png;base64,${png}`;
          await image.decode();
          const full = document.createElement('canvas');
          full.width = image.width;
          full.height = image.height;
          const fctx = full.getContext('2d')!;
          fctx.drawImage(image, 0, 0);
          // Crop to what was drawn (a long room scan leaves much empty canvas), kept at 4:3.
          const { data } = fctx.getImageData(0, 0, full.width, full.height);
          const bg = [1, 3, 5].map((i) => Number.parseInt(background.slice(i, i + 2), 16));
          let [x0, y0, x1, y1] = [full.width, full.height, -1, -1];
          for (let y = 0; y < full.height; y++) {
            for (let x = 0; x < full.width; x++) {
              const p = (y * full.width + x) * 4;
              if (Math.abs(data[p] - bg[0]) + Math.abs(data[p + 1] - bg[1]) + Math.abs(data[p + 2] - bg[2]) <= 24) continue;
              x0 = Math.min(x0, x);
              y0 = Math.min(y0, y);
              x1 = Math.max(x1, x);
              y1 = Math.max(y1, y);
            }
          }
          if (x1 < 0) [x0, y0, x1, y1] = [0, 0, full.width - 1, full.height - 1];
          const aspect = width / height;
          let w = (x1 - x0 + 1) * 1.12;
          let h = (y1 - y0 + 1) * 1.12;
          if (w / h > aspect) h = w / aspect;
          else w = h * aspect;
          w = Math.min(w, full.width);
          h = Math.min(h, full.height);
          const cx = Math.min(Math.max((x0 + x1) / 2, w / 2), full.width - w / 2);
          const cy = Math.min(Math.max((y0 + y1) / 2, h / 2), full.height - h / 2);
          const canvas = document.createElement('canvas');
          canvas.width = width;
          canvas.height = height;
          const ctx = canvas.getContext('2d')!;
          ctx.imageSmoothingQuality = 'high';
          ctx.drawImage(full, cx - w / 2, cy - h / 2, w, h, 0, 0, width, height);
          return canvas.toDataURL('image/png');
        },
        { png: shot.toString('base64'), width: WIDTH, height: HEIGHT, background: state.settings.background },
      );
      const bytes = Buffer.from(dataUrl.split(',')[1], 'base64');
      for (const dir of ['samples/thumbs', 'dist/samples/thumbs']) writeFileSync(resolve(ROOT, dir, `${sample.id}.png`), bytes);
      console.log(`${sample.id}: ${bytes.length} bytes`);
      await page.close();
    }
  } finally {
    await app.close();
    await server.close();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
