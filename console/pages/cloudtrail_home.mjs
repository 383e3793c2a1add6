import { html, useEffect } from '../lib/html.mjs';
import { navigate } from '../lib/router.mjs';

export default function CloudTrailHome() {
  useEffect(() => navigate('/cloudtrail/events', { replace: true }), []);
  return html`<p>Opening Event history…</p>`;
}
