import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';
import { cpSync, createReadStream, existsSync, mkdirSync, readdirSync } from 'node:fs';
import { resolve } from 'node:path';

// WASM threads in onnxruntime-web need cross-origin isolation.
const isolation = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

// onnxruntime-web fetches its .wasm (and .mjs glue) at run time; we serve them from our own origin
// under /ort/ instead of a CDN (no network is assumed).
const ortDist = resolve(import.meta.dirname, 'node_modules/onnxruntime-web/dist');
const ortFiles = readdirSync(ortDist).filter((f) => /^ort-wasm-simd-threaded.*\.(wasm|mjs)$/.test(f));

// models/ and samples/ live at the top level (training/ writes models/); the dev server serves them
// from the project root, and the production build gets a copy so that `vite preview` serves the same.
function bundledData(): Plugin[] {
  return [{
    name: 'pointlens-serve-ort',
    apply: 'serve',
    configureServer(server) {
      server.middlewares.use('/ort/', (req, res, next) => {
        const name = (req.url ?? '').replace(/^\//, '').split('?')[0];
        if (!ortFiles.includes(name)) return next();
        res.setHeader('Content-Type', name.endsWith('.wasm') ? 'application/wasm' : 'text/javascript');
        // ORT starts its WASM threads as workers from the .mjs: under COEP they need the headers too
        for (const [key, value] of Object.entries(isolation)) res.setHeader(key, value);
        createReadStream(resolve(ortDist, name)).pipe(res);
      });
    },
  }, {
    name: 'pointlens-copy-data',
    apply: 'build',
    closeBundle() {
      for (const dir of ['models', 'samples']) {
        const from = resolve(import.meta.dirname, dir);
        if (existsSync(from)) cpSync(from, resolve(import.meta.dirname, 'dist', dir), { recursive: true });
      }
      mkdirSync(resolve(import.meta.dirname, 'dist/ort'), { recursive: true });
      for (const f of ortFiles) cpSync(resolve(ortDist, f), resolve(import.meta.dirname, 'dist/ort', f));
    },
  }];
}

export default defineConfig({
  plugins: [react(), ...bundledData()],
  server: { headers: isolation },
  preview: { headers: isolation },
  worker: { format: 'es' },
  // ORT's worker dies on `document is not defined` with the preload polyfill.
  build: { modulePreload: { polyfill: false }, target: 'es2022', chunkSizeWarningLimit: 4000 },
  optimizeDeps: { exclude: ['onnxruntime-web'] },
});
