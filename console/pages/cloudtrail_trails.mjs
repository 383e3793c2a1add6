// CloudTrail → Trails: DescribeTrails with each trail's logging status (GetTrailStatus).
import { html, useState, useEffect } from '../lib/html.mjs';
import { call } from '../lib/api.mjs';
import { Link } from '../lib/router.mjs';
import { ErrorBox, Loading, PageTitle } from '../lib/ui.mjs';
import { logGroupName } from './trail_form.mjs';


export default function Trails() {
  const [trails, setTrails] = useState(null);
  const [error, setError] = useState(null);
  useEffect(() => {
    (async () => {
      const out = await call('cloudtrail', 'DescribeTrails', {});
      const list = out.trailList || [];
      const status = await Promise.all(list.map((t) =>
        call('cloudtrail', 'GetTrailStatus', { Name: t.TrailARN || t.Name }).catch(() => ({}))));
      setTrails(list.map((t, i) => ({ ...t, logging: status[i].IsLogging })));
    })().catch(setError);
  }, []);

  return html`<${PageTitle}>Trails<//>
    <div class="toolbar"><${Link} to="/cloudtrail/trails/create" class="button">Create trail<//></div>
    <${ErrorBox} error=${error} />
    ${!trails && !error ? html`<${Loading} />` : null}
    ${trails && html`<table class="data" aria-label="Trails">
      <thead><tr><th>Name</th><th>Home region</th><th>Multi-region trail</th><th>S3 bucket</th>
        <th>Log file validation</th><th>CloudWatch Logs log group</th><th>Status</th></tr></thead>
      <tbody>
        ${trails.length === 0 && html`<tr><td colspan="7">No trails yet. A trail delivers the event history to an S3 bucket and a CloudWatch Logs log group.</td></tr>`}
        ${trails.map((t) => html`<tr>
          <td><${Link} to=${'/cloudtrail/trails/' + encodeURIComponent(t.Name)}>${t.Name}<//></td>
          <td>${t.HomeRegion}</td><td>${t.IsMultiRegionTrail ? 'Yes' : 'No'}</td><td>${t.S3BucketName}</td>
          <td>${t.LogFileValidationEnabled ? 'Enabled' : 'Disabled'}</td>
          <td>${t.CloudWatchLogsLogGroupArn
            ? html`<${Link} to=${'/logs/groups/' + encodeURIComponent(logGroupName(t.CloudWatchLogsLogGroupArn))}>${logGroupName(t.CloudWatchLogsLogGroupArn)}<//>`
            : '—'}</td>
          <td>${t.logging ? 'Logging' : 'Off'}</td>
        </tr>`)}
      </tbody>
    </table>`}`;
}
