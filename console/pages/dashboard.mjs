// One dashboard (/dashboards/NAME): every widget of its stored body (GetDashboard) on the
// dashboard's 24-column grid — metric widgets as graphs from GetMetricData, text widgets as
// Markdown, alarm widgets with their state (DescribeAlarms) — and an editor: move/resize widgets
// or edit the body's JSON, saved with PutDashboard (whose validation messages are shown with
// their DataPath). "Download PNG" is the server's rendering (GetMetricWidgetImage). A time range
// picker (relative or absolute, in the URL) overrides every widget's own range; "Refresh"
// queries again; "Delete" is DeleteDashboards.
import { html, useState, useEffect, useMemo } from '../lib/html.mjs';
import { call } from '../lib/api.mjs';
import { Link, navigate } from '../lib/router.mjs';
import { TimeRangePicker, rangeOf } from '../lib/time_range.mjs';
import { ErrorBox, Loading, PageTitle, ValidationMessages } from '../lib/ui.mjs';
import { Graph } from '../lib/graph.mjs';
import { download } from '../lib/format.mjs';
import { widgetQueries, spanSeconds, markdown } from '../lib/dashboard_body.mjs';

const ROW_PX = 50;  // a grid row's height, as the AWS console draws them

function place(w) {
  const x = w.x || 0, y = w.y || 0;
  return { gridColumn: `${x + 1} / span ${w.width || 6}`, gridRow: `${y + 1} / span ${w.height || 6}` };
}

// A widget's title, else (as AWS's console shows an untitled metric widget) its metrics' names.
function widgetTitle(w, index) {
  const p = w.properties || {};
  if (p.title) return p.title;
  const names = [...new Set(w.type === 'metric' ? widgetQueries(p).filter((q) => q.MetricStat).map((q) => q.MetricStat.Metric.MetricName) : [])];
  return names.length ? names.slice(0, 3).join(', ') : `Widget ${index + 1}`;
}

function MetricWidget({ w, index, range, tick }) {
  const p = w.properties || {};
  const [series, setSeries] = useState(null);
  const [error, setError] = useState(null);
  const title = widgetTitle(w, index);
  useEffect(() => {
    const end = range ? range.end : Math.floor(Date.now() / 1000);
    const start = range ? range.start : end - spanSeconds(p.start);
    call('monitoring', 'GetMetricData', { StartTime: start, EndTime: end, ScanBy: 'TimestampAscending',
      MetricDataQueries: widgetQueries(p) })
      .then((o) => {
        performance.mark('widget:response');  // bench/console.py: all responses → all drawn
        setSeries({ results: o.MetricDataResults || [], span: [start, end] });
      }, setError);
  }, [JSON.stringify(p), range && range.start, range && range.end, tick]);

  async function png() {
    try {
      const o = await call('monitoring', 'GetMetricWidgetImage', { OutputFormat: 'png',
        MetricWidget: JSON.stringify({ ...p, width: 600, height: 400,
        ...(range ? { start: new Date(range.start * 1000).toISOString(), end: new Date(range.end * 1000).toISOString() } : {}) }) });
      const bytes = Uint8Array.from(atob(o.MetricWidgetImage), (c) => c.charCodeAt(0));
      download(title.replace(/[^\w.-]+/g, '_') + '.png', 'image/png', bytes);
    } catch (err) { setError(err); }
  }

  if (p.view === 'singleValue') {
    return html`<h2>${title}</h2>
      <${ErrorBox} error=${error} />
      <${Numbers} results=${series && series.results} label=${title} />`;
  }
  return html`<h2>${title}</h2>
    <${ErrorBox} error=${error} />
    <${Graph} series=${series && series.results} span=${series && series.span} label=${title}
      height=${Math.max((w.height || 6) * ROW_PX - 110, 120)} onDrawn=${() => performance.mark('widget:drawn')} />
    <button type="button" onClick=${png} aria-label=${'Download PNG: ' + title}>Download PNG</button>`;
}

// A Number widget: each metric's latest value in the range (GetMetricData answers oldest first).
function Numbers({ results, label }) {
  if (!results) return null;
  const fmt = (v) => (Math.abs(v) >= 1000 ? Math.round(v).toLocaleString('en-US') : String(+v.toPrecision(4)));
  return html`<dl class="numbers" aria-label=${label}>${results.map((r) => html`<div>
    <dt>${r.Label}</dt><dd>${r.Values.length ? fmt(r.Values[r.Values.length - 1]) : '—'}</dd></div>`)}</dl>`;
}

function AlarmWidget({ w, tick }) {
  const p = w.properties || {};
  const [alarms, setAlarms] = useState(null);
  const [error, setError] = useState(null);
  useEffect(() => {
    const names = (p.alarms || []).map((arn) => String(arn).split(':alarm:').pop());
    if (!names.length) { setAlarms([]); return; }
    call('monitoring', 'DescribeAlarms', { AlarmNames: names, AlarmTypes: ['MetricAlarm', 'CompositeAlarm'] })
      .then((o) => setAlarms([...(o.MetricAlarms || []), ...(o.CompositeAlarms || [])]), setError);
  }, [JSON.stringify(p.alarms), tick]);
  return html`<h2>${p.title || 'Alarms'}</h2>
    <${ErrorBox} error=${error} />
    ${alarms && html`<table class="data" aria-label=${p.title || 'Alarms'}><thead><tr><th>Alarm</th><th>State</th></tr></thead><tbody>
      ${alarms.map((a) => html`<tr><td>${a.AlarmName}</td><td class=${'state ' + a.StateValue}>${a.StateValue}</td></tr>`)}
    </tbody></table>`}`;
}

