// One alarm (/alarms/NAME): its configuration and state (DescribeAlarms) and its history
// (DescribeAlarmHistory, newest first, page by page); "Delete" is DeleteAlarms.
import { html, useState, useEffect } from '../lib/html.mjs';
import { call } from '../lib/api.mjs';
import { Link, navigate } from '../lib/router.mjs';
import { ErrorBox, Loading, PageTitle } from '../lib/ui.mjs';
import { time } from '../lib/format.mjs';

export default function Alarm({ params }) {
  const name = params.name;
  const [alarm, setAlarm] = useState(null);
  const [history, setHistory] = useState(null);
  const [error, setError] = useState(null);

  function more(token) {
    const input = { AlarmName: name, AlarmTypes: ['MetricAlarm', 'CompositeAlarm'], ScanBy: 'TimestampDescending', MaxRecords: 50 };
    if (token) input.NextToken = token;
    call('monitoring', 'DescribeAlarmHistory', input).then((o) => setHistory((h) => [...(h || []), o]), setError);
  }
  useEffect(() => {
    call('monitoring', 'DescribeAlarms', { AlarmNames: [name], AlarmTypes: ['MetricAlarm', 'CompositeAlarm'] })
      .then((o) => setAlarm([...(o.MetricAlarms || []), ...(o.CompositeAlarms || [])][0] || false), setError);
    more();
  }, [name]);

  async function remove() {
    if (!confirm(`Delete alarm ${name}?`)) return;
    setError(null);
    try {
      await call('monitoring', 'DeleteAlarms', { AlarmNames: [name] });
      navigate('/alarms');
    } catch (err) { setError(err); }
  }

  const items = history ? history.flatMap((p) => p.AlarmHistoryItems || []) : null;
  const token = history && history.length ? history[history.length - 1].NextToken : null;
  const dims = (a) => (a.Dimensions || []).map((d) => `${d.Name}=${d.Value}`).join(', ');
  return html`<${PageTitle}>${name}<//>
    <p><${Link} to="/alarms">Alarms<//> / ${name}</p>
    ${alarm && html`<div class="toolbar"><button type="button" class="danger" onClick=${remove}>Delete</button></div>`}
    <${ErrorBox} error=${error} />
    ${alarm === null && !error ? html`<${Loading} />` : null}
    ${alarm === false && html`<p>No alarm named ${name}.</p>`}
    ${alarm && html`<dl class="props">
      <dt>State</dt><dd class=${'state ' + alarm.StateValue}>${alarm.StateValue}</dd>
      <dt>Reason</dt><dd>${alarm.StateReason}</dd>
      ${alarm.AlarmRule !== undefined ? html`<dt>Rule</dt><dd><code>${alarm.AlarmRule}</code></dd>` : html`
        <dt>Metric</dt><dd>${alarm.Namespace} ${alarm.MetricName} ${dims(alarm) && `(${dims(alarm)})`}</dd>
        <dt>Condition</dt><dd>${alarm.ExtendedStatistic || alarm.Statistic} ${alarm.ComparisonOperator} ${alarm.Threshold}</dd>
        <dt>Period</dt><dd>${alarm.Period} seconds</dd>
        <dt>Datapoints to alarm</dt><dd>${alarm.DatapointsToAlarm || alarm.EvaluationPeriods} of ${alarm.EvaluationPeriods}</dd>
        <dt>Missing data</dt><dd>${alarm.TreatMissingData || 'missing'}</dd>`}
      <dt>Actions</dt><dd>${(alarm.AlarmActions || []).join(', ') || 'None'}</dd>
    </dl>`}
    <h2>History</h2>
    ${items && html`<table class="data" aria-label="History"><thead><tr><th>Date</th><th>Type</th><th>Description</th></tr></thead><tbody>
      ${items.length === 0 && html`<tr><td colspan="3">No history yet.</td></tr>`}
      ${items.map((h) => html`<tr><td>${time(h.Timestamp)}</td><td>${h.HistoryItemType}</td><td>${h.HistorySummary}</td></tr>`)}
    </tbody></table>
    ${token && html`<div class="pager"><button type="button" onClick=${() => more(token)}>Load more</button></div>`}`}`;
}
