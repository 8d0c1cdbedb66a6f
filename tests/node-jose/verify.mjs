// Verifies a JustScale access token against a JWKS URL with jose, as another service would.
// Usage: node verify.mjs <jwks-url> <token> <issuer> <audience>
// Prints one JSON line: {"ok":true,"alg":...,"kid":...,"payload":{...}} or {"ok":false,"error":...}; exit code 0 or 1.
import { createRemoteJWKSet, jwtVerify } from 'jose';

const [jwksUrl, token, issuer, audience] = process.argv.slice(2);
try {
  const jwks = createRemoteJWKSet(new URL(jwksUrl), { timeoutDuration: 30000 }); // a loaded CI machine can be slow to answer
  const { payload, protectedHeader } = await jwtVerify(token, jwks, { issuer, audience, algorithms: ['ES256', 'RS256', 'PS256', 'EdDSA'] });
  console.log(JSON.stringify({ ok: true, alg: protectedHeader.alg, kid: protectedHeader.kid, payload }));
} catch (error) {
  console.log(JSON.stringify({ ok: false, error: String(error && error.code || error) }));
  process.exitCode = 1;
}
