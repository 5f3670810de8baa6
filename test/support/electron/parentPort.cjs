// Gives a forked child what an Electron utility process has: process.parentPort, whose 'message' events carry
// { data } and whose postMessage sends to the parent.
'use strict';
const { EventEmitter } = require('node:events');
const port = new EventEmitter();
port.postMessage = (m) => process.send?.(m);
process.on('message', (m) => port.emit('message', { data: m }));
process.parentPort = port;
