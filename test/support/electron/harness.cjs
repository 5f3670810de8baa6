// Runs a built Electron main bundle against the stand-in and lets a test drive it over Node IPC:
//   node --require register.cjs harness.cjs dist/main/shell/electron-main.cjs [--data DIR]
'use strict';
const electron = require('electron');
const { record, handle } = electron.__standin;

const [mainFile, ...rest] = process.argv.slice(2);
process.argv = [process.argv[0], mainFile, ...rest];
require(require('node:path').resolve(mainFile));

const reply = (id, body) => process.send({ id, ...body });
process.on('message', async (cmd) => {
  try {
    switch (cmd.op) {
      case 'state': {
        const w = record.windows[0];
        reply(cmd.id, {
          ok: true,
          appName: record.appName,
          sandbox: !!record.sandbox,
          schemes: record.schemes,
          windows: record.windows.map((x) => ({
            options: JSON.parse(JSON.stringify(x.options)),
            visible: x.visible,
            url: x.webContents.url,
            focused: x.focused,
            destroyed: x.destroyed,
          })),
          exposedKeys: Object.keys(record.exposed),
          methods: Object.keys(record.exposed.caredesk ?? {}),
          frozen: record.exposed.caredesk ? Object.isFrozen(record.exposed.caredesk) : false,
          permissionRequest: record.permissionRequest ? await new Promise((r) => record.permissionRequest(null, 'media', r)) : null,
          permissionCheck: record.permissionCheck ? record.permissionCheck(null, 'media', 'caredesk://app') : null,
          windowOpen: w?.webContents.openHandler ? w.webContents.openHandler({ url: 'https://example.com' }) : null,
          indexStatus: record.indexStatus,
          dialogs: record.dialogs,
          quit: !!record.quit,
        });
        break;
      }
      case 'call': {
        const fn = record.exposed.caredesk?.[cmd.method];
        if (!fn) return reply(cmd.id, { ok: false, missing: true });
        reply(cmd.id, { ok: true, envelope: await fn(cmd.input, cmd.session) });
        break;
      }
      case 'fetch': {
        const r = await handle(cmd.url);
        reply(cmd.id, {
          ok: true,
          status: r.status,
          csp: r.headers.get('content-security-policy'),
          length: (await r.arrayBuffer()).byteLength,
        });
        break;
      }
      case 'secondInstance': {
        electron.app.emit('second-instance', {}, ['CareDesk', '--data', 'x'], process.cwd());
        reply(cmd.id, { ok: true });
        break;
      }
      case 'close': {
        record.windows[0].close();
        reply(cmd.id, { ok: true });
        break;
      }
      default:
        reply(cmd.id, { ok: false, error: `unknown op ${cmd.op}` });
    }
  } catch (e) {
    reply(cmd.id, { ok: false, error: e instanceof Error ? e.message : String(e) });
  }
});
process.send({ event: 'loaded' });