function Widget({ w, index, range, tick }) {
  if (w.type === 'metric') return html`<${MetricWidget} w=${w} index=${index} range=${range} tick=${tick} />`;
  if (w.type === 'text') return html`<div class="markdown">${markdown((w.properties || {}).markdown)}</div>`;
  if (w.type === 'alarm') return html`<${AlarmWidget} w=${w} tick=${tick} />`;
  return html`<p class="help">A ${w.type} widget (not drawn by this console).</p>`;
}

// Move/resize controls of one widget in edit mode: each changes x, y, width or height by one;
// "Remove" takes the widget out of the body (saved with the rest).
function Layout({ w, index, change, remove }) {
  const label = widgetTitle(w, index);
  const b = (text, key, d, min, max) => html`<button type="button" aria-label=${`${text}: ${label}`}
    onClick=${() => change(index, key, Math.min(max, Math.max(min, (w[key] || (key === 'width' || key === 'height' ? 6 : 0)) + d)))}>${text}</button>`;
  return html`<div class="toolbar">
    ${b('Left', 'x', -1, 0, 23)}${b('Right', 'x', 1, 0, 24 - (w.width || 6))}${b('Up', 'y', -1, 0, 1000)}${b('Down', 'y', 1, 0, 1000)}
    ${b('Narrower', 'width', -1, 1, 24)}${b('Wider', 'width', 1, 1, 24 - (w.x || 0))}${b('Shorter', 'height', -1, 1, 1000)}${b('Taller', 'height', 1, 1, 1000)}
    <button type="button" class="danger" aria-label=${'Remove: ' + label} onClick=${() => remove(index)}>Remove</button>
  </div>`;
}

export default function Dashboard({ params, query }) {
  const name = params.name;
  const [tick, setTick] = useState(0);  // Refresh: every widget queries again
  // Recomputed on refresh, so that a relative range ends now.
  const range = useMemo(() => rangeOf(query), [query.toString(), tick]);
  const [body, setBody] = useState(null);
  const [error, setError] = useState(null);
  const [editing, setEditing] = useState(false);
  const [text, setText] = useState('');
  const [saved, setSaved] = useState(false);

  useEffect(() => {
    call('monitoring', 'GetDashboard', { DashboardName: name })
      .then((o) => { setBody(JSON.parse(o.DashboardBody)); setText(o.DashboardBody); }, setError);
  }, [name]);

  async function save(next) {
    setError(null);
    setSaved(false);
    try {
      await call('monitoring', 'PutDashboard', { DashboardName: name, DashboardBody: next });
      setBody(JSON.parse(next));
      setText(next);
      setSaved(true);
    } catch (err) { setError(err); }
  }
  function change(index, key, value) {
    const widgets = body.widgets.map((w, i) => (i === index ? { ...w, [key]: value } : w));
    setBody({ ...body, widgets });
    setSaved(false);
  }

  function removeWidget(index) {
    setBody({ ...body, widgets: body.widgets.filter((_, i) => i !== index) });
    setSaved(false);
  }
  async function remove() {
    if (!confirm(`Delete dashboard ${name}?`)) return;
    setError(null);
    try {
      await call('monitoring', 'DeleteDashboards', { DashboardNames: [name] });
      navigate('/dashboards');
    } catch (err) { setError(err); }
  }
  const path = '/dashboards/' + encodeURIComponent(name);
  const go = (range) => navigate(path + '?' + new URLSearchParams(range));

  const widgets = body ? body.widgets || [] : [];
  return html`<${PageTitle}>${name}<//>
    <p><${Link} to="/dashboards">Dashboards<//> / ${name}</p>
    <div class="toolbar">
      <${Link} class="button" to=${path + '/add'}>Add widget<//>
      <button type="button" aria-pressed=${editing} onClick=${() => setEditing(!editing)}>${editing ? 'Done editing' : 'Edit'}</button>
      ${editing && html`<button type="button" onClick=${() => save(JSON.stringify(body))}>Save dashboard</button>`}
      ${saved && html`<span role="status">Saved.</span>`}
      <button type="button" class="danger" onClick=${remove}>Delete</button>
    </div>
    <div class="toolbar">
      <${TimeRangePicker} query=${query} go=${go} />
      <button type="button" onClick=${() => setTick(tick + 1)}>Refresh</button>
      ${query.toString() && html`<${Link} to=${path}>Widgets' own ranges<//>`}
    </div>
    <${ErrorBox} error=${error} />
    <${ValidationMessages} error=${error} />
    ${!body && !error ? html`<${Loading} />` : null}
    ${body && widgets.length === 0 && html`<p>This dashboard has no widgets yet: <${Link} to=${path + '/add'}>add one<//>.</p>`}
    <div class="dashboard-grid">
      ${widgets.map((w, i) => html`<section class="widget" style=${place(w)} aria-label=${widgetTitle(w, i)}>
        ${editing && html`<${Layout} w=${w} index=${i} change=${change} remove=${removeWidget} />`}
        <${Widget} w=${w} index=${i} range=${range} tick=${tick} />
      </section>`)}
    </div>
    ${editing && html`<form class="form wide" onSubmit=${(e) => { e.preventDefault(); save(text); }}>
      <label for="dbody">Dashboard body (JSON)</label>
      <textarea id="dbody" rows="14" value=${text} onInput=${(e) => setText(e.target.value)}></textarea>
      <button type="submit">Save body</button>
    </form>`}`;
}
