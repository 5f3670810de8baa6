// Bundles the Electron shell, the core host and the preload into dist/main (CommonJS, as Electron loads them).
// Dependencies stay in node_modules (packaged by electron-builder); the native module is unpacked from the asar.
import { build } from 'esbuild';
import { register } from 'tsx/esm/api';

register();
const { contract } = await import('../shared/contract/index.ts');

// Our Node modules use import.meta.url (createRequire); in a CommonJS bundle it comes from __filename.
const node = {
  bundle: true,
  platform: 'node',
  target: 'node22',
  format: 'cjs',
  sourcemap: false,
  logLevel: 'warning',
  define: { 'import.meta.url': '__caredeskImportMetaUrl' },
  banner: { js: "const __caredeskImportMetaUrl = require('node:url').pathToFileURL(__filename).href;" },
};
await build({
  ...node,
  entryPoints: ['main/shell/electron-main.ts'],
  outfile: 'dist/main/shell/electron-main.cjs',
  external: ['electron'],
  packages: 'external',
});
await build({ ...node, entryPoints: ['main/ipc/coreHost.ts'], outfile: 'dist/main/ipc/core-host.cjs', packages: 'external' });
// The sandboxed preload gets only require/process/exports/module/Buffer/global/setImmediate/clearImmediate: no
// __filename and no url.pathToFileURL, so it gets no banner, nothing that needs import.meta, and no other module than
// electron. The method names are the contract's keys, put in as a constant.
await build({
  bundle: true,
  platform: 'node',
  target: 'node22',
  format: 'cjs',
  sourcemap: false,
  logLevel: 'warning',
  entryPoints: ['main/preload/preload.ts'],
  outfile: 'dist/main/preload/preload.cjs',
  external: ['electron'],
  define: { __CAREDESK_METHODS__: JSON.stringify(Object.keys(contract)) },
});
console.log('shell bundles written to dist/main');
