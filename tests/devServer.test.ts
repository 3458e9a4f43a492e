// `npm start` serves the app with its models, samples and onnxruntime-web's WASM files, all
// cross-origin isolated: ORT's WASM threads are workers that COEP blocks without the headers.
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type ViteDevServer } from 'vite';

let server: ViteDevServer;
let base: string;

beforeAll(async () => {
  server = await createServer({ root: resolve(import.meta.dirname, '..'), logLevel: 'silent', server: { host: '127.0.0.1', port: 0, strictPort: false } });
  await server.listen();
  base = server.resolvedUrls!.local[0];
});
afterAll(async () => {
  await server?.close();
});

describe('the dev server', () => {
  it('serves ORT files from our own origin, with the isolation headers its thread workers need', async () => {
    for (const file of ['ort-wasm-simd-threaded.jsep.mjs', 'ort-wasm-simd-threaded.jsep.wasm']) {
      const res = await fetch(new URL(`ort/${file}`, base));
      expect(res.status, file).toBe(200);
      expect(res.headers.get('cross-origin-embedder-policy')).toBe('require-corp');
      expect(res.headers.get('cross-origin-opener-policy')).toBe('same-origin');
      expect(res.headers.get('content-type')).toBe(file.endsWith('.wasm') ? 'application/wasm' : 'text/javascript');
      await res.arrayBuffer();
    }
  });

  it('serves the page isolated, and the bundled models and samples', async () => {
    const page = await fetch(base);
    expect(page.headers.get('cross-origin-embedder-policy')).toBe('require-corp');
    await page.text();
    for (const path of ['models/manifest.json', 'models/classifier.onnx', 'samples/index.json']) {
      const res = await fetch(new URL(path, base));
      expect(res.status, path).toBe(200);
      await res.arrayBuffer();
    }
  });
});
