// CloudTrail → Dashboard: the trails and whether they log, and the latest events (the account's
// and the registry's), each a link into Event history.
import { html, useState, useEffect } from '../lib/html.mjs';
import { call } from '../lib/api.mjs';
import { Link } from '../lib/router.mjs';
import { time } from '../lib/format.mjs';
import { ErrorBox, Loading, PageTitle } from '../lib/ui.mjs';
import { logGroupName } from './trail_form.mjs';

function Recent({ title, label, input, more }) {
  const [events, setEvents] = useState(null);
  const [error, setError] = useState(null);
  useEffect(() => {
    call('cloudtrail', 'LookupEvents', { MaxResults: 10, ...input }).then((o) => setEvents(o.Events || []), setError);
  }, []);
  return html`<section aria-label=${label}>
    <h2>${title}</h2>
    <${ErrorBox} error=${error} />
    ${!events && !error ? html`<${Loading} />` : null}
    ${events && html`<table class="data" aria-label=${label}>
      <thead><tr><th>Event name</th><th>Event time</th><th>User name</th><th>Event source</th></tr></thead>
      <tbody>
        ${events.length === 0 && html`<tr><td colspan="4">No events yet.</td></tr>`}
        ${events.map((e) => html`<tr><td><${Link} to=${'/cloudtrail/events?attribute=EventId&value=' + encodeURIComponent(e.EventId)}>${e.EventName}<//></td>
          <td class="nowrap">${time(e.EventTime)}</td><td>${e.Username}</td><td>${e.EventSource}</td></tr>`)}
      </tbody></table>
      <p><${Link} to=${more}>All of them in Event history<//></p>`}
  </section>`;
}

export default function CloudTrailDashboard() {
  const [trails, setTrails] = useState(null);
  const [error, setError] = useState(null);
  useEffect(() => {
    (async () => {
      const list = (await call('cloudtrail', 'DescribeTrails', {})).trailList || [];
      const status = await Promise.all(list.map((t) =>
        call('cloudtrail', 'GetTrailStatus', { Name: t.Name }).catch(() => ({}))));
      setTrails(list.map((t, i) => ({ ...t, logging: status[i].IsLogging, delivered: status[i].LatestDeliveryTime })));
    })().catch(setError);
  }, []);
  return html`<${PageTitle}>CloudTrail<//>
    <section aria-label="Trails summary">
      <h2>Trails</h2>
      <${ErrorBox} error=${error} />
      ${!trails && !error ? html`<${Loading} />` : null}
      ${trails && (trails.length === 0
        ? html`<p>No trail delivers the event history yet. <${Link} to="/cloudtrail/trails/create" class="button">Create trail<//></p>`
        : html`<table class="data" aria-label="Trails summary"><thead><tr><th>Name</th><th>Status</th>
            <th>CloudWatch Logs log group</th><th>Last delivery</th></tr></thead><tbody>
            ${trails.map((t) => html`<tr><td><${Link} to=${'/cloudtrail/trails/' + encodeURIComponent(t.Name)}>${t.Name}<//></td>
              <td>${t.logging ? 'Logging' : 'Off'}</td><td>${logGroupName(t.CloudWatchLogsLogGroupArn) || '—'}</td>
              <td class="nowrap">${time(t.delivered) || '—'}</td></tr>`)}
          </tbody></table>`)}
    </section>
    <${Recent} title="Latest events" label="Latest events" input=${{}} more="/cloudtrail/events" />
    <${Recent} title="Latest registry events" label="Latest registry events"
      input=${{ LookupAttributes: [{ AttributeKey: 'EventSource', AttributeValue: 'ecr.amazonaws.com' }] }}
      more="/cloudtrail/events?attribute=EventSource&value=ecr.amazonaws.com" />`;
}
