'use strict';
// A @grpc/grpc-js server for the echo test service, so the C# client can be checked against the reference
// JavaScript implementation. Usage: node echo_server.js <test_echo.proto> [cert.pem key.pem]
// Prints "LISTENING <port>" once bound to 127.0.0.1; exits when stdin closes or after 120 s.
const fs = require('fs');
const grpc = require('@grpc/grpc-js');
const loader = require('@grpc/proto-loader');

const [protoPath, certPath, keyPath] = process.argv.slice(2);
const definition = loader.loadSync(protoPath, { defaults: true });
const Echo = grpc.loadPackageDefinition(definition).lptest.Echo;

const reply = (request, index) => ({ text: request.text, index, payload: Buffer.alloc(request.payloadSize, 0xab) });
const failure = (request) => ({ code: request.failCode, details: request.failMessage });

const server = new grpc.Server();
server.addService(Echo.service, {
  say(call, callback) {
    const request = call.request;
    setTimeout(() => {
      if (request.failCode) callback(failure(request));
      else callback(null, reply(request, 0));
    }, request.delayMs);
  },
  repeat(call) {
    const request = call.request;
    let index = 0;
    const next = () => {
      if (call.cancelled) return;
      if (index < request.count) {
        call.write(reply(request, index++));
        setTimeout(next, request.delayMs);
      } else if (request.failCode) {
        call.emit('error', failure(request));
      } else {
        call.end();
      }
    };
    setTimeout(next, request.delayMs);
  },
});

const credentials = certPath
  ? grpc.ServerCredentials.createSsl(null, [{ cert_chain: fs.readFileSync(certPath), private_key: fs.readFileSync(keyPath) }], false)
  : grpc.ServerCredentials.createInsecure();
server.bindAsync('127.0.0.1:0', credentials, (error, port) => {
  if (error) {
    console.error(error);
    process.exit(1);
  }
  console.log(`LISTENING ${port}`);
});

process.stdin.on('end', () => process.exit(0));
process.stdin.resume();
setTimeout(() => process.exit(3), 120000);
