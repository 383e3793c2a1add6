// Create a composite alarm (/alarms/create-composite): a name, the AlarmRule (ALARM("a") AND
// NOT OK("b") …) with the account's alarms to insert, and a notification topic (SNS ListTopics
// over the query protocol), saved with PutCompositeAlarm. A rule CloudWatch refuses is shown as
// the API words it, with a caret under the position its message names.
import { html, useState, useEffect, useRef } from '../lib/html.mjs';
import { call, query, xmlTexts } from '../lib/api.mjs';
import { Link, navigate } from '../lib/router.mjs';
import { ErrorBox, PageTitle } from '../lib/ui.mjs';

const STATES = ['ALARM', 'OK', 'INSUFFICIENT_DATA'];

// The rule with a caret under the 1-based position an "Error in alarm rule: … at position N"
// names, or null when the message names none.
function RuleCaret({ rule, error }) {
  const m = error && /at position (\d+)/.exec(error.message || '');
  if (!m) return null;
  const at = Math.max(Number(m[1]) - 1, 0);
  const lineStart = rule.lastIndexOf('\n', at - 1) + 1;
  const lineEnd = rule.indexOf('\n', at);
  const line = rule.slice(lineStart, lineEnd < 0 ? undefined : lineEnd);
  // One string: htm drops a static newline between two interpolations.
  return html`<pre aria-label="Rule error position">${line + '\n' + ' '.repeat(at - lineStart) + '^'}</pre>`;
}

// Every alarm's name, page by page (up to 1,000: the rule box takes any name typed).
async function allAlarmNames() {
  const names = [];
  let token;
  do {
    const o = await call('monitoring', 'DescribeAlarms', { AlarmTypes: ['MetricAlarm', 'CompositeAlarm'],
      MaxRecords: 100, ...(token ? { NextToken: token } : {}) });
    names.push(...[...(o.MetricAlarms || []), ...(o.CompositeAlarms || [])].map((a) => a.AlarmName));
    token = o.NextToken;
  } while (token && names.length < 1000);
  return names.sort();
}

export default function CompositeAlarmCreate() {
  const [v, setV] = useState({ name: '', rule: '', description: '', topic: '' });
  const [alarms, setAlarms] = useState([]);
  const [topics, setTopics] = useState([]);
  const [pick, setPick] = useState({ state: 'ALARM', alarm: '' });
  const [error, setError] = useState(null);
  const ruleBox = useRef(null);
  const set = (k) => (e) => setV({ ...v, [k]: e.target.value });

  useEffect(() => {
    allAlarmNames().then(setAlarms, setError);
    // Suggestions only: a user without sns:ListTopics may still type an ARN.
    query('sns', 'ListTopics').then((doc) => setTopics(xmlTexts(doc, 'TopicArn')), () => {});
  }, []);

  // Inserts STATE("alarm") at the cursor, joined with AND when the rule already has a term.
  function insert() {
    if (!pick.alarm) return;
    const box = ruleBox.current;
    const at = box ? box.selectionStart : v.rule.length;
    const before = v.rule.slice(0, at), after = v.rule.slice(at);
    const term = `${pick.state}("${pick.alarm.replace(/"/g, '\\"')}")`;
    const joined = before.trim() && !/(AND|OR|NOT|\()\s*$/.test(before) ? `${before.trimEnd()} AND ${term}` : before + term;
    setV({ ...v, rule: joined + after });
  }

  async function submit(e) {
    e.preventDefault();
    setError(null);
    const input = { AlarmName: v.name.trim(), AlarmRule: v.rule };
    if (v.description.trim()) input.AlarmDescription = v.description.trim();
    if (v.topic.trim()) input.AlarmActions = [v.topic.trim()];
    try {
      await call('monitoring', 'PutCompositeAlarm', input);
      navigate('/alarms/' + encodeURIComponent(input.AlarmName));
    } catch (err) { setError(err); }
  }

  return html`<${PageTitle}>Create composite alarm<//>
    <p><${Link} to="/alarms">Alarms<//> / Create composite alarm</p>
    <form class="form" onSubmit=${submit}>
      <fieldset><legend>Conditions</legend>
        <label for="c-rule">Alarm rule</label>
        <textarea id="c-rule" ref=${ruleBox} rows="5" required value=${v.rule} aria-describedby="c-rule-help"
          placeholder='ALARM("high-latency") AND NOT OK("errors")' onInput=${set('rule')}></textarea>
        <p id="c-rule-help" class="help">ALARM("name"), OK("name"), INSUFFICIENT_DATA("name"), TRUE, FALSE,
          joined with AND, OR, NOT and parentheses.</p>
        <div class="toolbar">
          <label for="c-state">State</label>
          <select id="c-state" value=${pick.state} onChange=${(e) => setPick({ ...pick, state: e.target.value })}>
            ${STATES.map((s) => html`<option>${s}</option>`)}</select>
          <label for="c-alarm">Alarm to insert</label>
          <select id="c-alarm" value=${pick.alarm} onChange=${(e) => setPick({ ...pick, alarm: e.target.value })}>
            <option value="">Choose an alarm</option>
            ${alarms.map((a) => html`<option>${a}</option>`)}</select>
          <button type="button" onClick=${insert} disabled=${!pick.alarm}>Insert</button>
        </div>
      </fieldset>
      <fieldset><legend>Name and notification</legend>
        <label for="c-name">Alarm name</label>
        <input id="c-name" required value=${v.name} onInput=${set('name')} />
        <label for="c-description">Description</label>
        <input id="c-description" value=${v.description} onInput=${set('description')} />
        <label for="c-topic">Notification topic ARN</label>
        <input id="c-topic" list="c-topics" value=${v.topic} placeholder="arn:aws:sns:…" onInput=${set('topic')} />
        <datalist id="c-topics">${topics.map((t) => html`<option value=${t} />`)}</datalist>
      </fieldset>
      <${ErrorBox} error=${error} />
      <${RuleCaret} rule=${v.rule} error=${error} />
      <button type="submit">Create composite alarm</button>
    </form>`;
}
