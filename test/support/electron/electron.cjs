/**
 * A stand-in for the parts of Electron 45 the CareDesk shell uses, with Electron's documented behaviour where it
 * matters (Electron's binary cannot be downloaded on the build machines):
 * - a sandboxed preload is evaluated with exactly the parameters Electron gives it (require, process, exports,
 *   module, Buffer, global, setImmediate, clearImmediate): no __filename, and its `url` module has no pathToFileURL;
 * - utilityProcess.fork is a child process with a parent port (process.parentPort in the child); postMessage to a
 *   dead utility process is a silent no-op, as in Electron;
 * - contextBridge records what is exposed; ipcMain.handle / ipcRenderer.invoke go through a structured clone;
 * - protocol.handle and net.fetch (which rejects for a missing file, as Electron's does);
 * - BrowserWindow records its options; app emits ready, second-instance, window-all-closed, before-quit, quit.
 * The test drives it over the Node IPC channel of the process it runs in (see harness.cjs).
 */
'use strict';
const { EventEmitter } = require('node:events');
const { fork } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const vm = require('node:vm');
const { fileURLToPath } = require('node:url');

const record = { windows: [], exposed: {}, permissionRequest: null, permissionCheck: null, dialogs: [], appName: 'Electron', schemes: [] };
const handlers = new Map();
const protocols = new Map();
const clone = (v) => (v === undefined ? undefined : JSON.parse(JSON.stringify(v)));

class App extends EventEmitter {
  constructor() {
    super();
    this.isPackaged = false;
    this._ready = new Promise((resolve) =>
      setImmediate(() => {
        this.emit('ready');
        resolve();
      }),
    );
    this._quitting = false;
  }
  whenReady() {
    return this._ready;
  }
  setName(n) {
    record.appName = n;
  }
  getName() {
    return record.appName;
  }
  getPath(name) {
    const appData = process.env.STANDIN_APPDATA;
    if (name === 'appData') return appData;
    if (name === 'userData') return path.join(appData, record.appName);
    if (name === 'logs') return path.join(appData, record.appName, 'logs');
    return path.join(appData, name);
  }
  enableSandbox() {
    record.sandbox = true;
  }
  requestSingleInstanceLock() {
    return process.env.STANDIN_SECOND_INSTANCE !== '1';
  }
  quit() {
    if (this._quitting) return;
    const e = {
      defaultPrevented: false,
      preventDefault() {
        this.defaultPrevented = true;
      },
    };
    this.emit('before-quit', e);
    if (e.defaultPrevented) return;
    this._quitting = true;
    this.emit('will-quit', { preventDefault() {} });
    this.emit('quit');
    record.quit = true;
    if (process.send) process.send({ event: 'quit' });
  }
  exit(code) {
    process.exit(code ?? 0);
  }
}
const app = new App();

class WebContents extends EventEmitter {
  constructor(win) {
    super();
    this.win = win;
    this.url = '';
    this.openHandler = null;
  }
  setWindowOpenHandler(fn) {
    this.openHandler = fn;
  }
  send(channel, ...args) {
    record.sent = [...(record.sent ?? []), { channel, args: clone(args) }];
  }
}

class BrowserWindow extends EventEmitter {
  constructor(options) {
    super();
    this.options = options;
    this.webContents = new WebContents(this);
    this.destroyed = false;
    this.visible = false;
    this.focused = 0;
    record.windows.push(this);
    BrowserWindow._all.add(this);
  }
  static getAllWindows() {
    return [...BrowserWindow._all];
  }
  async loadURL(url) {
    this.webContents.url = url;
    const page = await handle(url);
    record.indexStatus = page.status;
    if (this.options.webPreferences?.preload) runPreload(this.options.webPreferences.preload, this);
    setImmediate(() => this.emit('ready-to-show'));
  }
  show() {
    this.visible = true;
  }
  focus() {
    this.focused++;
  }
  isMinimized() {
    return false;
  }
  restore() {}
  isDestroyed() {
    return this.destroyed;
  }
  close() {
    if (this.destroyed) return;
    const e = {
      defaultPrevented: false,
      preventDefault() {
        this.defaultPrevented = true;
      },
    };
    this.emit('close', e);
    if (e.defaultPrevented) return;
    this.destroyed = true;
    BrowserWindow._all.delete(this);
    this.emit('closed');
    if (BrowserWindow._all.size === 0) app.emit('window-all-closed');
  }
}
BrowserWindow._all = new Set();

async function handle(url) {
  const scheme = new URL(url).protocol.replace(/:$/, '');
  const h = protocols.get(scheme);
  if (!h) throw new Error(`no handler for ${scheme}`);
  return h(new Request(url));
}

