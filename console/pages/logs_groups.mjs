// CloudWatch → Log groups: DescribeLogGroups with a name-prefix search, paged.
import { html, useState } from '../lib/html.mjs';
import { usePagedCall } from '../lib/paged.mjs';
import { Link, navigate } from '../lib/router.mjs';
import { time, bytes } from '../lib/format.mjs';
import { ErrorBox, Loading, PageTitle } from '../lib/ui.mjs';

export default function LogGroups({ query }) {
  const prefix = query.get('prefix') || '';
  const [search, setSearch] = useState(prefix);
  const input = { limit: 50 };
  if (prefix) input.logGroupNamePrefix = prefix;
  const { out, error, pager } = usePagedCall('logs', 'DescribeLogGroups', input, prefix);
  const groups = out ? out.logGroups || [] : [];
  return html`<${PageTitle}>Log groups<//>
    <form class="filters" role="search" onSubmit=${(e) => { e.preventDefault(); navigate('/logs/groups' + (search ? '?prefix=' + encodeURIComponent(search) : '')); }}>
      <label for="prefix">Log group name prefix</label>
      <input id="prefix" value=${search} onInput=${(e) => setSearch(e.target.value)} />
      <button type="submit">Search</button>
    </form>
    <${ErrorBox} error=${error} />
    ${!out && !error ? html`<${Loading} />` : null}
    ${out && html`<table class="data" aria-label="Log groups">
      <thead><tr><th>Log group</th><th>Retention</th><th>Stored bytes</th><th>Metric filters</th><th>Creation time</th></tr></thead>
      <tbody>
        ${groups.length === 0 && html`<tr><td colspan="5">No log groups${prefix ? ' with this prefix' : ''}.</td></tr>`}
        ${groups.map((g) => html`<tr>
          <td><${Link} to=${'/logs/groups/' + encodeURIComponent(g.logGroupName)}>${g.logGroupName}<//></td>
          <td>${g.retentionInDays ? g.retentionInDays + ' days' : 'Never expire'}</td>
          <td class="nowrap">${bytes(g.storedBytes || 0)}</td><td>${g.metricFilterCount || 0}</td><td class="nowrap">${time(g.creationTime)}</td></tr>`)}
      </tbody></table>
      ${pager}`}`;
}
