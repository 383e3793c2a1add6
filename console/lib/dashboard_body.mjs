// A CloudWatch dashboard body (the JSON PutDashboard stores) as the console draws it: a metric
// widget's `metrics` array → GetMetricData queries, and a text widget's Markdown → Preact nodes.
import { html } from './html.mjs';

/**
 * The GetMetricData queries of a metric widget's properties. Each row of `metrics` is
 * [Namespace, MetricName, DimName, DimValue, ..., {options}] where "." repeats the previous row's
 * value at that position, or [{expression, id?, label?}] (metric math). Row options (stat, period,
 * label, id, visible) override the widget's `stat`/`period`.
 */
export function widgetQueries(props) {
  const queries = [];
  let previous = [];
  let metrics = 0, expressions = 0;
  (props.metrics || []).forEach((row) => {
    const last = row.length && typeof row[row.length - 1] === 'object' ? row[row.length - 1] : {};
    const items = last === row[row.length - 1] ? row.slice(0, -1) : row;
    // Unnamed rows get the AWS console's ids (as GetMetricWidgetImage does): metrics m1, m2, …
    // and expressions e1, e2, …, counted apart, so an expression may say "m1 + m2".
    const expression = items.length === 0 && last.expression;
    const id = last.id || (expression ? 'e' + ++expressions : 'm' + ++metrics);
    const visible = last.visible !== false;
    if (expression) {
      queries.push({ Id: id, Expression: last.expression, Label: last.label || last.expression, ReturnData: visible,
        Period: last.period || props.period || 300 });
      return;
    }
    const full = items.map((v, k) => (v === '.' ? previous[k] : v));
    previous = full;
    const [Namespace, MetricName, ...pairs] = full;
    const Dimensions = [];
    for (let k = 0; k + 1 < pairs.length; k += 2) Dimensions.push({ Name: pairs[k], Value: String(pairs[k + 1]) });
    const dims = Dimensions.map((d) => `${d.Name}=${d.Value}`).join(', ');
    queries.push({ Id: id, ReturnData: visible, Label: last.label || MetricName + (dims ? ` (${dims})` : ''),
      MetricStat: { Metric: { Namespace, MetricName, Dimensions }, Period: last.period || props.period || 300,
        Stat: last.stat || props.stat || 'Average' } });
  });
  return queries;
}

/** A widget's time span in seconds: `start` like "-PT3H" (the dashboard's default is 3 hours). */
export function spanSeconds(start) {
  const m = /^-P(?:(\d+)D)?T?(?:(\d+)H)?(?:(\d+)M)?$/.exec(start || '');
  if (!m) return 10800;
  return ((+m[1] || 0) * 86400 + (+m[2] || 0) * 3600 + (+m[3] || 0) * 60) || 10800;
}

// Inline Markdown: `code`, **bold**, *em*, [text](url). Nodes, never HTML strings: whatever the
// text holds is escaped by Preact. Links are kept only for http(s), mailto and relative URLs.
function inline(text) {
  const out = [];
  const re = /`([^`]+)`|\*\*([^*]+)\*\*|\*([^*]+)\*|\[([^\]]+)\]\(([^)\s]+)\)/g;
  let at = 0;
  for (let m; (m = re.exec(text));) {
    if (m.index > at) out.push(text.slice(at, m.index));
    if (m[1] !== undefined) out.push(html`<code>${m[1]}</code>`);
    else if (m[2] !== undefined) out.push(html`<strong>${m[2]}</strong>`);
    else if (m[3] !== undefined) out.push(html`<em>${m[3]}</em>`);
    else if (/^(https?:|mailto:|\/|#)/i.test(m[5])) out.push(html`<a href=${m[5]} rel="noopener noreferrer">${m[4]}</a>`);
    else out.push(m[0]);  // e.g. javascript: — shown as the text it is
    at = re.lastIndex;
  }
  if (at < text.length) out.push(text.slice(at));
  return out;
}

/** A text widget's Markdown: headings, paragraphs, lists, fenced code, inline code/links. */
export function markdown(src) {
  const lines = String(src || '').replace(/\r\n?/g, '\n').split('\n');
  const blocks = [];
  for (let i = 0; i < lines.length;) {
    const line = lines[i];
    if (/^```/.test(line)) {
      const code = [];
      for (i++; i < lines.length && !/^```/.test(lines[i]); i++) code.push(lines[i]);
      i++;
      blocks.push(html`<pre><code>${code.join('\n')}</code></pre>`);
    } else if (/^#{1,6}\s/.test(line)) {
      const level = /^#+/.exec(line)[0].length;
      blocks.push(html`<${'h' + Math.min(level + 1, 6)}>${inline(line.replace(/^#+\s*/, ''))}<//>`);
      i++;
    } else if (/^\s*([-*+]|\d+\.)\s/.test(line)) {
      const ordered = /^\s*\d+\./.test(line);
      const items = [];
      for (; i < lines.length && /^\s*([-*+]|\d+\.)\s/.test(lines[i]); i++) items.push(lines[i].replace(/^\s*([-*+]|\d+\.)\s+/, ''));
      const lis = items.map((t) => html`<li>${inline(t)}</li>`);
      blocks.push(ordered ? html`<ol>${lis}</ol>` : html`<ul>${lis}</ul>`);
    } else if (line.trim() === '') {
      i++;
    } else {
      const para = [];
      for (; i < lines.length && lines[i].trim() !== '' && !/^(#{1,6}\s|```|\s*([-*+]|\d+\.)\s)/.test(lines[i]); i++) para.push(lines[i]);
      blocks.push(html`<p>${inline(para.join(' '))}</p>`);
    }
  }
  return blocks;
}
