'use strict';
// A @grpc/grpc-js server for go-livepeer's net.Orchestrator service, loaded from the SDK's own lp_rpc.proto, so
// that the C# OrchestratorClient is checked against a gRPC stack it did not write.
// Usage: node orchestrator_server.js <lp_rpc.proto> <gateway address hex> <request signature hex> [cert.pem key.pem]
// Prints "REPLY <hex>" (the encoded OrchestratorInfo it answers with), then "LISTENING <port>" once bound to
// 127.0.0.1; exits when stdin closes or after 120 s.
const fs = require('fs');
const grpc = require('@grpc/grpc-js');
const loader = require('@grpc/proto-loader');

const [protoPath, expectedAddress, expectedSig, certPath, keyPath] = process.argv.slice(2);
const definition = loader.loadSync(protoPath, { keepCase: true, longs: String, enums: Number, defaults: false, oneofs: true });
const Orchestrator = grpc.loadPackageDefinition(definition).net.Orchestrator;

const hex = (text) => Buffer.from(text, 'hex');
const orchestrator = hex('70997970c51812dc3a010c7d01b50e0d17dc79c8');

// Every value differs from its default, so that each field is on the wire.
const reply = {
  transcoder: 'https://127.0.0.1:8935',
  ticket_params: {
    recipient: orchestrator,
    face_value: hex('e8d4a51000'),
    win_prob: hex('55'.repeat(32)),
    recipient_rand_hash: hex('a1'.repeat(32)),
    seed: hex('018ee90ff6c373e0ee4e3f0ad2'),
    expiration_block: hex('0186a0'),
    expiration_params: { creation_round: '42', creation_round_block_hash: hex('b2'.repeat(32)) },
  },
  price_info: { pricePerUnit: '1200', pixelsPerUnit: '3' },
  address: orchestrator,
  capabilities: {
    bitstring: ['67112963'],
    mandatories: ['4096'],
    // Key 1, not 0: protobuf.js writes a zero map key inside the entry and Google.Protobuf leaves it out (both valid),
    // which would make the byte comparison fail for a reason that is not the mapping's.
    capacities: { 1: 10 },
    version: '0.9.1',
    constraints: {
      minVersion: '0.9.0',
      PerCapability: { 27: { models: { 'stabilityai/sd-turbo': { warm: true, capacity: 2, runnerVersion: '0.14.0', capacityInUse: 1 } } } },
    },
  },
  auth_token: { token: hex('c3'.repeat(32)), session_id: '0a1b2c3d', expiration: '1900000000' },
  hardware: [{
    pipeline: 'text-to-image',
    model_id: 'stabilityai/sd-turbo',
    gpu_info: { 0: { id: 'GPU-1', name: 'RTX 4090', major: 8, minor: 9, memory_free: '1073741824', memory_total: '25769803776' } },
  }],
  storage: [{ storageType: 1, s3info: { host: 'https://s3.example', key: 'key/', policy: 'p', signature: 's', credential: 'c', xAmzDate: 'd' } }],
  capabilities_prices: [{ pricePerUnit: '5', pixelsPerUnit: '1', capability: 27, constraint: 'stabilityai/sd-turbo' }],
  nodes: ['https://127.0.0.1:9001', 'https://127.0.0.1:9002'],
};

const fail = (callback, code, details) => callback({ code, details });
const bytesHex = (value) => (value ? Buffer.from(value).toString('hex') : '');

const server = new grpc.Server();
server.addService(Orchestrator.service, {
  GetOrchestrator(call, callback) {
    const request = call.request;
    const capabilities = request.capabilities || {};
    if (capabilities.version === 'capped') return fail(callback, grpc.status.UNKNOWN, 'Invalid orchestrator request: OrchestratorCapped');
    if (capabilities.version === 'denied') return fail(callback, grpc.status.PERMISSION_DENIED, 'authentication failed: nöt allowed – 100%');
    if (bytesHex(request.address) !== expectedAddress || bytesHex(request.sig) !== expectedSig) {
      return fail(callback, grpc.status.UNAUTHENTICATED, `address/sig mismatch: ${bytesHex(request.address)} ${bytesHex(request.sig)}`);
    }
    const bitstring = (capabilities.bitstring || []).join(',');
    const minVersion = (capabilities.constraints || {}).minVersion;
    if (bitstring !== '4099' || capabilities.version !== '0.9.1' || minVersion !== '0.9.0' || request.ignoreCapacityCheck !== true) {
      return fail(callback, grpc.status.INVALID_ARGUMENT, `unexpected request fields: ${JSON.stringify({ bitstring, version: capabilities.version, minVersion, ignore: request.ignoreCapacityCheck })}`);
    }
    callback(null, reply);
  },
  Ping(call, callback) {
    callback(null, { value: Buffer.concat([Buffer.from('pong:'), Buffer.from(call.request.value || [])]) });
  },
  EndTranscodingSession(call, callback) {
    const token = call.request.auth_token || {};
    if (bytesHex(token.token) !== 'c3'.repeat(32) || token.session_id !== '0a1b2c3d' || token.expiration !== '1900000000') {
      return fail(callback, grpc.status.NOT_FOUND, 'unknown session');
    }
    callback(null, {});
  },
});

console.log(`REPLY ${Orchestrator.service.GetOrchestrator.responseSerialize(reply).toString('hex')}`);
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
