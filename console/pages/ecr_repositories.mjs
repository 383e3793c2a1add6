// ECR → Repositories: DescribeRepositories, paged; Create repository (CreateRepository).
import { html, useState } from '../lib/html.mjs';
import { call } from '../lib/api.mjs';
import { usePagedCall } from '../lib/paged.mjs';
import { Link, navigate } from '../lib/router.mjs';
import { time } from '../lib/format.mjs';
import { ErrorBox, Loading, PageTitle } from '../lib/ui.mjs';

function CreateRepository() {
  const [name, setName] = useState('');
  const [immutable, setImmutable] = useState(false);
  const [error, setError] = useState(null);
  async function submit(e) {
    e.preventDefault();
    setError(null);
    try {
      await call('ecr', 'CreateRepository', { repositoryName: name.trim(),
        imageTagMutability: immutable ? 'IMMUTABLE' : 'MUTABLE' });
      navigate('/ecr/repositories/' + encodeURIComponent(name.trim()));
    } catch (err) { setError(err); }
  }
  return html`<form class="filters" onSubmit=${submit} aria-label="Create repository">
    <label for="repo-name">Repository name</label>
    <input id="repo-name" required value=${name} placeholder="team/app" onInput=${(e) => setName(e.target.value)} />
    <label class="check"><input type="checkbox" checked=${immutable} onChange=${(e) => setImmutable(e.target.checked)} /> Tag immutability</label>
    <button type="submit">Create repository</button>
    <${ErrorBox} error=${error} />
  </form>`;
}

export default function Repositories() {
  const input = { maxResults: 50 };
  const { out, error, pager } = usePagedCall('ecr', 'DescribeRepositories', input, '');
  const repos = out ? out.repositories || [] : [];
  return html`<${PageTitle}>Repositories<//>
    <${CreateRepository} />
    <${ErrorBox} error=${error} />
    ${!out && !error ? html`<${Loading} />` : null}
    ${out && html`<table class="data" aria-label="Repositories">
      <thead><tr><th>Repository name</th><th>URI</th><th>Created at</th><th>Tag immutability</th></tr></thead>
      <tbody>
        ${repos.length === 0 && html`<tr><td colspan="4">No repositories. Push an image, or <code>aws ecr create-repository --repository-name NAME</code>.</td></tr>`}
        ${repos.map((r) => html`<tr>
          <td><${Link} to=${'/ecr/repositories/' + encodeURIComponent(r.repositoryName)}>${r.repositoryName}<//></td>
          <td><code>${r.repositoryUri}</code></td><td class="nowrap">${time(r.createdAt)}</td>
          <td>${r.imageTagMutability === 'IMMUTABLE' ? 'Immutable' : 'Mutable'}</td></tr>`)}
      </tbody></table>
      ${pager}`}`;
}
