// The landing page: the walkthrough's places, one click each.
import { html } from '../lib/html.mjs';
import { Link } from '../lib/router.mjs';
import { PageTitle } from '../lib/ui.mjs';

export default function Home({ who }) {
  return html`<${PageTitle}>berth<//>
    <p>Signed in as <code>${who.arn}</code>. Everything here is an ordinary AWS API call of
      berth's, authorized by your IAM policies and recorded in CloudTrail.</p>
    <ul class="cards">
      <li><${Link} to="/cloudtrail/events">CloudTrail event history<//>: who did what, when</li>
      <li><${Link} to="/cloudtrail/events?attribute=EventSource&value=ecr.amazonaws.com">The registry's events<//> (event source ecr.amazonaws.com)</li>
      <li><${Link} to="/cloudtrail/trails">Trails<//>: deliver events to S3 and CloudWatch Logs</li>
      <li><${Link} to="/ecr/repositories">ECR repositories<//>: images, tags, digests, push commands</li>
      <li><${Link} to="/logs/groups">Log groups<//> and <${Link} to="/logs/insights">Logs Insights<//></li>
      <li><${Link} to="/metrics?namespace=AWS/ECR">Metrics: AWS/ECR<//></li>
      <li><${Link} to="/dashboards">Dashboards<//> and <${Link} to="/alarms">alarms<//></li>
    </ul>`;
}
