// CloudTrail → Create trail: the walkthrough's steps 3–6, AWS's wizard (trail_form.mjs).
import { html } from '../lib/html.mjs';
import { navigate } from '../lib/router.mjs';
import { PageTitle, flash } from '../lib/ui.mjs';
import { TrailForm, settingsOf } from './trail_form.mjs';

export default function CreateTrail({ who }) {
  return html`<${PageTitle}>Create trail<//>
    <${TrailForm} who=${who} initial=${settingsOf(undefined, undefined, who)} creating=${true}
      onSaved=${(name, notes) => { flash(notes); navigate('/cloudtrail/trails/' + encodeURIComponent(name)); }} />`;
}
