#!/usr/bin/env node
// A small client-side helper for the identity-registry walk-through (README, "Identity registry"):
// it makes Ed25519 keys and signs the registrar's signing requests, so private keys never leave this
// machine. Uses the built libs/did (run `npm run build` first).
//
//   node services/identity-registry/scripts/did-tool.mjs keygen <key.pem> [fragment]   -> prints a DID document, writes the key (0600)
//   node services/identity-registry/scripts/did-tool.mjs did <key.pem>                  -> prints the did:dpi DID the key incepts
//   node services/identity-registry/scripts/did-tool.mjs sign <key.pem> <request.json> <answer.json> [kid]
//        -> prints the follow-up request: the same request, the answer's jobId and the signature
import { Buffer } from 'node:buffer';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const did = createRequire(import.meta.url)(join(repoRoot, 'dist/libs/did/src/index.js'));
const [command, keyFile, ...rest] = process.argv.slice(2);

function usage() {
  process.stderr.write(
    'usage: did-tool.mjs keygen <key.pem> [fragment] | did <key.pem> | sign <key.pem> <request.json> <answer.json> [kid]\n',
  );
  process.exit(2);
}

if (!keyFile) usage();
if (command === 'keygen') {
  const fragment = rest[0] ?? 'key-1';
  const { privateKey, publicKey } = did.generateEd25519KeyPair();
  await did.writePrivateKeyFile(keyFile, privateKey);
  const id = `#${fragment}`;
  const document = {
    verificationMethod: [
      { id, type: 'Multikey', publicKeyMultibase: did.ed25519MultibaseFromPublicKey(publicKey) },
    ],
    authentication: [id],
    assertionMethod: [id],
    capabilityInvocation: [id],
  };
  process.stdout.write(`${JSON.stringify(document, null, 2)}\n`);
  process.stderr.write(`key written to ${keyFile}; it incepts ${did.didDpiFromPublicKey(publicKey)}\n`);
} else if (command === 'did') {
  process.stdout.write(`${did.didDpiFromPublicKey(await did.loadPrivateKeyFile(keyFile))}\n`);
} else if (command === 'sign') {
  const [requestFile, answerFile, kid] = rest;
  if (!requestFile || !answerFile) usage();
  const request = JSON.parse(readFileSync(requestFile, 'utf8'));
  const answer = JSON.parse(readFileSync(answerFile, 'utf8'));
  const signingRequest = answer.didState?.signingRequest?.signingRequest1;
  if (answer.didState?.state !== 'action' || !signingRequest) {
    process.stderr.write(`the answer holds no signing request:\n${JSON.stringify(answer, null, 2)}\n`);
    process.exit(1);
  }
  const privateKey = await did.loadPrivateKeyFile(keyFile);
  // Signing with another authorised key than the suggested one puts that key's id in the signed header.
  const serializedPayload =
    kid && kid !== signingRequest.kid
      ? Buffer.from(did.didOperationSigningInput(signingRequest.payload, kid), 'ascii').toString('base64url')
      : signingRequest.serializedPayload;
  const signingResponse = did.signDidSigningRequest(
    { serializedPayload, kid: kid ?? signingRequest.kid, alg: 'Ed25519' },
    privateKey,
  );
  const next = {
    ...request,
    jobId: answer.jobId,
    secret: { signingResponse: { signingRequest1: signingResponse } },
  };
  process.stdout.write(`${JSON.stringify(next)}\n`);
} else usage();
