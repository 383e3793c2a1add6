// A dashboard's time range, as AWS's console offers it: relative (1h, 3h, 12h, 1d, 1w back from
// now) or absolute (from–to), kept in the URL (?range=1h, or ?start=ISO&end=ISO) so a chosen
// view is a link. Without either, each widget shows its own `start` (the body's).
import { html, useState } from './html.mjs';

export const RELATIVE = [['1h', 3600], ['3h', 10800], ['12h', 43200], ['1d', 86400], ['1w', 604800]];

/** The range the URL names, in epoch seconds ({start, end}), or null (each widget's own).
 *  `now` is read when called, so a refresh moves a relative range forward. */
export function rangeOf(query) {
  const start = Date.parse(query.get('start') || '');
  const end = Date.parse(query.get('end') || '');
  if (start < end) return { start: Math.floor(start / 1000), end: Math.floor(end / 1000) };
  const relative = RELATIVE.find(([k]) => k === query.get('range'));
  if (!relative) return null;
  const now = Math.floor(Date.now() / 1000);
  return { start: now - relative[1], end: now };
}

// datetime-local's value (local time, minutes) for an ISO time, and back.
function local(iso) {
  const d = new Date(iso);
  if (isNaN(d)) return '';
  return new Date(d.getTime() - d.getTimezoneOffset() * 60000).toISOString().slice(0, 16);
}

/** The picker: relative buttons, and From/To for an absolute range. `go(params)` sets the URL's
 *  range parameters ({range} or {start, end}). */
export function TimeRangePicker({ query, go }) {
  const chosen = query.get('range');
  const [custom, setCustom] = useState(!!query.get('start'));
  const [from, setFrom] = useState(local(query.get('start')));
  const [to, setTo] = useState(local(query.get('end')));
  const [problem, setProblem] = useState('');

  function apply(e) {
    e.preventDefault();
    const start = new Date(from), end = new Date(to);
    if (isNaN(start) || isNaN(end) || start >= end) {
      setProblem('"From" must be before "To".');
      return;
    }
    setProblem('');
    go({ start: start.toISOString(), end: end.toISOString() });
  }

  const range = rangeOf(query);
  const at = (t) => new Date(t * 1000).toISOString().slice(0, 16).replace('T', ' ');
  const showing = !range ? 'each widget\'s own range' : chosen && !query.get('start') ? `the last ${chosen}`
    : `${at(range.start)} – ${at(range.end)} UTC`;
  return html`<div class="timerange" role="group" aria-label="Time range">
    <span class="help">Showing ${showing}:</span>
    ${RELATIVE.map(([k]) => html`<button type="button" aria-pressed=${chosen === k && !query.get('start')}
      onClick=${() => { setCustom(false); go({ range: k }); }}>${k}</button>`)}
    <button type="button" aria-pressed=${custom} onClick=${() => setCustom(!custom)}>Custom</button>
    ${custom && html`<form class="timerange" onSubmit=${apply}>
      <label>From <input type="datetime-local" required value=${from} onInput=${(e) => setFrom(e.target.value)} /></label>
      <label>To <input type="datetime-local" required value=${to} onInput=${(e) => setTo(e.target.value)} /></label>
      <button type="submit">Apply range</button>
      ${problem && html`<span role="alert" class="error">${problem}</span>`}
    </form>`}
  </div>`;
}
