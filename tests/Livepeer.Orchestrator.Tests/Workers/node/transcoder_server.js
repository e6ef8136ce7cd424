'use strict';
// A @grpc/grpc-js orchestrator stand-in for net.Transcoder/RegisterTranscoder, so our worker can be checked against
// a gRPC stack we did not write. Usage: node transcoder_server.js <lp_rpc.proto> <accept|reject> [segment-url]
// Prints "LISTENING <port>" once bound, then one "REGISTERED <json>" line per registration.
// accept: sends one NotifySegment pointing at segment-url and keeps the stream open.
// reject: fails the call with status UNKNOWN and message "invalid secret", as go-livepeer does.
// Exits when stdin closes or after 120 s.
const grpc = require('@grpc/grpc-js');
const loader = require('@grpc/proto-loader');

const [protoPath, mode, segmentUrl] = process.argv.slice(2);
const definition = loader.loadSync(protoPath, { keepCase: true, longs: String, bytes: Buffer, defaults: true });
const net = grpc.loadPackageDefinition(definition).net;

const server = new grpc.Server();
server.addService(net.Transcoder.service, {
  RegisterTranscoder(call) {
    const request = call.request;
    console.log('REGISTERED ' + JSON.stringify({
      secret: request.secret,
      capacity: request.capacity,
      bitstring: request.capabilities ? request.capabilities.bitstring : null,
    }));
    if (mode === 'reject') {
      call.emit('error', { code: grpc.status.UNKNOWN, details: 'invalid secret' });
      return;
    }
    call.write({
      url: segmentUrl,
      taskId: '7',
      orchId: 'node-orchestrator',
      profiles: Buffer.from('invalid'),
      segData: {
        manifestId: Buffer.from('node-manifest'),
        seq: '5',
        hash: Buffer.alloc(32),
        profiles: Buffer.from('invalid'),
        duration: 2000,
        auth_token: { session_id: 'node-session' },
        fullProfiles3: [{ name: 'P144p30fps16x9', width: 256, height: 144, bitrate: 400000, fps: 30, fpsDen: 1 }],
      },
    });
    call.on('cancelled', () => {});
  },
});

server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (error, port) => {
  if (error) {
    console.error(error);
    process.exit(1);
  }
  console.log(`LISTENING ${port}`);
});

process.stdin.on('end', () => process.exit(0));
process.stdin.resume();
setTimeout(() => process.exit(3), 120000);
