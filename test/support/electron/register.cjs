// Makes require('electron') resolve to the stand-in in this process (the built shell bundles keep it external).
'use strict';
const Module = require('node:module');
const path = require('node:path');
const standIn = path.join(__dirname, 'electron.cjs');
const resolve = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  if (request === 'electron') return standIn;
  return resolve.call(this, request, ...rest);
};
