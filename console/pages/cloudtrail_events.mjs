// CloudTrail → Event history: LookupEvents with AWS's lookup attribute, a time range and
// paging; a row opens the event's full record; the filtered events download as CSV or JSON.
// Beyond AWS (which takes one attribute), more filters can be added: the first goes to
// LookupEvents, the others are applied here to the events it returns, reading on through its
// pages until a page of matches is found. The filters live in the URL
// (?attribute=EventSource&value=ecr.amazonaws.com&attribute=Username&value=alice&range=24h),
// so every view is a link.
import { html, useState, useEffect } from '../lib/html.mjs';
import { call } from '../lib/api.mjs';
import { navigate } from '../lib/router.mjs';
import { time, csv, download } from '../lib/format.mjs';
import { ErrorBox, Loading, PageTitle } from '../lib/ui.mjs';

export const ATTRIBUTES = [
  ['ReadOnly', 'Read only'], ['EventName', 'Event name'], ['Username', 'User name'],
  ['ResourceType', 'Resource type'], ['ResourceName', 'Resource name'],
  ['EventSource', 'Event source'], ['AccessKeyId', 'AWS access key'], ['EventId', 'Event ID'],
];
const RANGES = [['1h', 'Last hour', 3600], ['24h', 'Last 24 hours', 86400],
  ['7d', 'Last 7 days', 7 * 86400], ['90d', 'Last 90 days', 90 * 86400]];
const PAGE = 50;
const MAX_DOWNLOAD = 10000;
// How many LookupEvents pages one page of several filters may read before showing what it has.
const MAX_SCAN_PAGES = 40;

function filtersFrom(query) {
  const attributes = query.getAll('attribute'), values = query.getAll('value');
  const filters = attributes.map((attribute, i) => ({ attribute, value: values[i] || '' }))
    .filter((f) => f.value);
  return { filters: filters.length ? filters : [{ attribute: 'EventName', value: '' }],
    range: query.get('range') || '90d' };
}

function lookupInput(f) {
  const seconds = (RANGES.find((r) => r[0] === f.range) || RANGES[3])[2];
  const input = { StartTime: Math.floor(Date.now() / 1000) - seconds, MaxResults: PAGE };
  const first = f.filters[0];
  if (first.value) input.LookupAttributes = [{ AttributeKey: first.attribute, AttributeValue: first.value }];
  return input;
}

// Whether an event (as LookupEvents gives it) has the attribute value.
function matches(e, { attribute, value }) {
  const resources = e.Resources || [];
  switch (attribute) {
    case 'ReadOnly': return String(e.ReadOnly) === value;
    case 'ResourceType': return resources.some((r) => r.ResourceType === value);
    case 'ResourceName': return resources.some((r) => r.ResourceName === value);
    default: return e[attribute] === value;
  }
}

/** One page of events for the filters, from the LookupEvents token `token`:
 *  {events, nextToken, scanned}. */
async function lookupPage(f, token) {
  const rest = f.filters.slice(1).filter((x) => x.value);
  const events = [];
  let scanned = 0;
  do {
    const input = lookupInput(f);
    if (token) input.NextToken = token;
    const out = await call('cloudtrail', 'LookupEvents', input);
    scanned++;
    events.push(...(out.Events || []).filter((e) => rest.every((x) => matches(e, x))));
    token = out.NextToken;
  } while (rest.length && token && events.length < PAGE && scanned < MAX_SCAN_PAGES);
  return { events, nextToken: token, scanned };
}

function resourceOf(e, key) {
  return (e.Resources || []).map((r) => r[key]).filter(Boolean).join(', ');
}

function FilterRow({ f, i, count, set, remove }) {
  const n = i === 0 ? '' : ` ${i + 1}`;
  return html`<div class="filter-row">
    <label for=${'attr' + i}>Lookup attribute${n}</label>
    <select id=${'attr' + i} value=${f.attribute} onChange=${(e) => set({ ...f, attribute: e.target.value })}>
      ${ATTRIBUTES.map(([k, label]) => html`<option value=${k}>${label}</option>`)}
    </select>
    <label for=${'attr-value' + i}>Attribute value${n}</label>
    <input id=${'attr-value' + i} value=${f.value} placeholder=${f.attribute === 'ReadOnly' ? 'true or false' : 'Enter a value'}
      onInput=${(e) => set({ ...f, value: e.target.value })} />
    ${count > 1 && html`<button type="button" onClick=${remove} aria-label=${'Remove filter' + n}>Remove</button>`}
  </div>`;
}

