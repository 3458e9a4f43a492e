import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';
import { cpSync, existsSync } from 'node:fs';
import { resolve } from 'node:path';

// WASM threads in onnxruntime-web need cross-origin isolation.
const isolation = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

// models/ and samples/ live at the top level (training/ writes models/); the dev server serves them
// from the project root, and the production build gets a copy so that `vite preview` serves the same.
function bundledData(): Plugin {
  return {
    name: 'pointlens-bundled-data',
    apply: 'build',
    closeBundle() {
      for (const dir of ['models', 'samples']) {
        const from = resolve(__dirname, dir);
        if (existsSync(from)) cpSync(from, resolve(__dirname, 'dist', dir), { recursive: true });
      }
    },
  };
}

export default defineConfig({
  plugins: [react(), bundledData()],
  server: { headers: isolation },
  preview: { headers: isolation },
  worker: { format: 'es' },
  // ORT's worker dies on `document is not defined` with the preload polyfill.
  build: { modulePreload: { polyfill: false }, target: 'es2022', chunkSizeWarningLimit: 4000 },
  optimizeDeps: { exclude: ['onnxruntime-web'] },
});
