// A dashboard's "Add widget" (/dashboards/NAME/add), as AWS's console asks it: the widget type
// (Line, Number, Text), then for a metric widget its data source, Metrics, which opens All
// metrics to choose them ("Create widget" there); a text widget's Markdown is written here and
// appended to the body with PutDashboard.
import { html, useState } from '../lib/html.mjs';
import { call } from '../lib/api.mjs';
import { Link, navigate } from '../lib/router.mjs';
import { ErrorBox, PageTitle, ValidationMessages } from '../lib/ui.mjs';
import { appendWidget } from './dashboard_add.mjs';

const TYPES = [['timeSeries', 'Line', 'Metrics over time.'], ['singleValue', 'Number', 'The latest value of each metric.'],
  ['text', 'Text', 'Markdown: notes, links, a runbook.']];

export default function AddWidget({ params }) {
  const name = params.name;
  const [type, setType] = useState('timeSeries');
  const [markdown, setMarkdown] = useState('');
  const [error, setError] = useState(null);

  async function addText(e) {
    e.preventDefault();
    setError(null);
    try {
      await appendWidget(name, { type: 'text', width: 12, height: 4, properties: { markdown } });
      navigate('/dashboards/' + encodeURIComponent(name));
    } catch (err) { setError(err); }
  }

  const metrics = '/metrics?' + new URLSearchParams({ dashboard: name, ...(type === 'timeSeries' ? {} : { view: type }) });
  return html`<${PageTitle}>Add widget<//>
    <p><${Link} to="/dashboards">Dashboards<//> / <${Link} to=${'/dashboards/' + encodeURIComponent(name)}>${name}<//> / Add widget</p>
    <form class="form" onSubmit=${addText}>
      <fieldset><legend>Widget type</legend>
        ${TYPES.map(([value, label, help]) => html`<div class="choice">
          <label class="check"><input type="radio" name="widget-type" value=${value} checked=${type === value}
            aria-describedby=${'wt-' + value} onChange=${() => setType(value)} /> ${label}</label>
          <span class="help" id=${'wt-' + value}>${help}</span></div>`)}
      </fieldset>
      ${type === 'text' ? html`<fieldset><legend>Text</legend>
          <label for="w-markdown">Markdown</label>
          <textarea id="w-markdown" rows="8" required value=${markdown} onInput=${(e) => setMarkdown(e.target.value)}></textarea>
        </fieldset>
        <${ErrorBox} error=${error} />
        <${ValidationMessages} error=${error} />
        <button type="submit">Create widget</button>`
      : html`<fieldset><legend>Data source</legend>
          <p><${Link} class="button" to=${metrics}>Metrics<//></p>
          <p class="help">Choose a namespace, tick the metrics, then "Create widget".</p>
        </fieldset>`}
    </form>`;
}
