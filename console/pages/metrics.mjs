// CloudWatch → Metrics: namespaces (ListMetrics) → the namespace's metrics with their
// dimensions → the chosen ones graphed with uPlot from GetMetricData, with statistic, period
// and time range controls. The namespace and the chosen metrics are in the URL.
import { html, useState, useEffect } from '../lib/html.mjs';
import { call, callAll } from '../lib/api.mjs';
import { Link, navigate } from '../lib/router.mjs';
import { ErrorBox, Loading, PageTitle } from '../lib/ui.mjs';
import { Graph } from '../lib/graph.mjs';
import { AddToDashboard } from './dashboard_add.mjs';

const STATS = ['Average', 'Sum', 'Minimum', 'Maximum', 'SampleCount'];
const PERIODS = [[60, '1 minute'], [300, '5 minutes'], [3600, '1 hour'], [86400, '1 day']];
const RANGES = [['1h', 'Last hour', 3600], ['3h', 'Last 3 hours', 10800], ['24h', 'Last 24 hours', 86400], ['7d', 'Last 7 days', 604800]];

function dims(m) {
  return (m.Dimensions || []).map((d) => `${d.Name}=${d.Value}`).join(', ');
}
// The dimension set a metric belongs to, as the AWS console groups a namespace's metrics.
function dimensionSet(m) {
  return (m.Dimensions || []).map((d) => d.Name).sort().join(', ') || 'Metrics with no dimensions';
}
const SHOWN = 200;

// The URL parameters of a widget being added (Add widget → Metrics): its dashboard and kind.
function adding(query) {
  const out = {};
  for (const k of ['dashboard', 'view']) if (query.get(k)) out[k] = query.get(k);
  return out;
}

// Says where "Add widget" (a dashboard's) leads: the chosen metrics become its new widget.
function AddingTo({ dashboard }) {
  if (!dashboard) return null;
  return html`<p class="notice" role="status">Adding a widget to dashboard <strong>${dashboard}</strong>: choose a
    namespace, tick the metrics to graph, then "Create widget".</p>`;
}

// The alarm form for one metric, with the graph's statistic and period.
function alarmLink(m, stat, period) {
  if (!m) return '/alarms/create';
  const q = new URLSearchParams({ namespace: m.Namespace, metricName: m.MetricName, stat, period: String(period) });
  for (const d of m.Dimensions || []) q.append('dim', `${d.Name}=${d.Value}`);
  return '/alarms/create?' + q;
}

function keyOf(m) {
  return m.MetricName + '|' + (m.Dimensions || []).map((d) => d.Name + '=' + d.Value).sort().join(',');
}