const ipcMain = {
  handle(channel, fn) {
    if (handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
    handlers.set(channel, fn);
  },
  removeHandler(channel) {
    handlers.delete(channel);
  },
  on() {},
};

/** The renderer side, as the sandboxed preload sees it. */
function rendererElectron(win) {
  return {
    contextBridge: {
      exposeInMainWorld(key, api) {
        record.exposed[key] = api;
      },
    },
    ipcRenderer: {
      invoke(channel, ...args) {
        const fn = handlers.get(channel);
        if (!fn) return Promise.reject(new Error(`Error invoking remote method '${channel}': No handler registered`));
        const event = { sender: win.webContents, senderFrame: { url: win.webContents.url } };
        return Promise.resolve(fn(event, ...clone(args))).then(clone);
      },
      on() {},
    },
  };
}

/** Electron 45's sandboxed preload: a function of exactly these parameters, run in its own context. */
function runPreload(file, win) {
  const source = fs.readFileSync(file, 'utf8');
  const mod = { exports: {} };
  const polyfills = {
    electron: rendererElectron(win),
    events: require('node:events'),
    timers: require('node:timers'),
    // The sandbox's url module is a small polyfill: URL and URLSearchParams, no pathToFileURL / fileURLToPath.
    url: { URL, URLSearchParams },
  };
  const sandboxRequire = (name) => {
    const key = name.replace(/^node:/, '');
    if (!(key in polyfills)) throw new Error(`module not found: ${name}`);
    return polyfills[key];
  };
  const sandboxProcess = {
    platform: process.platform,
    type: 'renderer',
    versions: process.versions,
    env: {},
    argv: [],
    sandboxed: true,
    contextIsolated: true,
  };
  const context = vm.createContext({ console });
  const fn = vm.runInContext(
    `(function (require, process, exports, module, Buffer, global, setImmediate, clearImmediate) {\n${source}\n})`,
    context,
    { filename: file },
  );
  fn(sandboxRequire, sandboxProcess, mod.exports, mod, Buffer, context, setImmediate, clearImmediate);
}

const net = {
  async fetch(url) {
    if (!url.startsWith('file:')) throw new Error('net::ERR_BLOCKED_BY_CLIENT');
    const file = fileURLToPath(url);
    // Electron rejects for a missing file (net::ERR_FILE_NOT_FOUND); it does not answer 404.
    if (!fs.existsSync(file) || fs.statSync(file).isDirectory()) throw new Error('net::ERR_FILE_NOT_FOUND');
    return new Response(fs.readFileSync(file), { status: 200, headers: { 'content-type': 'application/octet-stream' } });
  },
};

const protocol = {
  registerSchemesAsPrivileged(schemes) {
    record.schemes = schemes;
  },
  handle(scheme, fn) {
    protocols.set(scheme, fn);
  },
};

const session = {
  defaultSession: {
    setPermissionRequestHandler(fn) {
      record.permissionRequest = fn;
    },
    setPermissionCheckHandler(fn) {
      record.permissionCheck = fn;
    },
  },
};

const dialog = {
  async showMessageBox(_win, opts) {
    record.dialogs.push(clone(opts ?? _win));
    return { response: 0 };
  },
  showErrorBox(title, content) {
    record.dialogs.push({ title, content });
  },
  async showOpenDialog(_win, opts) {
    record.dialogs.push({ open: clone(opts ?? _win) });
    const chosen = process.env.STANDIN_OPEN_PATH;
    return chosen ? { canceled: false, filePaths: [chosen] } : { canceled: true, filePaths: [] };
  },
  async showSaveDialog(_win, opts) {
    record.dialogs.push({ save: clone(opts) });
    const target = process.env.STANDIN_SAVE_PATH;
    return target ? { canceled: false, filePath: target } : { canceled: true };
  },
};

/** utilityProcess.fork: a Node child with process.parentPort (see parentPort.cjs). */
const utilityProcess = {
  fork(modulePath, args, options) {
    const child = fork(modulePath, args ?? [], {
      execArgv: ['--require', path.join(__dirname, 'parentPort.cjs')],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      serialization: 'advanced',
      env: options?.env ? options.env : process.env,
    });
    const up = new EventEmitter();
    up.pid = child.pid;
    record.utility = [...(record.utility ?? []), { pid: child.pid, serviceName: options?.serviceName }];
    if (process.send) process.send({ event: 'core', pid: child.pid });
    let alive = true;
    child.on('message', (m) => up.emit('message', m));
    child.on('exit', (code) => {
      alive = false;
      up.pid = undefined;
      up.emit('exit', code ?? 0);
    });
    // As in Electron: posting to a utility process that has exited does nothing and throws nothing.
    up.postMessage = (m) => {
      if (alive) child.send(m);
    };
    up.kill = () => {
      if (!alive) return false;
      return child.kill();
    };
    setImmediate(() => up.emit('spawn'));
    return up;
  },
};

module.exports = { app, BrowserWindow, ipcMain, net, protocol, session, dialog, utilityProcess, __standin: { record, handlers, handle } };
