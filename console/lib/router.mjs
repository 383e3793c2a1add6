// History-API routing: every page has its own URL under /console/ (deep links, back/forward).
import { html } from './html.mjs';

const listeners = new Set();
// Set by a navigation, taken by the next page heading (ui.mjs PageTitle), which then takes the
// keyboard focus, as a page load would for a screen reader.
let focusRequested = false;
export function takeFocusRequest() { const f = focusRequested; focusRequested = false; return f; }
export function onNavigate(fn) { listeners.add(fn); return () => listeners.delete(fn); }

/** Goes to a console path ("/cloudtrail/events?…"), adding to the history unless `replace`. */
export function navigate(to, { replace = false } = {}) {
  const url = '/console' + to;
  if (replace) history.replaceState(null, '', url); else history.pushState(null, '', url);
  focusRequested = true;
  listeners.forEach((fn) => fn());
  window.scrollTo(0, 0);
}
window.addEventListener('popstate', () => { focusRequested = true; listeners.forEach((fn) => fn()); });

/** The current route: path under /console (e.g. "/cloudtrail/events") and its query. */
export function currentRoute() {
  const path = location.pathname.replace(/^\/console/, '') || '/';
  return { path: path === '' ? '/' : path, query: new URLSearchParams(location.search) };
}

/** Matches "/ecr/repositories/:name" against a path; returns params or null. */
export function match(pattern, path) {
  const p = pattern.split('/'), a = path.split('/');
  if (p.length !== a.length) return null;
  const params = {};
  for (let i = 0; i < p.length; i++) {
    if (p[i].startsWith(':')) params[p[i].slice(1)] = decodeURIComponent(a[i]);
    else if (p[i] !== a[i]) return null;
  }
  return params;
}

/** An in-console link: a real <a href> (open in new tab works), navigated without reload. */
export function Link({ to, children, ...rest }) {
  const onClick = (e) => {
    if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    e.preventDefault();
    navigate(to);
  };
  return html`<a href=${'/console' + to} onClick=${onClick} ...${rest}>${children}</a>`;
}
