// The complete example's sign-in page: plain JavaScript against the same-origin API, no build step.
// Passkeys use WebAuthn's JSON forms (PublicKeyCredential.parse*OptionsFromJSON and credential.toJSON()).
'use strict';

const tokenKey = 'justscale.token';
const $ = (id) => document.getElementById(id);
let pendingTicket = null;
let pendingLink = null;

function token() { return sessionStorage.getItem(tokenKey); }

async function api(method, path, body) {
  const headers = {};
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (token()) headers.Authorization = 'Bearer ' + token();
  const response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), credentials: 'same-origin' });
  const text = await response.text();
  let data = null;
  try { data = text ? JSON.parse(text) : null; } catch { data = { error: text }; }
  return { status: response.status, ok: response.ok, data };
}

function say(text, kind) {
  const status = $('status');
  status.textContent = text;
  status.className = kind || '';
}

// A sign-in answer: a token (or a cookie, token null), the second step of two-factor login, or an error.
async function finishSignIn(result) {
  if (result.ok && result.data && result.data.twoFactorRequired) {
    pendingTicket = result.data.ticket;
    $('two-factor-form').hidden = false;
    say('Enter the code from your authenticator app.');
    return;
  }
  if (!result.ok) { say((result.data && result.data.error) || ('Failed (' + result.status + ')'), 'error'); return; }
  if (result.data && result.data.token) sessionStorage.setItem(tokenKey, result.data.token);
  history.replaceState(null, '', '/');
  await showAccount();
}

async function passkeySignIn() {
  const begin = await api('POST', '/auth/passkey/options');
  if (!begin.ok) return say(begin.data.error, 'error');
  const credential = await navigator.credentials.get({ publicKey: PublicKeyCredential.parseRequestOptionsFromJSON(begin.data.options) });
  await finishSignIn(await api('POST', '/auth/passkey', { ceremonyId: begin.data.ceremonyId, credential: credential.toJSON() }));
}

async function passkeySignUp() {
  const email = $('passkey-email').value.trim();
  if (!email) return say('Enter an email for the new account.', 'error');
  const begin = await api('POST', '/auth/passkey/register/options', { email });
  if (!begin.ok) return say(begin.data.error, 'error');
  const credential = await navigator.credentials.create({ publicKey: PublicKeyCredential.parseCreationOptionsFromJSON(begin.data.options) });
  await finishSignIn(await api('POST', '/auth/passkey/register', { ceremonyId: begin.data.ceremonyId, credential: credential.toJSON() }));
}

async function passkeyAdd() {
  const begin = await api('POST', '/account/passkeys/options');
  if (!begin.ok) return say(begin.data.error, 'error');
  const credential = await navigator.credentials.create({ publicKey: PublicKeyCredential.parseCreationOptionsFromJSON(begin.data.options) });
  const added = await api('POST', '/account/passkeys', { ceremonyId: begin.data.ceremonyId, credential: credential.toJSON(), name: navigator.platform || 'Passkey' });
  say(added.ok ? 'Passkey added.' : added.data.error, added.ok ? 'ok' : 'error');
  await showAccount();
}

async function showAccount() {
  const me = await api('GET', '/account/me');
  if (!me.ok) { sessionStorage.removeItem(tokenKey); $('signed-in').hidden = true; $('signed-out').hidden = false; return; }
  $('signed-out').hidden = true;
  $('signed-in').hidden = false;
  $('me-email').textContent = me.data.email;
  $('me-details').textContent = me.data.emailVerified ? 'Email verified.' : 'Email not verified yet.';
  const [passkeys, sessions, identities] = await Promise.all([api('GET', '/account/passkeys'), api('GET', '/account/sessions'), api('GET', '/account/oauth')]);
  fill('passkeys', passkeys.ok ? passkeys.data.passkeys : [], (p) => [p.name, 'added ' + new Date(p.createdAt).toLocaleString(), p.lastUsedAt ? 'used ' + new Date(p.lastUsedAt).toLocaleString() : 'never used'],
    (p) => remove('/account/passkeys/' + encodeURIComponent(p.id)));
  fill('sessions', sessions.ok ? sessions.data.sessions : [], (s) => [s.current ? 'this device' : (s.userAgent || 'unknown device'), 'active ' + new Date(s.lastActiveAt).toLocaleString()],
    (s) => s.current ? null : remove('/account/sessions/' + s.id));
  fill('identities', identities.ok ? identities.data.identities : [], (i) => [i.provider, i.email || ''], (i) => remove('/account/oauth/' + encodeURIComponent(i.provider)));
}

