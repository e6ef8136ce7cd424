'use strict';
// A @grpc/grpc-js client that calls net.Orchestrator on the C# orchestrator and prints one JSON object with what it
// saw. The signatures are made by the test (node has no secp256k1 here); this script only speaks gRPC.
// Usage: node orchestrator_client.js <lp_rpc.proto> <host:port> <cert.pem|-> <addressHex> <sigHex> <badSigHex> <pingHex>
const fs = require('fs');
const grpc = require('@grpc/grpc-js');
const loader = require('@grpc/proto-loader');

const [protoPath, target, certPath, addressHex, sigHex, badSigHex, pingHex] = process.argv.slice(2);
const definition = loader.loadSync(protoPath, { keepCase: true, longs: String, defaults: true });
const Orchestrator = grpc.loadPackageDefinition(definition).net.Orchestrator;
const credentials = certPath !== '-'
  ? grpc.credentials.createSsl(fs.readFileSync(certPath), null, null, { checkServerIdentity: () => undefined })
  : grpc.credentials.createInsecure();
const client = new Orchestrator(target, credentials);
const options = () => ({ deadline: new Date(Date.now() + 10000) });
const hex = (buffer) => Buffer.from(buffer).toString('hex');

const call = (method, request) => new Promise((resolve) => {
  client[method](request, options(), (error, response) => {
    if (error) resolve({ error: { code: error.code, details: error.details } });
    else resolve({ response });
  });
});

(async () => {
  const address = Buffer.from(addressHex, 'hex');
  const good = await call('GetOrchestrator', { address, sig: Buffer.from(sigHex, 'hex') });
  const ping = await call('Ping', { value: Buffer.from(pingHex, 'hex') });
  const bad = await call('GetOrchestrator', { address, sig: Buffer.from(badSigHex, 'hex') });
  const info = good.response;
  console.log(JSON.stringify({
    info: info ? {
      address: hex(info.address),
      transcoder: info.transcoder,
      recipient: hex(info.ticket_params.recipient),
      faceValue: hex(info.ticket_params.face_value),
      pricePerUnit: info.price_info.pricePerUnit,
      pixelsPerUnit: info.price_info.pixelsPerUnit,
      sessionId: info.auth_token.session_id,
    } : good.error,
    ping: ping.response ? { value: hex(ping.response.value) } : ping.error,
    bad: bad.error || { unexpected: 'success' },
  }));
  client.close();
})().catch((error) => {
  console.error(error);
  process.exit(1);
});
setTimeout(() => process.exit(3), 30000).unref();
