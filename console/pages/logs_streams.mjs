// A log group's streams (DescribeLogStreams, latest first, paged).
import { html } from '../lib/html.mjs';
import { usePagedCall } from '../lib/paged.mjs';
import { Link } from '../lib/router.mjs';
import { time } from '../lib/format.mjs';
import { ErrorBox, Loading, PageTitle } from '../lib/ui.mjs';

export function streamPath(group, stream) {
  return '/logs/groups/' + encodeURIComponent(group) + '/' + encodeURIComponent(stream);
}

export default function LogStreams({ params }) {
  const group = params.group;
  const input = { logGroupName: group, orderBy: 'LastEventTime', descending: true, limit: 50 };
  const { out, error, pager } = usePagedCall('logs', 'DescribeLogStreams', input, group);
  const streams = out ? out.logStreams || [] : [];
  return html`<${PageTitle}>${group}<//>
    <p><${Link} to="/logs/groups">Log groups<//> / ${group}</p>
    <div class="toolbar">
      <${Link} to=${streamPath(group, '*')} class="button">Search all log streams<//>
      <${Link} to=${'/logs/insights?group=' + encodeURIComponent(group)}>Query in Logs Insights<//>
    </div>
    <${ErrorBox} error=${error} />
    ${!out && !error ? html`<${Loading} />` : null}
    ${out && html`<table class="data" aria-label="Log streams">
      <thead><tr><th>Log stream</th><th>Last event time</th><th>First event time</th></tr></thead>
      <tbody>
        ${streams.length === 0 && html`<tr><td colspan="3">No log streams yet.</td></tr>`}
        ${streams.map((s) => html`<tr>
          <td><${Link} to=${streamPath(group, s.logStreamName)}>${s.logStreamName}<//></td>
          <td class="nowrap">${time(s.lastEventTimestamp)}</td><td class="nowrap">${time(s.firstEventTimestamp)}</td></tr>`)}
      </tbody></table>
      ${pager}`}`;
}