function fill(id, rows, cells, onRemove) {
  const body = $(id);
  body.replaceChildren();
  for (const row of rows) {
    const tr = document.createElement('tr');
    for (const text of cells(row)) { const td = document.createElement('td'); td.textContent = text; tr.append(td); }
    const td = document.createElement('td');
    const button = document.createElement('button');
    button.type = 'button'; button.className = 'secondary'; button.textContent = 'Remove';
    button.addEventListener('click', () => onRemove(row));
    td.append(button); tr.append(td); body.append(tr);
  }
  if (rows.length === 0) { const tr = document.createElement('tr'); tr.innerHTML = '<td class="muted">None yet.</td>'; body.append(tr); }
}

async function remove(path) {
  const result = await api('DELETE', path);
  say(result.ok ? 'Removed.' : result.data.error, result.ok ? 'ok' : 'error');
  await showAccount();
}

// Landing pages: the mailed link (/magic-link?token=) and the provider's way back (/signed-in?code= or ?error=).
async function land() {
  const query = new URLSearchParams(location.search);
  if (location.pathname === '/magic-link' && query.get('token')) {
    say('Signing you in...');
    return finishSignIn(await api('POST', '/auth/magic-link/verify', { token: query.get('token') }));
  }
  if (location.pathname === '/signed-in' && query.get('error')) {
    history.replaceState(null, '', '/');
    return say('Provider sign-in failed: ' + query.get('error'), 'error');
  }
  if (location.pathname === '/signed-in' && query.get('code')) {
    const result = await api('POST', '/auth/oauth/exchange', { code: query.get('code') });
    history.replaceState(null, '', '/');
    if (result.status === 409 && result.data.code === 'link_confirmation_required') {
      pendingLink = result.data.linkToken;
      $('link-form').hidden = false;
      return say(result.data.error);
    }
    return finishSignIn(result);
  }
  await showAccount();
}

function on(id, event, handler) {
  $(id).addEventListener(event, async (e) => {
    e.preventDefault();
    try { await handler(e); } catch (error) { say(String(error), 'error'); }
  });
}

document.addEventListener('DOMContentLoaded', () => {
  on('passkey-sign-in', 'click', passkeySignIn);
  on('passkey-sign-up', 'click', passkeySignUp);
  on('passkey-add', 'click', passkeyAdd);
  on('magic-link-form', 'submit', async () => {
    const result = await api('POST', '/auth/magic-link', { email: $('magic-email').value });
    say(result.ok ? 'If an account uses this address, a sign-in link is on its way.' : result.data.error, result.ok ? 'ok' : 'error');
  });
  on('login-form', 'submit', async () => finishSignIn(await api('POST', '/auth/login', { email: $('login-email').value, password: $('login-password').value })));
  on('register', 'click', async () => finishSignIn(await api('POST', '/auth/register', { email: $('login-email').value, password: $('login-password').value })));
  on('two-factor-form', 'submit', async () => {
    const result = await api('POST', '/account/2fa/verify', { ticket: pendingTicket, code: $('two-factor-code').value });
    if (result.ok) $('two-factor-form').hidden = true;
    await finishSignIn(result);
  });
  on('link-form', 'submit', async () => {
    const result = await api('POST', '/auth/oauth/link', { linkToken: pendingLink, password: $('link-password').value });
    if (result.ok) $('link-form').hidden = true;
    await finishSignIn(result);
  });
  on('logout', 'click', async () => { await api('POST', '/auth/logout'); sessionStorage.removeItem(tokenKey); await showAccount(); });
  land().catch((error) => say(String(error), 'error'));
});