export default function Metrics({ query, who }) {
  const namespace = query.get('namespace');
  const chosen = query.getAll('metric');
  const stat = query.get('stat') || 'Average';
  const period = Number(query.get('period') || 60);
  const range = query.get('range') || '3h';
  const dimset = query.get('dims') || '';
  const [search, setSearch] = useState('');
  const [shown, setShown] = useState(SHOWN);
  const [metrics, setMetrics] = useState(null);
  const [series, setSeries] = useState(null);
  const [error, setError] = useState(null);

  function go(change) {
    const q = new URLSearchParams();
    const next = { namespace, metric: chosen, stat, period, range, dims: dimset, dashboard: query.get('dashboard'), view: query.get('view'), ...change };
    if (next.namespace) q.set('namespace', next.namespace);
    if (next.dims) q.set('dims', next.dims);
    for (const m of next.metric || []) q.append('metric', m);
    if (next.stat !== 'Average') q.set('stat', next.stat);
    if (Number(next.period) !== 60) q.set('period', next.period);
    if (next.range !== '3h') q.set('range', next.range);
    if (next.dashboard) q.set('dashboard', next.dashboard);  // adding a widget to this dashboard
    if (next.view) q.set('view', next.view);  // … of this kind
    navigate('/metrics' + (q.toString() ? '?' + q : ''));
  }

  useEffect(() => {
    callAll('monitoring', 'ListMetrics', namespace ? { Namespace: namespace } : {}, 'Metrics', 'NextToken', 5000)
      .then(setMetrics, setError);
  }, [namespace]);

  useEffect(() => {
    if (!metrics || chosen.length === 0) { setSeries(null); return; }
    const picked = metrics.filter((m) => chosen.includes(keyOf(m))).slice(0, 10);
    const seconds = (RANGES.find((r) => r[0] === range) || RANGES[1])[2];
    const end = Math.floor(Date.now() / 1000);
    call('monitoring', 'GetMetricData', {
      StartTime: end - seconds, EndTime: end, ScanBy: 'TimestampAscending',
      MetricDataQueries: picked.map((m, i) => ({ Id: 'm' + i, ReturnData: true, Label: m.MetricName + (dims(m) ? ` (${dims(m)})` : ''),
        MetricStat: { Metric: m, Period: period, Stat: stat } })),
    }).then((o) => {
      performance.mark('graph:response');  // for bench/console.py: response → graph drawn
      setSeries({ results: o.MetricDataResults || [], span: [end - seconds, end] });
    }, setError);
  }, [metrics, chosen.join('&'), stat, period, range]);

  if (!namespace) {
    const spaces = metrics ? [...new Set(metrics.map((m) => m.Namespace))].sort() : null;
    return html`<${PageTitle}>All metrics<//>
      <${AddingTo} dashboard=${query.get('dashboard')} />
      <${ErrorBox} error=${error} />
      ${!spaces && !error ? html`<${Loading} />` : null}
      ${spaces && html`<table class="data" aria-label="Namespaces"><thead><tr><th>Namespace</th><th>Metrics</th></tr></thead><tbody>
        ${spaces.length === 0 && html`<tr><td colspan="2">No metrics yet.</td></tr>`}
        ${spaces.map((n) => html`<tr><td><${Link} to=${'/metrics?' + new URLSearchParams({ namespace: n, ...adding(query) })}>${n}<//></td>
          <td>${metrics.filter((m) => m.Namespace === n).length}</td></tr>`)}
      </tbody></table>`}`;
  }

  const toggle = (k) => go({ metric: chosen.includes(k) ? chosen.filter((c) => c !== k) : [...chosen, k] });
  const sets = metrics ? [...new Set(metrics.map(dimensionSet))].sort() : [];
  const needle = search.trim().toLowerCase();
  const listed = metrics ? metrics
    .filter((m) => (!dimset || dimensionSet(m) === dimset) &&
      (!needle || (m.MetricName + ' ' + dims(m)).toLowerCase().includes(needle)))
    .sort((a, b) => keyOf(a).localeCompare(keyOf(b))) : [];
  return html`<${PageTitle}>${namespace}<//>
    <p><${Link} to=${'/metrics?' + new URLSearchParams(adding(query))}>All namespaces<//> / ${namespace}</p>
    <${AddingTo} dashboard=${query.get('dashboard')} />
    <div class="filters">
      <label for="stat">Statistic</label>
      <select id="stat" value=${stat} onChange=${(e) => go({ stat: e.target.value })}>${STATS.map((s) => html`<option>${s}</option>`)}</select>
      <label for="period">Period</label>
      <select id="period" value=${String(period)} onChange=${(e) => go({ period: e.target.value })}>
        ${PERIODS.map(([p, l]) => html`<option value=${String(p)}>${l}</option>`)}</select>
      <label for="mrange">Time range</label>
      <select id="mrange" value=${range} onChange=${(e) => go({ range: e.target.value })}>
        ${RANGES.map(([k, l]) => html`<option value=${k}>${l}</option>`)}</select>
    </div>
    <${ErrorBox} error=${error} />
    ${chosen.length > 0 && html`<${Graph} series=${series && series.results} span=${series && series.span}
      onDrawn=${() => performance.mark('graph:drawn')} />
      <${AddToDashboard} metrics=${metrics ? metrics.filter((m) => chosen.includes(keyOf(m))).slice(0, 10) : []}
        stat=${stat} period=${period} region=${who.region} dashboard=${query.get('dashboard') || ''}
        view=${query.get('view') || 'timeSeries'} />
      ${chosen.length === 1 && metrics && html`<p><${Link} to=${alarmLink(metrics.find((m) => keyOf(m) === chosen[0]), stat, period)}>Create alarm<//> on this metric</p>`}`}
    ${!metrics && !error ? html`<${Loading} />` : null}
    ${metrics && html`<div class="filters">
        <label for="dims">Dimensions</label>
        <select id="dims" value=${dimset} onChange=${(e) => go({ dims: e.target.value })}>
          <option value="">All (${metrics.length})</option>
          ${sets.map((d) => html`<option value=${d}>${d} (${metrics.filter((m) => dimensionSet(m) === d).length})</option>`)}
        </select>
        <label for="msearch">Search metrics</label>
        <input id="msearch" type="search" value=${search} placeholder="Metric name or dimension value"
          onInput=${(e) => { setSearch(e.target.value); setShown(SHOWN); }} />
      </div>
      <table class="data" aria-label="Metrics">
      <thead><tr><th>Graph</th><th>Metric name</th><th>Dimensions</th></tr></thead>
      <tbody>
        ${listed.length === 0 && html`<tr><td colspan="3">No metrics in ${namespace}${dimset || needle ? ' match' : ' yet'}.</td></tr>`}
        ${listed.slice(0, shown).map((m) => {
          const k = keyOf(m);
          const id = 'm-' + k.replace(/[^A-Za-z0-9]/g, '_');
          return html`<tr><td><input type="checkbox" id=${id} checked=${chosen.includes(k)} onChange=${() => toggle(k)} /></td>
            <td><label for=${id}>${m.MetricName}</label></td><td>${dims(m)}</td></tr>`;
        })}
      </tbody></table>
      ${listed.length > shown && html`<div class="pager"><span>${shown} of ${listed.length} shown</span>
        <button type="button" onClick=${() => setShown(shown + SHOWN)}>Show more</button></div>`}`}`;
}
