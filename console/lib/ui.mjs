// Small shared pieces: errors (an AccessDenied names the denied action), loading, tables.
import { html, useEffect, useRef, useState } from './html.mjs';
import { takeFocusRequest } from './router.mjs';

export function ErrorBox({ error }) {
  if (!error) return null;
  const action = error.deniedAction;
  return html`<div class="error" role="alert">
    ${action ? html`<strong>Access denied: ${action}</strong>` : html`<strong>${error.code || 'Error'}</strong>`}
    <p>${error.message}</p>
  </div>`;
}

export function Loading({ what = 'Loading' }) {
  return html`<p class="loading" role="status">${what}…</p>`;
}

// The page's heading and document title; after a navigation it takes the focus.
export function PageTitle({ children }) {
  const ref = useRef(null);
  document.title = `${typeof children === 'string' ? children : 'berth'} · berth console`;
  useEffect(() => { if (ref.current && takeFocusRequest()) ref.current.focus(); }, []);
  return html`<h1 tabindex="-1" ref=${ref}>${children}</h1>`;
}

// PutDashboard's refusal lists what is wrong where: each message with its DataPath in the body.
export function ValidationMessages({ error }) {
  const list = error && error.body && error.body.dashboardValidationMessages;
  if (!list || !list.length) return null;
  return html`<table class="data" aria-label="Validation errors"><thead><tr><th>DataPath</th><th>Message</th></tr></thead><tbody>
    ${list.map((m) => html`<tr><td><code>${m.dataPath || m.DataPath}</code></td><td>${m.message || m.Message}</td></tr>`)}
  </tbody></table>`;
}

// Notes a page hands to the page it navigates to (e.g. what Create trail could not do), shown
// once there by <Flash />.
let flashed = [];
export function flash(notes) { flashed = notes || []; }
export function Flash() {
  const [notes] = useState(() => { const n = flashed; flashed = []; return n; });
  if (!notes.length) return null;
  return html`<div class="notice" role="status">${notes.map((n) => html`<p>${n}</p>`)}</div>`;
}