export default function EventHistory({ query }) {
  const applied = filtersFrom(query);
  const appliedKey = JSON.stringify(applied);
  const [form, setForm] = useState(applied);
  const [pages, setPages] = useState([undefined]);  // LookupEvents token each page starts at
  const [at, setAt] = useState(0);
  const [result, setResult] = useState(null);
  const [error, setError] = useState(null);
  const [open, setOpen] = useState(null);  // EventId whose record is shown
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    let live = true;
    setResult(null);
    setError(null);
    lookupPage(applied, pages[at]).then((out) => {
      if (!live) return;
      // Marks for bench/console.py: response in hand → rows painted.
      performance.mark('events:response');
      setResult(out);
      if (out.nextToken && pages.length === at + 1) setPages([...pages, out.nextToken]);
    }, (err) => live && setError(err));
    return () => { live = false; };
  }, [appliedKey, at]);

  useEffect(() => {
    if (result) requestAnimationFrame(() => performance.mark('events:painted'));
  }, [result]);

  function apply(e) {
    e.preventDefault();
    const q = new URLSearchParams();
    for (const f of form.filters) if (f.value) { q.append('attribute', f.attribute); q.append('value', f.value); }
    if (form.range !== '90d') q.set('range', form.range);
    navigate('/cloudtrail/events' + (q.toString() ? '?' + q : ''));
  }

  async function save(kind) {
    setBusy(true);
    try {
      const events = [];
      let token;
      do {
        const out = await lookupPage(applied, token);
        events.push(...out.events);
        token = out.nextToken;
      } while (token && events.length < MAX_DOWNLOAD);
      const stamp = new Date().toISOString().replace(/[:.]/g, '-');
      if (kind === 'json') {
        const records = events.map((e) => JSON.parse(e.CloudTrailEvent));
        download(`event_history_${stamp}.json`, 'application/json', JSON.stringify({ Records: records }, null, 2));
      } else {
        const rows = [['Event ID', 'Event time', 'User name', 'Event name', 'Resource type', 'Resource name',
          'AWS access key', 'Event source', 'Read only', 'Error code', 'Source IP address']];
        for (const e of events) {
          const r = JSON.parse(e.CloudTrailEvent);
          rows.push([e.EventId, time(e.EventTime), e.Username, e.EventName, resourceOf(e, 'ResourceType'),
            resourceOf(e, 'ResourceName'), e.AccessKeyId, e.EventSource, e.ReadOnly, r.errorCode || '',
            r.sourceIPAddress || '']);
        }
        download(`event_history_${stamp}.csv`, 'text/csv', csv(rows));
      }
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  const events = result ? result.events : [];
  return html`<${PageTitle}>Event history<//>
    <form class="filters" onSubmit=${apply} aria-label="Filter events">
      <div class="filter-rows">
        ${form.filters.map((f, i) => html`<${FilterRow} f=${f} i=${i} count=${form.filters.length}
          set=${(nf) => setForm({ ...form, filters: form.filters.map((x, j) => (j === i ? nf : x)) })}
          remove=${() => setForm({ ...form, filters: form.filters.filter((_, j) => j !== i) })} />`)}
      </div>
      <button type="button" onClick=${() => setForm({ ...form, filters: [...form.filters, { attribute: 'Username', value: '' }] })}
        title="berth's extension: AWS looks up one attribute at a time">Add filter</button>
      <label for="range">Time range</label>
      <select id="range" value=${form.range} onChange=${(e) => setForm({ ...form, range: e.target.value })}>
        ${RANGES.map(([k, label]) => html`<option value=${k}>${label}</option>`)}
      </select>
      <button type="submit">Apply</button>
    </form>
    <div class="toolbar">
      <button type="button" disabled=${busy} onClick=${() => save('csv')}>Download CSV</button>
      <button type="button" disabled=${busy} onClick=${() => save('json')}>Download JSON</button>
      <span class="pager">
        <button type="button" disabled=${at === 0} onClick=${() => setAt(at - 1)}>Previous page</button>
        <span aria-live="polite">Page ${at + 1}</span>
        <button type="button" disabled=${!(result && result.nextToken)} onClick=${() => setAt(at + 1)}>Next page</button>
      </span>
    </div>
    <${ErrorBox} error=${error} />
    ${!result && !error ? html`<${Loading} what="Looking up events" />` : null}
    ${result && html`<table class="data" aria-label="Events">
      <thead><tr><th>Event name</th><th>Event time</th><th>User name</th><th>Event source</th>
        <th>Resource type</th><th>Resource name</th><th>Error</th></tr></thead>
      <tbody>
        ${events.length === 0 && html`<tr><td colspan="7">No events match.</td></tr>`}
        ${events.map((e) => {
          const record = JSON.parse(e.CloudTrailEvent);
          const shown = open === e.EventId;
          return html`<tr class=${record.errorCode ? 'failed' : ''}>
              <td><button type="button" class="link" aria-expanded=${shown}
                onClick=${() => setOpen(shown ? null : e.EventId)}>${e.EventName}</button></td>
              <td class="nowrap">${time(e.EventTime)}</td><td>${e.Username}</td><td>${e.EventSource}</td>
              <td>${resourceOf(e, 'ResourceType')}</td><td class="arn">${resourceOf(e, 'ResourceName')}</td>
              <td>${record.errorCode || ''}</td>
            </tr>
            ${shown && html`<tr class="detail"><td colspan="7">
              <pre aria-label="Event record" tabindex="0">${JSON.stringify(record, null, 2)}</pre></td></tr>`}`;
        })}
      </tbody>
    </table>`}`;
}
