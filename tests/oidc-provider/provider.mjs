// A real OpenID Provider for the tests (node's oidc-provider with its development login and consent forms).
//   node provider.mjs <port> <redirect_uri> <client_secret>
// Accounts: whatever is typed as the login. Its email is the login itself when it holds an '@' (else <login>@example.com);
// the provider vouches for it (email_verified) unless the login starts with "unverified".
import Provider from 'oidc-provider';

const [port, redirectUri, clientSecret] = process.argv.slice(2);
if (!port || !redirectUri || !clientSecret) {
  console.error('usage: node provider.mjs <port> <redirect_uri> <client_secret>');
  process.exit(2);
}

const issuer = `http://localhost:${port}`;
const provider = new Provider(issuer, {
  clients: [{
    client_id: 'justscale-example',
    client_secret: clientSecret,
    redirect_uris: [redirectUri],
    token_endpoint_auth_method: 'client_secret_post',
    grant_types: ['authorization_code'],
    response_types: ['code'],
  }],
  claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
  async findAccount(ctx, id) {
    const email = id.includes('@') ? id : `${id}@example.com`;
    return {
      accountId: id,
      async claims() {
        return { sub: id, email, email_verified: !id.startsWith('unverified'), name: `Test ${id.split('@')[0]}` };
      },
    };
  },
  cookies: { keys: ['justscale-test-only-cookie-key'] },
  features: { devInteractions: { enabled: true } },
});
provider.on('server_error', (ctx, error) => console.error('server_error', error));

const server = provider.listen(Number(port), () => console.log(`oidc-provider listening on ${issuer}`));
const stop = () => server.close(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
