// A JSON policy document editor for one repository: ECR's repository policy or lifecycle policy.
// Shows the stored document (or none), checks the text is JSON before saving, and says what
// berth answered (a refused document keeps the editor open with the error).
import { html, useState, useEffect } from '../lib/html.mjs';
import { call } from '../lib/api.mjs';
import { ErrorBox } from '../lib/ui.mjs';

// kind: {title, id, get, put, del, field, missing} — the operations and fields of one policy.
export const REPOSITORY_POLICY = { title: 'Repository policy', id: 'repo-policy',
  get: 'GetRepositoryPolicy', put: 'SetRepositoryPolicy', del: 'DeleteRepositoryPolicy',
  field: 'policyText', missing: 'RepositoryPolicyNotFoundException' };
export const LIFECYCLE_POLICY = { title: 'Lifecycle policy', id: 'lifecycle-policy',
  get: 'GetLifecyclePolicy', put: 'PutLifecyclePolicy', del: 'DeleteLifecyclePolicy',
  field: 'lifecyclePolicyText', missing: 'LifecyclePolicyNotFoundException' };

export function PolicyEditor({ repository, kind }) {
  const [stored, setStored] = useState(undefined);  // undefined: loading, null: none
  const [text, setText] = useState('');
  const [error, setError] = useState(null);
  const [note, setNote] = useState('');

  async function load() {
    try {
      const out = await call('ecr', kind.get, { repositoryName: repository });
      const pretty = JSON.stringify(JSON.parse(out[kind.field]), null, 2);
      setStored(pretty);
      setText(pretty);
    } catch (err) {
      if (err.code === kind.missing) { setStored(null); setText(''); } else setError(err);
    }
  }
  useEffect(() => { load(); }, [repository]);

  async function save(e) {
    e.preventDefault();
    setError(null);
    setNote('');
    try {
      JSON.parse(text);
    } catch (err) {
      setError({ code: 'Not JSON', message: err.message });
      return;
    }
    try {
      await call('ecr', kind.put, { repositoryName: repository, [kind.field]: text });
      setNote('Saved.');
      await load();
    } catch (err) { setError(err); }
  }
  async function remove() {
    setError(null);
    try {
      await call('ecr', kind.del, { repositoryName: repository });
      setNote('Deleted.');
      await load();
    } catch (err) { setError(err); }
  }

  return html`<section aria-labelledby=${kind.id + '-h'}>
    <h2 id=${kind.id + '-h'}>${kind.title}</h2>
    ${stored === undefined && !error ? html`<p class="loading">Loading…</p>` : html`<form onSubmit=${save} class="form wide">
      <label for=${kind.id}>${kind.title} JSON</label>
      <textarea id=${kind.id} rows="10" spellcheck="false" value=${text} placeholder=${stored === null ? 'None: paste a policy document to set one.' : ''}
        onInput=${(e) => setText(e.target.value)}></textarea>
      <${ErrorBox} error=${error} />
      ${note && html`<p role="status">${note}</p>`}
      <div class="toolbar">
        <button type="submit" disabled=${!text.trim() || text === stored}>Save ${kind.title.toLowerCase()}</button>
        ${stored && html`<button type="button" class="danger" onClick=${remove}>Delete ${kind.title.toLowerCase()}</button>`}
      </div>
    </form>`}
  </section>`;
}
