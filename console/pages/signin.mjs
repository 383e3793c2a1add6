// Sign in with an access key: the secret signs the request here and is never sent.
import { html, useState } from '../lib/html.mjs';
import { signIn } from '../lib/session.mjs';
import { navigate } from '../lib/router.mjs';
import { PageTitle } from '../lib/ui.mjs';

export default function SignIn({ query }) {
  const [keyId, setKeyId] = useState('');
  const [secret, setSecret] = useState('');
  const [region, setRegion] = useState('us-east-1');
  const [error, setError] = useState(null);
  const [busy, setBusy] = useState(false);

  async function submit(e) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await signIn(keyId.trim(), secret, region.trim() || 'us-east-1');
      setSecret('');
      const next = query.get('next');
      navigate(next && next.startsWith('/console/') ? next.slice('/console'.length) : '/', { replace: true });
    } catch (err) {
      setError(err.message);
    } finally {
      setBusy(false);
    }
  }

  return html`<section class="signin">
    <${PageTitle}>Sign in to berth<//>
    <p>Use an access key of an IAM user of this berth. The secret signs the sign-in request in
      this page (AWS Signature Version 4) and never leaves it.</p>
    <form onSubmit=${submit}>
      <label for="akid">Access key ID</label>
      <input id="akid" name="accessKeyId" autocomplete="username" required value=${keyId}
        onInput=${(e) => setKeyId(e.target.value)} />
      <label for="secret">Secret access key</label>
      <input id="secret" name="secretAccessKey" type="password" autocomplete="current-password" required
        value=${secret} onInput=${(e) => setSecret(e.target.value)} />
      <label for="region">Region</label>
      <input id="region" name="region" value=${region} onInput=${(e) => setRegion(e.target.value)} />
      ${error && html`<div class="error" role="alert">${error}</div>`}
      <button type="submit" disabled=${busy}>Sign in</button>
    </form>
  </section>`;
}
