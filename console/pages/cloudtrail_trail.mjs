// One trail: its settings, status and event selectors; start/stop logging, delete.
import { html, useState, useEffect } from '../lib/html.mjs';
import { call } from '../lib/api.mjs';
import { Link, navigate } from '../lib/router.mjs';
import { time } from '../lib/format.mjs';
import { ErrorBox, Flash, Loading, PageTitle } from '../lib/ui.mjs';
import { TrailForm, logGroupName, settingsOf } from './trail_form.mjs';

export default function Trail({ params, who }) {
  const [editing, setEditing] = useState(false);
  const [data, setData] = useState(null);
  const [error, setError] = useState(null);
  const [tick, setTick] = useState(0);
  useEffect(() => {
    Promise.all([
      call('cloudtrail', 'GetTrail', { Name: params.name }),
      call('cloudtrail', 'GetTrailStatus', { Name: params.name }),
      call('cloudtrail', 'GetEventSelectors', { TrailName: params.name }),
    ]).then(([t, s, sel]) => setData({ trail: t.Trail, status: s, selectors: sel.EventSelectors || [] }), setError);
  }, [params.name, tick]);

  async function act(op, input) {
    setError(null);
    try {
      await call('cloudtrail', op, input);
      if (op === 'DeleteTrail') navigate('/cloudtrail/trails'); else setTick(tick + 1);
    } catch (err) { setError(err); }
  }

  if (!data) return html`<${PageTitle}>${params.name}<//><${ErrorBox} error=${error} />${!error && html`<${Loading} />`}`;
  const { trail: t, status: s, selectors } = data;
  const group = logGroupName(t.CloudWatchLogsLogGroupArn);
  if (editing) {
    return html`<${PageTitle}>Edit ${t.Name}<//>
      <${TrailForm} who=${who} initial=${settingsOf(t, selectors, who)} creating=${false}
        onSaved=${() => { setEditing(false); setTick(tick + 1); }} onCancel=${() => setEditing(false)} />`;
  }
  return html`<${PageTitle}>${t.Name}<//>
    <p><${Link} to="/cloudtrail/trails">Trails<//> / ${t.Name}</p>
    <div class="toolbar">
      <button type="button" onClick=${() => setEditing(true)}>Edit</button>
      ${s.IsLogging
        ? html`<button type="button" onClick=${() => act('StopLogging', { Name: t.Name })}>Stop logging</button>`
        : html`<button type="button" onClick=${() => act('StartLogging', { Name: t.Name })}>Start logging</button>`}
      <button type="button" class="danger" onClick=${() => confirm(`Delete trail ${t.Name}?`) && act('DeleteTrail', { Name: t.Name })}>Delete</button>
    </div>
    <${Flash} />
    <${ErrorBox} error=${error} />
    <dl class="props">
      <dt>Status</dt><dd>${s.IsLogging ? 'Logging' : 'Off'}</dd>
      <dt>Trail ARN</dt><dd><code>${t.TrailARN}</code></dd>
      <dt>S3 bucket</dt><dd>${t.S3BucketName}${t.S3KeyPrefix ? '/' + t.S3KeyPrefix : ''}</dd>
      <dt>Log file validation</dt><dd>${t.LogFileValidationEnabled ? 'Enabled' : 'Disabled'}</dd>
      <dt>CloudWatch Logs log group</dt><dd>${group ? html`<${Link} to=${'/logs/groups/' + encodeURIComponent(group)}>${group}<//>` : 'Not configured'}</dd>
      <dt>Multi-region trail</dt><dd>${t.IsMultiRegionTrail ? 'Yes' : 'No'}</dd>
      <dt>Management events</dt><dd>${selectors.filter((x) => x.IncludeManagementEvents).map((x) => x.ReadWriteType).join(', ') || 'None'}</dd>
      <dt>Last delivery</dt><dd>${time(s.LatestDeliveryTime) || '—'}</dd>
      <dt>Last CloudWatch Logs delivery</dt><dd>${time(s.LatestCloudWatchLogsDeliveryTime) || '—'}</dd>
    </dl>`;
}
