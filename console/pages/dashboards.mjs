// CloudWatch → Dashboards: the list (ListDashboards, followed page by page) and "Create
// dashboard" (PutDashboard with no widgets; widgets are added from the Metrics page), and
// "Delete" of the selected ones (DeleteDashboards).
import { html, useState, useEffect } from '../lib/html.mjs';
import { call } from '../lib/api.mjs';
import { Link, navigate } from '../lib/router.mjs';
import { ErrorBox, Loading, PageTitle } from '../lib/ui.mjs';
import { time } from '../lib/format.mjs';

export default function Dashboards() {
  const [pages, setPages] = useState(null);  // ListDashboards answers so far
  const [error, setError] = useState(null);
  const [name, setName] = useState('');
  const [creating, setCreating] = useState(false);
  const [selected, setSelected] = useState([]);

  function more(token) {
    call('monitoring', 'ListDashboards', token ? { NextToken: token } : {})
      .then((o) => setPages((p) => [...(p || []), o]), setError);
  }
  useEffect(() => more(), []);

  async function create(e) {
    e.preventDefault();
    setError(null);
    try {
      await call('monitoring', 'PutDashboard', { DashboardName: name, DashboardBody: JSON.stringify({ widgets: [] }) });
      navigate('/dashboards/' + encodeURIComponent(name));
    } catch (err) { setError(err); }
  }

  async function remove() {
    if (!confirm(`Delete ${selected.length === 1 ? 'dashboard ' + selected[0] : selected.length + ' dashboards'}?`)) return;
    setError(null);
    try {
      await call('monitoring', 'DeleteDashboards', { DashboardNames: selected });
      setSelected([]);
      setPages(null);
      more();
    } catch (err) { setError(err); }
  }
  const toggle = (n) => (e) => setSelected(e.target.checked ? [...selected, n] : selected.filter((x) => x !== n));

  const rows = pages ? pages.flatMap((p) => p.DashboardEntries || []) : null;
  const token = pages && pages.length ? pages[pages.length - 1].NextToken : null;
  return html`<${PageTitle}>Dashboards<//>
    <div class="toolbar">
      <button type="button" onClick=${() => setCreating(true)}>Create dashboard</button>
      <button type="button" class="danger" disabled=${!selected.length} onClick=${remove}>Delete</button>
    </div>
    ${creating && html`<form class="filters" onSubmit=${create}>
      <label>Dashboard name<input value=${name} required pattern="[A-Za-z0-9_\\-]{1,255}" onInput=${(e) => setName(e.target.value)} /></label>
      <button type="submit">Create</button>
    </form>`}
    <${ErrorBox} error=${error} />
    ${!rows && !error ? html`<${Loading} />` : null}
    ${rows && html`<table class="data" aria-label="Dashboards"><thead><tr><th><span class="visually-hidden">Select</span></th><th>Name</th><th>Last modified</th><th>Size</th></tr></thead><tbody>
      ${rows.length === 0 && html`<tr><td colspan="4">No dashboards yet.</td></tr>`}
      ${rows.map((d) => html`<tr><td><input type="checkbox" aria-label=${'Select ' + d.DashboardName}
          checked=${selected.includes(d.DashboardName)} onChange=${toggle(d.DashboardName)} /></td><td><${Link} to=${'/dashboards/' + encodeURIComponent(d.DashboardName)}>${d.DashboardName}<//></td>
        <td>${time(d.LastModified)}</td><td>${d.Size} bytes</td></tr>`)}
    </tbody></table>
    ${token && html`<div class="pager"><button type="button" onClick=${() => more(token)}>Load more</button></div>`}`}`;
}
