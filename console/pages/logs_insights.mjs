// CloudWatch → Logs Insights: StartQuery over the chosen log groups, GetQueryResults polled
// until the query ends; results in a table, one column per field. Saved queries are the
// account's query definitions (DescribeQueryDefinitions, PutQueryDefinition).
import { html, useState, useEffect, useRef } from '../lib/html.mjs';
import { call, callAll } from '../lib/api.mjs';
import { ErrorBox, PageTitle } from '../lib/ui.mjs';

// The histogram of matches over time (as AWS's console draws for queries without stats): the
// query's filter/parse/fields commands again, counted by bin(). Bins per range: about 60.
const BINS = { '1h': '1m', '24h': '30m', '7d': '3h', '30d': '12h' };

// Splits a query at its top-level pipes (not inside quotes, backticks or /regex/).
function commands(query) {
  const out = [];
  let cur = '', quote = null;
  for (let i = 0; i < query.length; i++) {
    const c = query[i];
    if (quote) {
      if (c === '\\') { cur += c + (query[++i] || ''); continue; }
      if (c === quote) quote = null;
    } else if (c === '"' || c === "'" || c === '`' || (c === '/' && /(like|=~)\s*$/.test(cur))) {
      quote = c;
    } else if (c === '|') {
      out.push(cur.trim());
      cur = '';
      continue;
    }
    cur += c;
  }
  out.push(cur.trim());
  return out.filter(Boolean);
}

/** The histogram query for `query`, or null when it has stats (AWS draws none then). */
export function histogramQuery(query, range) {
  const parts = commands(query);
  if (parts.some((c) => /^stats\b/i.test(c))) return null;
  const kept = parts.filter((c) => /^(filter|parse|fields)\b/i.test(c));
  return [...kept, `stats count(*) as matches by bin(${BINS[range] || '30m'})`].join(' | ');
}

async function runQuery(input) {
  const { queryId } = await call('logs', 'StartQuery', input);
  for (;;) {
    const r = await call('logs', 'GetQueryResults', { queryId });
    if (!['Scheduled', 'Running'].includes(r.status)) return r;
    await new Promise((ok) => setTimeout(ok, 400));
  }
}

const UNIT_SECONDS = { s: 1, m: 60, h: 3600, d: 86400 };

// `rows`: the histogram query's results (only bins with matches); `start`/`end` (epoch seconds)
// and `bin` ("30m") the query's range, drawn whole with its empty bins, as AWS's console does.
function Histogram({ rows, start, end, bin }) {
  const counts = new Map(rows.map((r) => {
    const get = (pred) => (r.find((f) => pred(f.field)) || {}).value;
    const at = Date.parse(String(get((f) => f.startsWith('bin('))).replace(' ', 'T') + 'Z') / 1000;
    return [at, Number(get((f) => f === 'matches') || 0)];
  }));
  const m = /^(\d+)([smhd])$/.exec(bin || '');
  const step = m ? Number(m[1]) * UNIT_SECONDS[m[2]] : 1800;
  const label = (t) => new Date(t * 1000).toISOString().slice(0, 16).replace('T', ' ');
  const bins = [];
  for (let t = Math.floor(start / step) * step; t < end; t += step) bins.push({ t: label(t), n: counts.get(t) || 0 });
  const max = Math.max(1, ...bins.map((b) => b.n));
  const total = bins.reduce((a, b) => a + b.n, 0);
  return html`<figure class="histogram">
    <div class="bars" role="img" aria-label=${`Matches over time: ${total} in ${bins.length} intervals`}>
      ${bins.map((b) => html`<span title=${`${b.t}: ${b.n}`} style=${{ height: `${(100 * b.n) / max}%` }}></span>`)}
    </div>
    <figcaption>${total} matching events, ${label(start)} – ${label(end)} UTC, one bar per ${bin}</figcaption>
  </figure>`;
}

const DEFAULT_QUERY = 'fields @timestamp, @message\n| sort @timestamp desc\n| limit 20';
const RANGES = [['1h', 'Last hour', 3600], ['24h', 'Last 24 hours', 86400], ['7d', 'Last 7 days', 604800], ['30d', 'Last 30 days', 2592000]];

