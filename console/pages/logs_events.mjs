// A stream's events, or a whole group's ("*"): FilterLogEvents with a filter pattern and a
// time range, 100 at a time ("Load more" follows nextToken). Live tail polls FilterLogEvents
// every 2 seconds for events after the newest shown (AWS streams them with StartLiveTail;
// polling the ordinary operation needs nothing more of berth), keeping the latest 1,000.
import { html, useState, useEffect, useRef } from '../lib/html.mjs';
import { call } from '../lib/api.mjs';
import { Link, navigate } from '../lib/router.mjs';
import { time } from '../lib/format.mjs';
import { ErrorBox, Loading, PageTitle } from '../lib/ui.mjs';
import { streamPath } from './logs_streams.mjs';

const TAIL_MS = 2000;
const TAIL_KEEP = 1000;
const RANGES = [['1h', 'Last hour', 3600], ['24h', 'Last 24 hours', 86400], ['7d', 'Last 7 days', 604800], ['all', 'All time', 0]];

export default function LogEvents({ params, query }) {
  const { group, stream } = params;
  const pattern = query.get('filter') || '';
  const range = query.get('range') || 'all';
  const [form, setForm] = useState({ pattern, range });
  const [events, setEvents] = useState(null);
  const [token, setToken] = useState(null);
  const [error, setError] = useState(null);

  function input(next) {
    const i = { logGroupName: group, limit: 100 };
    if (stream !== '*') i.logStreamNames = [stream];
    if (pattern) i.filterPattern = pattern;
    const seconds = (RANGES.find((r) => r[0] === range) || RANGES[3])[2];
    if (seconds) i.startTime = Date.now() - seconds * 1000;
    if (next) i.nextToken = next;
    return i;
  }
  async function load(next) {
    try {
      const o = await call('logs', 'FilterLogEvents', input(next));
      setEvents((prev) => (next ? [...(prev || []), ...(o.events || [])] : o.events || []));
      setToken(o.nextToken || null);
    } catch (err) { setError(err); }
  }
  useEffect(() => { setEvents(null); setError(null); load(); }, [group, stream, pattern, range]);

  const [tailing, setTailing] = useState(false);
  const seen = useRef(new Set());
  useEffect(() => {
    if (!tailing) return;
    let live = true, timer;
    // From the newest event shown (or now), each poll reading what arrived since.
    let since = Math.max(Date.now() - 60000, ...(events || []).map((e) => e.timestamp + 1));
    seen.current = new Set((events || []).map((e) => e.eventId));
    async function poll() {
      try {
        const i = input();
        i.startTime = since;
        delete i.nextToken;
        const o = await call('logs', 'FilterLogEvents', i);
        const fresh = (o.events || []).filter((e) => !seen.current.has(e.eventId));
        fresh.forEach((e) => seen.current.add(e.eventId));
        if (live && fresh.length) {
          since = Math.max(since, ...fresh.map((e) => e.timestamp));
          setEvents((prev) => [...(prev || []), ...fresh].slice(-TAIL_KEEP));
        }
      } catch (err) { if (live) { setError(err); setTailing(false); } }
      if (live) timer = setTimeout(poll, TAIL_MS);
    }
    poll();
    return () => { live = false; clearTimeout(timer); };
  }, [tailing]);

  function apply(e) {
    e.preventDefault();
    const q = new URLSearchParams();
    if (form.pattern) q.set('filter', form.pattern);
    if (form.range !== 'all') q.set('range', form.range);
    const to = streamPath(group, stream) + (q.toString() ? '?' + q : '');
    // The same filter again is a refresh: what arrived since is shown too.
    if ('/console' + to === location.pathname + location.search) { setEvents(null); load(); return; }
    navigate(to);
  }

  return html`<${PageTitle}>${stream === '*' ? 'All log streams' : stream}<//>
    <p><${Link} to="/logs/groups">Log groups<//> / <${Link} to=${'/logs/groups/' + encodeURIComponent(group)}>${group}<//> / ${stream === '*' ? 'all streams' : stream}</p>
    <form class="filters" onSubmit=${apply}>
      <label for="pattern">Filter pattern</label>
      <input id="pattern" size="40" value=${form.pattern} placeholder='{ $.eventSource = "ecr.amazonaws.com" }'
        onInput=${(e) => setForm({ ...form, pattern: e.target.value })} />
      <label for="lrange">Time range</label>
      <select id="lrange" value=${form.range} onChange=${(e) => setForm({ ...form, range: e.target.value })}>
        ${RANGES.map(([k, l]) => html`<option value=${k}>${l}</option>`)}
      </select>
      <button type="submit">Filter</button>
      <button type="button" aria-pressed=${tailing} onClick=${() => setTailing(!tailing)}>
        ${tailing ? 'Stop live tail' : 'Live tail'}</button>
    </form>
    ${tailing && html`<p role="status">Live tail: new events appear below as they arrive.</p>`}
    <${ErrorBox} error=${error} />
    ${!events && !error ? html`<${Loading} />` : null}
    ${events && html`<table class="data" aria-label="Log events">
      <thead><tr><th>Timestamp</th>${stream === '*' && html`<th>Log stream</th>`}<th>Message</th></tr></thead>
      <tbody>
        ${events.length === 0 && html`<tr><td colspan="3">No events${pattern ? ' match this pattern' : ''}.</td></tr>`}
        ${events.map((e) => html`<tr><td class="nowrap">${time(e.timestamp)}</td>${stream === '*' && html`<td>${e.logStreamName}</td>`}
          <td class="message">${e.message}</td></tr>`)}
      </tbody></table>
      ${token && html`<div class="pager"><button type="button" onClick=${() => load(token)}>Load more</button></div>`}`}`;
}
