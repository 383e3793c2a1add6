// CloudTrail → Create trail: the walkthrough's steps 3–6 on one form. Creates the log group when
// it does not exist yet (CreateLogGroup), then CreateTrail, PutEventSelectors (management
// events: read, write or all) and StartLogging — the calls AWS's console makes.
import { html, useState } from '../lib/html.mjs';
import { call } from '../lib/api.mjs';
import { navigate } from '../lib/router.mjs';
import { ErrorBox, PageTitle } from '../lib/ui.mjs';

const MANAGEMENT = [['All', 'All'], ['ReadOnly', 'Read'], ['WriteOnly', 'Write']];

export default function CreateTrail({ who }) {
  const [name, setName] = useState('');
  const [bucket, setBucket] = useState('');
  const [validation, setValidation] = useState(true);
  const [logsEnabled, setLogsEnabled] = useState(true);
  const [group, setGroup] = useState('');
  const [rw, setRw] = useState('All');
  const [error, setError] = useState(null);
  const [step, setStep] = useState('');

  async function submit(e) {
    e.preventDefault();
    setError(null);
    const region = who.region, account = who.accountId;
    try {
      const input = { Name: name.trim(), S3BucketName: bucket.trim(), EnableLogFileValidation: validation,
        IsMultiRegionTrail: true, IncludeGlobalServiceEvents: true };
      const groupName = (group.trim() || `aws-cloudtrail-logs-${account}-${name.trim()}`);
      if (logsEnabled) {
        setStep('Checking the log group');
        const found = await call('logs', 'DescribeLogGroups', { logGroupNamePrefix: groupName });
        if (!(found.logGroups || []).some((g) => g.logGroupName === groupName)) {
          setStep('Creating the log group');
          await call('logs', 'CreateLogGroup', { logGroupName: groupName });
        }
        input.CloudWatchLogsLogGroupArn = `arn:aws:logs:${region}:${account}:log-group:${groupName}:*`;
        // AWS's console makes (or reuses) a role CloudTrail assumes to write to the group;
        // berth delivers itself and checks only the ARN's shape.
        input.CloudWatchLogsRoleArn = `arn:aws:iam::${account}:role/CloudTrailRoleForCloudWatchLogs`;
      }
      setStep('Creating the trail');
      await call('cloudtrail', 'CreateTrail', input);
      setStep('Choosing management events');
      await call('cloudtrail', 'PutEventSelectors', { TrailName: input.Name,
        EventSelectors: [{ ReadWriteType: rw, IncludeManagementEvents: true }] });
      setStep('Starting logging');
      await call('cloudtrail', 'StartLogging', { Name: input.Name });
      navigate('/cloudtrail/trails/' + encodeURIComponent(input.Name));
    } catch (err) {
      setError(err);
      setStep('');
    }
  }

  return html`<${PageTitle}>Create trail<//>
    <form class="form" onSubmit=${submit}>
      <fieldset><legend>Trail attributes</legend>
        <label for="trail-name">Trail name</label>
        <input id="trail-name" required pattern="[A-Za-z0-9][A-Za-z0-9._\\-]{2,127}" value=${name}
          placeholder="ecr-monitor-trail" onInput=${(e) => setName(e.target.value)} />
        <label for="bucket">S3 bucket</label>
        <input id="bucket" required value=${bucket} aria-describedby="bucket-help" onInput=${(e) => setBucket(e.target.value)} />
        <p id="bucket-help" class="help">An existing bucket of this account (make one with
          <code>aws s3 mb s3://NAME</code>): log files are delivered under AWSLogs/.</p>
        <label class="check"><input id="validation" type="checkbox" checked=${validation}
          onChange=${(e) => setValidation(e.target.checked)} /> Log file validation</label>
      </fieldset>
      <fieldset><legend>CloudWatch Logs</legend>
        <label class="check"><input id="cwl" type="checkbox" checked=${logsEnabled}
          onChange=${(e) => setLogsEnabled(e.target.checked)} /> Enabled</label>
        <label for="group">Log group name</label>
        <input id="group" value=${group} disabled=${!logsEnabled} aria-describedby="group-help"
          placeholder="/aws/cloudtrail/ecr-logs" onInput=${(e) => setGroup(e.target.value)} />
        <p id="group-help" class="help">New or existing: created when it does not exist.</p>
      </fieldset>
      <fieldset><legend>Management events</legend>
        ${MANAGEMENT.map(([value, label]) => html`<label class="check">
          <input type="radio" name="management" value=${value} checked=${rw === value}
            onChange=${() => setRw(value)} /> ${label}</label>`)}
      </fieldset>
      <${ErrorBox} error=${error} />
      ${step && html`<p role="status">${step}…</p>`}
      <button type="submit" disabled=${!!step}>Create trail</button>
    </form>`;
}
