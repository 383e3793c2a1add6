// ECR → a repository's images: tags, digests, sizes, push times (DescribeImages, paged), and the
// commands that log in to and push to this berth.
import { html } from '../lib/html.mjs';
import { usePagedCall } from '../lib/paged.mjs';
import { Link } from '../lib/router.mjs';
import { time, bytes } from '../lib/format.mjs';
import { ErrorBox, Loading, PageTitle } from '../lib/ui.mjs';
import { PolicyEditor, REPOSITORY_POLICY, LIFECYCLE_POLICY } from './policy_editor.mjs';

export default function Images({ params, who }) {
  const name = params.name;
  const input = { repositoryName: name, maxResults: 50 };
  const { out, error, pager } = usePagedCall('ecr', 'DescribeImages', input, name);
  const host = location.host;
  const endpoint = `${location.protocol}//${host}`;
  const images = out ? (out.imageDetails || []).slice().sort((a, b) => (b.imagePushedAt || 0) - (a.imagePushedAt || 0)) : [];
  return html`<${PageTitle}>${name}<//>
    <p><${Link} to="/ecr/repositories">Repositories<//> / ${name} ·
      <${Link} to=${'/cloudtrail/events?attribute=ResourceName&value=' + encodeURIComponent(`arn:aws:ecr:${who.region}:${who.accountId}:repository/${name}`)}>Events of this repository<//></p>
    <${ErrorBox} error=${error} />
    ${!out && !error ? html`<${Loading} />` : null}
    ${out && html`<table class="data" aria-label="Images">
      <thead><tr><th>Image tags</th><th>Digest</th><th>Size</th><th>Pushed at</th><th>Media type</th></tr></thead>
      <tbody>
        ${images.length === 0 && html`<tr><td colspan="5">No images yet.</td></tr>`}
        ${images.map((i) => html`<tr>
          <td>${(i.imageTags || []).join(', ') || html`<em>untagged</em>`}</td>
          <td><code title=${i.imageDigest}>${i.imageDigest}</code></td>
          <td class="nowrap">${bytes(i.imageSizeInBytes)}</td><td class="nowrap">${time(i.imagePushedAt)}</td>
          <td>${i.imageManifestMediaType || ''}</td></tr>`)}
      </tbody></table>
      ${pager}`}
    <section aria-labelledby="push-h"><h2 id="push-h">Push commands</h2>
      <pre class="commands" tabindex="0">${[
        `aws ecr get-login-password --endpoint-url ${endpoint} --region ${who.region} \\`,
        `  | docker login --username AWS --password-stdin ${host}`,
        `docker tag IMAGE ${host}/${name}:TAG`,
        `docker push ${host}/${name}:TAG`,
        '',
        '# or, without a Docker daemon:',
        `aws ecr get-login-password --endpoint-url ${endpoint} --region ${who.region} \\`,
        `  | skopeo login --tls-verify=false --username AWS --password-stdin ${host}`,
        `skopeo copy --dest-tls-verify=false docker-archive:IMAGE.tar docker://${host}/${name}:TAG`,
      ].join('\n')}</pre>
      <p class="help">docker needs <code>${host}</code> in its <code>insecure-registries</code> while berth serves plain HTTP.</p>
    </section>
    <${PolicyEditor} repository=${name} kind=${REPOSITORY_POLICY} />
    <${PolicyEditor} repository=${name} kind=${LIFECYCLE_POLICY} />`;
}
