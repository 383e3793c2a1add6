// Small shared pieces: errors (an AccessDenied names the denied action), loading, tables.
import { html } from './html.mjs';

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

export function PageTitle({ children }) {
  document.title = `${typeof children === 'string' ? children : 'berth'} · berth console`;
  return html`<h1 tabindex="-1">${children}</h1>`;
}
