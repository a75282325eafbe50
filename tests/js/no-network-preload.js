'use strict';
// Preloaded (`node --require`) by no-network.test.js: every way Node opens a connection, listens or resolves a
// name throws and says so on stderr, so a run that stays quiet used none of them. (Sockets as such stay: the
// process's own stdio pipes are sockets.)
const fs = require('node:fs');

function forbid(name) {
  return function forbidden() {
    fs.writeSync(2, `NETWORK ACCESS ATTEMPTED: ${name}\n`);
    throw new Error(`network access is not allowed here: ${name}`);
  };
}

const FORBIDDEN = {
  net: ['connect', 'createConnection', 'createServer'],
  tls: ['connect', 'createServer', 'createSecureContext'],
  http: ['request', 'get', 'createServer'],
  https: ['request', 'get', 'createServer'],
  http2: ['connect', 'createServer', 'createSecureServer'],
  dgram: ['createSocket'],
};
for (const [moduleName, names] of Object.entries(FORBIDDEN)) {
  const mod = require(`node:${moduleName}`);
  for (const name of names) mod[name] = forbid(`${moduleName}.${name}`);
}
const net = require('node:net');
net.Socket.prototype.connect = forbid('net.Socket.connect');
net.Server.prototype.listen = forbid('net.Server.listen');
for (const moduleName of ['dns', 'dns/promises']) {
  const dns = require(`node:${moduleName}`);
  for (const key of Object.keys(dns)) {
    if (typeof dns[key] === 'function' && !/^[A-Z]/.test(key)) dns[key] = forbid(`${moduleName}.${key}`);
  }
}
for (const key of ['fetch', 'WebSocket', 'EventSource']) {
  if (key in globalThis) globalThis[key] = forbid(key);
}
