// Create an alarm on one metric (/alarms/create?namespace=…&metricName=…&dim=Name=Value…, the
// Metrics page's "Create alarm" link): the conditions as labelled fields, saved with
// PutMetricAlarm; the notification topic's ARN becomes the alarm's action.
import { html, useState, useEffect } from '../lib/html.mjs';
import { call, query as queryApi, xmlTexts } from '../lib/api.mjs';
import { Link, navigate } from '../lib/router.mjs';
import { ErrorBox, PageTitle } from '../lib/ui.mjs';

const COMPARISONS = [['GreaterThanThreshold', 'Greater than'], ['GreaterThanOrEqualToThreshold', 'Greater than or equal to'],
  ['LessThanThreshold', 'Less than'], ['LessThanOrEqualToThreshold', 'Less than or equal to']];
const MISSING = [['missing', 'Missing'], ['notBreaching', 'Not breaching (good)'], ['breaching', 'Breaching (bad)'], ['ignore', 'Ignore (keep the state)']];
const STATS = ['Average', 'Sum', 'Minimum', 'Maximum', 'SampleCount'];

export default function AlarmCreate({ query }) {
  const namespace = query.get('namespace') || '';
  const metricName = query.get('metricName') || '';
  const dimensions = query.getAll('dim').map((d) => ({ Name: d.slice(0, d.indexOf('=')), Value: d.slice(d.indexOf('=') + 1) }));
  const [v, setV] = useState({ name: '', stat: query.get('stat') || 'Average', period: query.get('period') || '300',
    comparison: 'GreaterThanThreshold', threshold: '', evaluations: '1', datapoints: '1', missing: 'missing', topic: '', description: '' });
  const [error, setError] = useState(null);
  const [topics, setTopics] = useState([]);
  // Suggestions only (SNS over the query protocol): a user without sns:ListTopics may type an ARN.
  useEffect(() => { queryApi('sns', 'ListTopics').then((doc) => setTopics(xmlTexts(doc, 'TopicArn')), () => {}); }, []);
  const set = (k) => (e) => setV({ ...v, [k]: e.target.value });

  async function submit(e) {
    e.preventDefault();
    setError(null);
    const input = { AlarmName: v.name.trim(), Namespace: namespace, MetricName: metricName, Dimensions: dimensions,
      Statistic: v.stat, Period: Number(v.period), ComparisonOperator: v.comparison, Threshold: Number(v.threshold),
      EvaluationPeriods: Number(v.evaluations), DatapointsToAlarm: Number(v.datapoints), TreatMissingData: v.missing };
    if (v.description.trim()) input.AlarmDescription = v.description.trim();
    if (v.topic.trim()) input.AlarmActions = [v.topic.trim()];
    try {
      await call('monitoring', 'PutMetricAlarm', input);
      navigate('/alarms/' + encodeURIComponent(input.AlarmName));
    } catch (err) { setError(err); }
  }

  const dims = dimensions.map((d) => `${d.Name}=${d.Value}`).join(', ');
  return html`<${PageTitle}>Create alarm<//>
    <p><${Link} to="/alarms">Alarms<//> / Create alarm</p>
    ${!metricName && html`<p>Choose the metric first: <${Link} to="/metrics">All metrics<//>, graph one metric, then "Create alarm".</p>`}
    ${metricName && html`<form class="form" onSubmit=${submit}>
      <fieldset><legend>Metric</legend>
        <p><strong>${namespace}</strong> ${metricName} ${dims && `(${dims})`}</p>
        <label for="a-stat">Statistic</label>
        <select id="a-stat" value=${v.stat} onChange=${set('stat')}>${STATS.map((s) => html`<option>${s}</option>`)}</select>
        <label for="a-period">Period (seconds)</label>
        <input id="a-period" type="number" min="10" required value=${v.period} onInput=${set('period')} />
      </fieldset>
      <fieldset><legend>Conditions</legend>
        <label for="a-comparison">Comparison</label>
        <select id="a-comparison" value=${v.comparison} onChange=${set('comparison')}>
          ${COMPARISONS.map(([k, l]) => html`<option value=${k}>${l}</option>`)}</select>
        <label for="a-threshold">Threshold</label>
        <input id="a-threshold" type="number" step="any" required value=${v.threshold} onInput=${set('threshold')} />
        <label for="a-evaluations">Evaluation periods</label>
        <input id="a-evaluations" type="number" min="1" required value=${v.evaluations} onInput=${set('evaluations')} />
        <label for="a-datapoints">Datapoints to alarm</label>
        <input id="a-datapoints" type="number" min="1" required value=${v.datapoints} onInput=${set('datapoints')} />
        <label for="a-missing">Missing data treatment</label>
        <select id="a-missing" value=${v.missing} onChange=${set('missing')}>
          ${MISSING.map(([k, l]) => html`<option value=${k}>${l}</option>`)}</select>
      </fieldset>
      <fieldset><legend>Name and notification</legend>
        <label for="a-name">Alarm name</label>
        <input id="a-name" required value=${v.name} onInput=${set('name')} />
        <label for="a-description">Description</label>
        <input id="a-description" value=${v.description} onInput=${set('description')} />
        <label for="a-topic">Notification topic ARN</label>
        <input id="a-topic" list="a-topics" value=${v.topic} placeholder="arn:aws:sns:…" onInput=${set('topic')} />
        <datalist id="a-topics">${topics.map((t) => html`<option value=${t} />`)}</datalist>
      </fieldset>
      <${ErrorBox} error=${error} />
      <button type="submit">Create alarm</button>
    </form>`}`;
}
