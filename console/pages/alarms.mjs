// CloudWatch → Alarms: metric and composite alarms with their state (DescribeAlarms, page by
// page), filtered by state. The selected ones are deleted with DeleteAlarms. A metric alarm
// is created from a metric (Metrics page → "Create alarm"), a composite one from its rule.
import { html, useState, useEffect } from '../lib/html.mjs';
import { call } from '../lib/api.mjs';
import { Link, navigate } from '../lib/router.mjs';
import { ErrorBox, Loading, PageTitle } from '../lib/ui.mjs';
import { time } from '../lib/format.mjs';

const STATES = ['', 'ALARM', 'OK', 'INSUFFICIENT_DATA'];

export default function Alarms({ query }) {
  const state = query.get('state') || '';
  const [pages, setPages] = useState(null);
  const [error, setError] = useState(null);
  const [selected, setSelected] = useState([]);

  function more(token) {
    const input = { AlarmTypes: ['MetricAlarm', 'CompositeAlarm'], MaxRecords: 100 };
    if (state) input.StateValue = state;
    if (token) input.NextToken = token;
    call('monitoring', 'DescribeAlarms', input).then((o) => setPages((p) => [...(p || []), o]), setError);
  }
  useEffect(() => { setPages(null); more(); }, [state]);

  async function remove() {
    if (!confirm(`Delete ${selected.length === 1 ? 'alarm ' + selected[0] : selected.length + ' alarms'}?`)) return;
    setError(null);
    try {
      await call('monitoring', 'DeleteAlarms', { AlarmNames: selected });
      setSelected([]);
      setPages(null);
      more();
    } catch (err) { setError(err); }
  }
  const toggle = (n) => (e) => setSelected(e.target.checked ? [...selected, n] : selected.filter((x) => x !== n));

  const rows = pages ? pages.flatMap((p) => [
    ...(p.MetricAlarms || []).map((a) => ({ ...a, type: 'Metric' })),
    ...(p.CompositeAlarms || []).map((a) => ({ ...a, type: 'Composite' }))]) : null;
  const token = pages && pages.length ? pages[pages.length - 1].NextToken : null;
  return html`<${PageTitle}>Alarms<//>
    <div class="filters">
      <label for="astate">State</label>
      <select id="astate" value=${state} onChange=${(e) => navigate('/alarms' + (e.target.value ? '?state=' + e.target.value : ''))}>
        ${STATES.map((s) => html`<option value=${s}>${s || 'All'}</option>`)}</select>
      <p class="help">Create an alarm from a metric: <${Link} to="/metrics">All metrics<//>, graph one metric, then "Create alarm".</p>
    </div>
    <div class="toolbar">
      <${Link} class="button" to="/alarms/create">Create alarm<//>
      <${Link} class="button" to="/alarms/create-composite">Create composite alarm<//>
      <button type="button" class="danger" disabled=${!selected.length} onClick=${remove}>Delete</button>
    </div>
    <${ErrorBox} error=${error} />
    ${!rows && !error ? html`<${Loading} />` : null}
    ${rows && html`<table class="data" aria-label="Alarms"><thead><tr><th><span class="visually-hidden">Select</span></th><th>Name</th><th>Type</th><th>State</th><th>Last state update</th><th>Conditions</th></tr></thead><tbody>
      ${rows.length === 0 && html`<tr><td colspan="6">No alarms${state ? ' in ' + state : ''}.</td></tr>`}
      ${rows.map((a) => html`<tr><td><input type="checkbox" aria-label=${'Select ' + a.AlarmName}
          checked=${selected.includes(a.AlarmName)} onChange=${toggle(a.AlarmName)} /></td><td><${Link} to=${'/alarms/' + encodeURIComponent(a.AlarmName)}>${a.AlarmName}<//></td>
        <td>${a.type}</td><td class=${'state ' + a.StateValue}>${a.StateValue}</td><td>${time(a.StateUpdatedTimestamp)}</td>
        <td>${a.type === 'Metric' ? `${a.MetricName || 'math'} ${a.ComparisonOperator} ${a.Threshold} for ${a.DatapointsToAlarm || a.EvaluationPeriods} of ${a.EvaluationPeriods}` : a.AlarmRule}</td></tr>`)}
    </tbody></table>
    ${token && html`<div class="pager"><button type="button" onClick=${() => more(token)}>Load more</button></div>`}`}`;
}
