// Bundles the Electron shell, the core host and the preload into dist/main (CommonJS, as Electron loads them).
// Dependencies stay in node_modules (packaged by electron-builder); the native module is unpacked from the asar.
import { build } from 'esbuild';

// Our modules use import.meta.url (createRequire); in a CommonJS bundle it comes from __filename.
const common = {
  bundle: true, platform: 'node', target: 'node22', format: 'cjs', sourcemap: false, logLevel: 'warning',
  define: { 'import.meta.url': '__caredeskImportMetaUrl' },
  banner: { js: "const __caredeskImportMetaUrl = require('node:url').pathToFileURL(__filename).href;" },
};
await build({ ...common, entryPoints: ['main/shell/electron-main.ts'], outfile: 'dist/main/shell/electron-main.cjs', external: ['electron'], packages: 'external' });
await build({ ...common, entryPoints: ['main/ipc/coreHost.ts'], outfile: 'dist/main/ipc/core-host.cjs', packages: 'external' });
// A sandboxed preload cannot require files: bundle everything it uses except electron.
await build({ ...common, entryPoints: ['main/preload/preload.ts'], outfile: 'dist/main/preload/preload.cjs', external: ['electron'] });
console.log('shell bundles written to dist/main');