export default function Insights({ query }) {
  const [groups, setGroups] = useState([]);
  const [chosen, setChosen] = useState(query.getAll('group'));
  const [text, setText] = useState(query.get('query') || DEFAULT_QUERY);
  const [range, setRange] = useState('24h');
  const [run, setRun] = useState(null);  // {status, results, statistics}
  const [histogram, setHistogram] = useState(null);  // rows of the histogram query
  const [error, setError] = useState(null);
  const queryId = useRef(null);
  const [saved, setSaved] = useState([]);
  const [saveName, setSaveName] = useState('');
  const [note, setNote] = useState('');

  const loadSaved = () => call('logs', 'DescribeQueryDefinitions', { maxResults: 100 })
    .then((o) => setSaved(o.queryDefinitions || []), setError);
  useEffect(() => { loadSaved(); }, []);

  function pick(id) {
    const d = saved.find((x) => x.queryDefinitionId === id);
    if (!d) return;
    setText(d.queryString);
    setSaveName(d.name);
    if (d.logGroupNames && d.logGroupNames.length) setChosen(d.logGroupNames);
  }
  async function saveQuery() {
    setError(null);
    setNote('');
    try {
      const existing = saved.find((x) => x.name === saveName.trim());
      const input = { name: saveName.trim(), queryString: text, logGroupNames: chosen };
      if (existing) input.queryDefinitionId = existing.queryDefinitionId;
      await call('logs', 'PutQueryDefinition', input);
      setNote(`Saved as "${input.name}".`);
      await loadSaved();
    } catch (err) { setError(err); }
  }

  useEffect(() => {
    callAll('logs', 'DescribeLogGroups', { limit: 50 }, 'logGroups').then(
      (gs) => setGroups(gs.map((g) => g.logGroupName)), setError);
    return () => { if (queryId.current) call('logs', 'StopQuery', { queryId: queryId.current }).catch(() => {}); };
  }, []);

  async function start(e) {
    e.preventDefault();
    setError(null);
    setRun({ status: 'Scheduled', results: [] });
    setHistogram(null);
    const seconds = (RANGES.find((r) => r[0] === range) || RANGES[1])[2];
    const end = Math.floor(Date.now() / 1000);
    const hq = histogramQuery(text, range);
    if (hq) {
      runQuery({ logGroupNames: chosen, queryString: hq, startTime: end - seconds, endTime: end + 60 })
        .then((r) => setHistogram(r.status === 'Complete'
          ? { rows: r.results || [], start: end - seconds, end, bin: BINS[range] || '30m' } : null), () => setHistogram(null));
    }
    try {
      const { queryId: id } = await call('logs', 'StartQuery', { logGroupNames: chosen,
        queryString: text, startTime: end - seconds, endTime: end + 60 });
      queryId.current = id;
      for (;;) {
        const r = await call('logs', 'GetQueryResults', { queryId: id });
        setRun(r);
        if (!['Scheduled', 'Running'].includes(r.status)) break;
        await new Promise((ok) => setTimeout(ok, 400));
      }
      queryId.current = null;
    } catch (err) {
      setError(err);
      setRun(null);
    }
  }

  const rows = run ? run.results || [] : [];
  const columns = [];
  for (const row of rows) for (const f of row) if (f.field !== '@ptr' && !columns.includes(f.field)) columns.push(f.field);
  const busy = run && ['Scheduled', 'Running'].includes(run.status);
  return html`<${PageTitle}>Logs Insights<//>
    <form class="form wide" onSubmit=${start}>
      <label for="groups">Log groups</label>
      <select id="groups" multiple size=${Math.min(6, Math.max(3, groups.length))} required
        onChange=${(e) => setChosen([...e.target.selectedOptions].map((o) => o.value))}>
        ${groups.map((g) => html`<option value=${g} selected=${chosen.includes(g)}>${g}</option>`)}
      </select>
      <label for="irange">Time range</label>
      <select id="irange" value=${range} onChange=${(e) => setRange(e.target.value)}>
        ${RANGES.map(([k, l]) => html`<option value=${k}>${l}</option>`)}
      </select>
      <label for="query">Query</label>
      <textarea id="query" rows="6" spellcheck="false" value=${text} onInput=${(e) => setText(e.target.value)}></textarea>
      <div class="toolbar">
        <button type="submit" disabled=${busy}>Run query</button>
        <label for="save-name">Query name</label>
        <input id="save-name" value=${saveName} onInput=${(e) => setSaveName(e.target.value)} />
        <button type="button" disabled=${!saveName.trim() || !text.trim()} onClick=${saveQuery}>Save query</button>
        <label for="saved">Saved queries</label>
        <select id="saved" onChange=${(e) => pick(e.target.value)}>
          <option value="">${saved.length ? 'Choose…' : 'None yet'}</option>
          ${saved.map((d) => html`<option value=${d.queryDefinitionId}>${d.name}</option>`)}
        </select>
      </div>
      ${note && html`<p role="status">${note}</p>`}
    </form>
    <${ErrorBox} error=${error} />
    ${run && html`<p role="status">${run.status}${run.statistics ? ` · ${run.statistics.recordsMatched} of ${run.statistics.recordsScanned} records matched` : ''}</p>`}
    ${histogram && html`<${Histogram} ...${histogram} />`}
    ${run && !busy && html`<table class="data" role="table" aria-label="Query results">
      <thead><tr>${columns.map((c) => html`<th scope="col">${c}</th>`)}</tr></thead>
      <tbody>
        ${rows.map((row) => html`<tr>
          ${columns.map((c) => html`<td class="message">${(row.find((f) => f.field === c) || {}).value || ''}</td>`)}
        </tr>`)}
        ${rows.length === 0 && html`<tr><td>No results.</td></tr>`}
      </tbody>
    </table>`}`;
}
