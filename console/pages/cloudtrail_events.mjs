// CloudTrail → Event history: LookupEvents with AWS's one lookup attribute, a time range and
// paging; a row opens the event's full record; the filtered events download as CSV or JSON.
// The filter lives in the URL (?attribute=EventSource&value=ecr.amazonaws.com&start=…&end=…),
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

function filterFrom(query) {
  return {
    attribute: query.get('attribute') || 'EventName',
    value: query.get('value') || '',
    range: query.get('range') || '90d',
  };
}

function lookupInput(f) {
  const seconds = (RANGES.find((r) => r[0] === f.range) || RANGES[3])[2];
  const input = { StartTime: Math.floor(Date.now() / 1000) - seconds, MaxResults: PAGE };
  if (f.value) input.LookupAttributes = [{ AttributeKey: f.attribute, AttributeValue: f.value }];
  return input;
}

function resourceOf(e, key) {
  return (e.Resources || []).map((r) => r[key]).filter(Boolean).join(', ');
}

export default function EventHistory({ query }) {
  const applied = filterFrom(query);
  const [form, setForm] = useState(applied);
  const [pages, setPages] = useState([undefined]);  // NextToken of each page seen; [0] = first
  const [at, setAt] = useState(0);
  const [result, setResult] = useState(null);
  const [error, setError] = useState(null);
  const [open, setOpen] = useState(null);  // EventId whose record is shown
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    let live = true;
    setResult(null);
    setError(null);
    const input = lookupInput(applied);
    if (pages[at]) input.NextToken = pages[at];
    call('cloudtrail', 'LookupEvents', input).then((out) => {
      if (!live) return;
      // Marks for bench/console.py: response in hand → rows painted.
      performance.mark('events:response');
      setResult(out);
      if (out.NextToken && pages.length === at + 1) setPages([...pages, out.NextToken]);
    }, (err) => live && setError(err));
    return () => { live = false; };
  }, [applied.attribute, applied.value, applied.range, at]);

  useEffect(() => {
    if (result) requestAnimationFrame(() => performance.mark('events:painted'));
  }, [result]);

  function apply(e) {
    e.preventDefault();
    const q = new URLSearchParams();
    if (form.value) { q.set('attribute', form.attribute); q.set('value', form.value); }
    if (form.range !== '90d') q.set('range', form.range);
    navigate('/cloudtrail/events' + (q.toString() ? '?' + q : ''));
  }

  async function save(kind) {
    setBusy(true);
    try {
      const events = [];
      let token;
      do {
        const input = lookupInput(applied);
        if (token) input.NextToken = token;
        const out = await call('cloudtrail', 'LookupEvents', input);
        events.push(...(out.Events || []));
        token = out.NextToken;
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

  const events = result ? result.Events || [] : [];
  return html`<${PageTitle}>Event history<//>
    <form class="filters" onSubmit=${apply} aria-label="Filter events">
      <label for="attr">Lookup attribute</label>
      <select id="attr" value=${form.attribute} onChange=${(e) => setForm({ ...form, attribute: e.target.value })}>
        ${ATTRIBUTES.map(([k, label]) => html`<option value=${k}>${label}</option>`)}
      </select>
      <label for="attr-value">Attribute value</label>
      <input id="attr-value" value=${form.value} placeholder=${form.attribute === 'ReadOnly' ? 'true or false' : 'Enter a value'}
        onInput=${(e) => setForm({ ...form, value: e.target.value })} />
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
        <button type="button" disabled=${!(result && result.NextToken)} onClick=${() => setAt(at + 1)}>Next page</button>
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
              <td>${resourceOf(e, 'ResourceType')}</td><td>${resourceOf(e, 'ResourceName')}</td>
              <td>${record.errorCode || ''}</td>
            </tr>
            ${shown && html`<tr class="detail"><td colspan="7">
              <pre aria-label="Event record" tabindex="0">${JSON.stringify(record, null, 2)}</pre></td></tr>`}`;
        })}
      </tbody>
    </table>`}`;
}
