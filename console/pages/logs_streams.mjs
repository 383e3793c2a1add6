// A log group's streams (DescribeLogStreams, latest first, paged).
import { html, useState, useEffect } from '../lib/html.mjs';
import { call } from '../lib/api.mjs';
import { Link } from '../lib/router.mjs';
import { time } from '../lib/format.mjs';
import { ErrorBox, Loading, PageTitle } from '../lib/ui.mjs';

export function streamPath(group, stream) {
  return '/logs/groups/' + encodeURIComponent(group) + '/' + encodeURIComponent(stream);
}

export default function LogStreams({ params }) {
  const group = params.group;
  const [tokens, setTokens] = useState([undefined]);
  const [at, setAt] = useState(0);
  const [out, setOut] = useState(null);
  const [error, setError] = useState(null);
  useEffect(() => {
    setOut(null);
    const input = { logGroupName: group, orderBy: 'LastEventTime', descending: true, limit: 50 };
    if (tokens[at]) input.nextToken = tokens[at];
    call('logs', 'DescribeLogStreams', input).then((o) => {
      setOut(o);
      if (o.nextToken && tokens.length === at + 1) setTokens([...tokens, o.nextToken]);
    }, setError);
  }, [group, at]);
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
      <div class="pager">
        <button type="button" disabled=${at === 0} onClick=${() => setAt(at - 1)}>Previous page</button>
        <span>Page ${at + 1}</span>
        <button type="button" disabled=${!out.nextToken} onClick=${() => setAt(at + 1)}>Next page</button>
      </div>`}`;
}
