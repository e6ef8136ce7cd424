'use strict';
// A @grpc/grpc-js client that runs fixed scenarios against an echo server (the C# Kestrel one) and prints one
// JSON object with what it saw. Usage: node echo_client.js <test_echo.proto> <host:port> [cert.pem]
const fs = require('fs');
const grpc = require('@grpc/grpc-js');
const loader = require('@grpc/proto-loader');

const [protoPath, target, certPath] = process.argv.slice(2);
const definition = loader.loadSync(protoPath, { defaults: true });
const Echo = grpc.loadPackageDefinition(definition).lptest.Echo;
const credentials = certPath
  ? grpc.credentials.createSsl(fs.readFileSync(certPath), null, null, { checkServerIdentity: () => undefined })
  : grpc.credentials.createInsecure();
const client = new Echo(target, credentials);

const deadline = (ms) => new Date(Date.now() + ms);

const unary = (request, timeoutMs = 10000) => new Promise((resolve) => {
  client.say(request, { deadline: deadline(timeoutMs) }, (error, response) => {
    if (error) resolve({ code: error.code, details: error.details });
    else resolve({ code: 0, text: response.text, payloadSize: response.payload.length });
  });
});

const stream = (request, timeoutMs = 10000) => new Promise((resolve) => {
  const indices = [];
  const call = client.repeat(request, { deadline: deadline(timeoutMs) });
  call.on('data', (message) => indices.push(message.index));
  call.on('error', (error) => resolve({ code: error.code, details: error.details, indices }));
  call.on('status', (status) => { if (status.code === 0) resolve({ code: 0, indices }); });
});

(async () => {
  const results = {
    unary: await unary({ text: 'from node' }),
    stream: await stream({ text: 's', count: 3 }),
    unaryError: await unary({ failCode: 5, failMessage: 'nöt found – 100%' }),
    streamError: await stream({ count: 2, failCode: 14, failMessage: 'transcoder gone' }),
    deadline: await unary({ delayMs: 5000 }, 300),
    unexpected: await unary({ text: 'throw' }),
  };
  console.log(JSON.stringify(results));
  client.close();
})().catch((error) => {
  console.error(error);
  process.exit(1);
});
setTimeout(() => process.exit(3), 60000).unref();
