// The console's entry: loads the session, then renders the page the URL names. Pages are in
// pages/, one module per page, loaded on first visit (so the first load fetches only what the
// first page needs).
import { html, render, useState, useEffect } from './lib/html.mjs';
import { currentRoute, onNavigate, match, Link, navigate } from './lib/router.mjs';
import { loadSession, onSessionChange, signOut } from './lib/session.mjs';
import { Loading } from './lib/ui.mjs';

// Route pattern → module (under pages/) exporting `default` (the page component).
const ROUTES = [
  ['/', 'home.mjs'],
  ['/signin', 'signin.mjs'],
  ['/cloudtrail', 'cloudtrail_home.mjs'],
  ['/cloudtrail/events', 'cloudtrail_events.mjs'],
  ['/cloudtrail/trails', 'cloudtrail_trails.mjs'],
  ['/cloudtrail/trails/create', 'cloudtrail_create_trail.mjs'],
  ['/cloudtrail/trails/:name', 'cloudtrail_trail.mjs'],
  ['/ecr/repositories', 'ecr_repositories.mjs'],
  ['/ecr/repositories/:name', 'ecr_images.mjs'],
  ['/logs/groups', 'logs_groups.mjs'],
  ['/logs/groups/:group', 'logs_streams.mjs'],
  ['/logs/groups/:group/:stream', 'logs_events.mjs'],
  ['/logs/insights', 'logs_insights.mjs'],
  ['/metrics', 'metrics.mjs'],
  ['/dashboards', 'dashboards.mjs'],
  ['/dashboards/:name', 'dashboard.mjs'],
  ['/dashboards/:name/add', 'dashboard_widget_type.mjs'],
  ['/alarms', 'alarms.mjs'],
  ['/alarms/create', 'alarm_create.mjs'],
  ['/alarms/create-composite', 'alarm_composite.mjs'],
  ['/alarms/:name', 'alarm.mjs'],
];

// [group, its pages, the page its heading opens (the walkthrough's "go to CloudTrail")].
const NAV = [
  ['CloudTrail', [['/cloudtrail', 'Dashboard'], ['/cloudtrail/events', 'Event history'], ['/cloudtrail/trails', 'Trails']], '/cloudtrail'],
  ['ECR', [['/ecr/repositories', 'Repositories']], '/ecr/repositories'],
  ['CloudWatch', [['/logs/groups', 'Log groups'], ['/logs/insights', 'Logs Insights'], ['/metrics', 'All metrics'], ['/dashboards', 'Dashboards'], ['/alarms', 'Alarms']]],
];

function resolve(path) {
  for (const [pattern, module] of ROUTES) {
    const params = match(pattern, path.replace(/\/$/, '') || '/');
    if (params) return { module, params };
  }
  return null;
}

function Nav({ path }) {
  return html`<nav aria-label="Services">
    ${NAV.map(([group, links, home]) => html`<div class="nav-group">
      <h2>${home ? html`<${Link} to=${home}>${group}<//>` : group}</h2>
      <ul>${links.map(([to, label]) => html`<li>
        <${Link} to=${to} aria-current=${path === to || (to.split('/').length > 2 && path.startsWith(to + '/')) ? 'page' : undefined}>${label}<//>
      </li>`)}</ul>
    </div>`)}
  </nav>`;
}

function Header({ who }) {
  return html`<header class="top">
    <${Link} to="/" class="brand">berth console<//>
    ${who && html`<span class="who" title=${who.arn}>${who.userName} · ${who.accountId} · ${who.region}</span>
      <button type="button" onClick=${async () => { await signOut(); navigate('/signin'); }}>Sign out</button>`}
  </header>`;
}

function App() {
  const [route, setRoute] = useState(currentRoute());
  const [who, setWho] = useState(undefined);  // undefined: not known yet
  const [page, setPage] = useState(null);

  useEffect(() => onNavigate(() => setRoute(currentRoute())), []);
  useEffect(() => {
    const off = onSessionChange((s) => setWho(s));
    loadSession().then(setWho, () => setWho(null));
    return off;
  }, []);

  const signedOut = who === null;
  const target = signedOut && route.path !== '/signin' ? null : resolve(route.path);
  useEffect(() => {
    if (signedOut && route.path !== '/signin') {
      const back = location.pathname + location.search;
      const keep = back !== '/console/' && !back.startsWith('/console/signin');
      navigate('/signin' + (keep ? '?next=' + encodeURIComponent(back) : ''), { replace: true });
    }
  }, [signedOut, route.path]);
  useEffect(() => {
    if (!target || who === undefined) return;
    let live = true;
    import(`./pages/${target.module}`).then((m) => { if (live) setPage({ module: target.module, Page: m.default }); });
    return () => { live = false; };
  }, [target && target.module, who === undefined]);

  let body;
  if (who === undefined) body = html`<${Loading} />`;
  else if (!target) body = signedOut ? html`<${Loading} />` : html`<h1>Not found</h1><p>No console page at ${location.pathname}.</p>`;
  else if (!page || page.module !== target.module) body = html`<${Loading} />`;
  else body = html`<${page.Page} params=${target.params} query=${route.query} who=${who} key=${route.path + '?' + route.query} />`;

  return html`<${Header} who=${who} />
    <div class=${signedOut ? 'layout bare' : 'layout'}>
      ${!signedOut && who && html`<${Nav} path=${route.path} />`}
      <main id="main">${body}</main>
    </div>`;
}

const root = document.getElementById('app');
root.textContent = '';  // the loading note index.html shows until this module runs
render(html`<${App} />`, root);
