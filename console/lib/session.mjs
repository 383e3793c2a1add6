// The signed-in session as the page knows it: who, which region, and the anti-forgery token
// every API call sends back (the session cookie itself is HttpOnly: the page never sees it).
import { signRequest } from './sigv4.mjs';

let current = null;
const listeners = new Set();

export function session() { return current; }
export function onSessionChange(fn) { listeners.add(fn); return () => listeners.delete(fn); }
function set(s) { current = s; listeners.forEach((fn) => fn(s)); }

// Asks berth for the session the cookie names (null when signed out).
export async function loadSession() {
  const r = await fetch('/console/api/session', { credentials: 'same-origin' });
  set(r.ok ? await r.json() : null);
  return current;
}

/** Signs in: SigV4 over POST /console/api/signin (service "signin") of a fresh server
 *  challenge, so the signed request is good once; throws on refusal. */
export async function signIn(accessKeyId, secretAccessKey, region) {
  const path = '/console/api/signin';
  const { challenge } = await (await fetch('/console/api/challenge', { credentials: 'same-origin' })).json();
  const body = JSON.stringify({ challenge });
  const headers = await signRequest({ method: 'POST', host: location.host, path, body,
    headers: { 'content-type': 'application/json' }, service: 'signin', region,
    accessKeyId, secretAccessKey });
  const r = await fetch(path, { method: 'POST', headers, body, credentials: 'same-origin' });
  const answer = await r.json().catch(() => ({}));
  if (!r.ok) throw new Error(answer.message || `Sign-in failed (HTTP ${r.status})`);
  return loadSession();
}

export async function signOut() {
  if (current) {
    await fetch('/console/api/signout', { method: 'POST', credentials: 'same-origin',
      headers: { 'x-berth-csrf': current.csrfToken } });
  }
  set(null);
}

// The API answered that the session is gone (expired, ended elsewhere).
export function sessionLost() { set(null); }
