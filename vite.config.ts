import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { accessMapOf } from './shared/contract/access';
import { contract } from './shared/contract/index';

// The renderer is built to dist/renderer and served by either shell (app:// in Electron, 127.0.0.1 in the browser shell).
// The contract's access rules go in as a constant: the renderer asks can(role, method) without carrying a second list.
export default defineConfig({
  root: 'renderer',
  base: './',
  plugins: [react()],
  define: { __CAREDESK_ACCESS__: JSON.stringify(accessMapOf(contract)) },
  build: { outDir: '../dist/renderer', emptyOutDir: true, sourcemap: false, chunkSizeWarningLimit: 2000 },
});
