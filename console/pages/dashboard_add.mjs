// "Add to dashboard" on the Metrics page: the graphed metrics become a metric widget (a Line or a
// Number) appended to a dashboard's body (GetDashboard, or a new body if there is none; then
// PutDashboard), placed below the widgets already there.
import { html, useState } from '../lib/html.mjs';
import { call } from '../lib/api.mjs';
import { navigate } from '../lib/router.mjs';
import { ErrorBox, ValidationMessages } from '../lib/ui.mjs';

// The widget's `metrics` rows: [Namespace, MetricName, DimName, DimValue, ...], with "." for a
// value equal to the previous row's (the syntax the AWS console writes).
function rows(metrics) {
  let previous = [];
  return metrics.map((m) => {
    const full = [m.Namespace, m.MetricName, ...(m.Dimensions || []).flatMap((d) => [d.Name, d.Value])];
    const row = full.map((v, k) => (k < 2 && previous[k] === v ? '.' : v));
    previous = full;
    return row;
  });
}

/** Appends `widget` (without x/y) below a dashboard's widgets: GetDashboard (a new body if there
 *  is none), then PutDashboard. */
export async function appendWidget(name, widget) {
  let body = { widgets: [] };
  try {
    body = JSON.parse((await call('monitoring', 'GetDashboard', { DashboardName: name })).DashboardBody);
  } catch (err) { if (!/NotFound/.test(err.code)) throw err; }
  body.widgets = body.widgets || [];
  const y = body.widgets.reduce((bottom, w) => Math.max(bottom, (w.y || 0) + (w.height || 6)), 0);
  body.widgets.push({ type: widget.type, x: 0, y, ...widget });
  await call('monitoring', 'PutDashboard', { DashboardName: name, DashboardBody: JSON.stringify(body) });
}

// `view`: the widget's kind, timeSeries (Line) or singleValue (Number).
export function AddToDashboard({ metrics, stat, period, region, dashboard, view = 'timeSeries' }) {
  const [name, setName] = useState(dashboard);
  const [title, setTitle] = useState('');
  const [error, setError] = useState(null);
  if (!metrics.length) return null;

  async function add(e) {
    e.preventDefault();
    setError(null);
    try {
      const properties = { metrics: rows(metrics), view, stat, period: Number(period), region };
      if (title) properties.title = title;
      await appendWidget(name, { type: 'metric', width: view === 'singleValue' ? 6 : 12, height: view === 'singleValue' ? 3 : 6, properties });
      navigate('/dashboards/' + encodeURIComponent(name));
    } catch (err) { setError(err); }
  }

  return html`<form class="filters" onSubmit=${add} aria-label="Add to dashboard">
      <label>Dashboard name<input value=${name} required onInput=${(e) => setName(e.target.value)} /></label>
      <label>Widget title<input value=${title} placeholder="(optional)" onInput=${(e) => setTitle(e.target.value)} /></label>
      <button type="submit">Create widget</button>
    </form>
    <${ErrorBox} error=${error} />
    <${ValidationMessages} error=${error} />`;
}
