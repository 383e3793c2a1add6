// The trail settings form Create trail and a trail's Edit share: S3 bucket, log file
// validation, CloudWatch Logs (a new or existing log group), management events. `save` makes
// the calls AWS's console makes: CreateLogGroup when the group does not exist, then
// CreateTrail or UpdateTrail, PutEventSelectors, and StartLogging for a new trail.
import { html, useState } from '../lib/html.mjs';
import { call } from '../lib/api.mjs';
import { ErrorBox } from '../lib/ui.mjs';

const MANAGEMENT = [['All', 'All'], ['ReadOnly', 'Read'], ['WriteOnly', 'Write']];

export function logGroupName(arn) {
  const m = /:log-group:([^:]+)/.exec(arn || '');
  return m ? m[1] : '';
}

/** The form's starting values for a trail (or a new one when `trail` is undefined). */
export function settingsOf(trail, selectors) {
  const management = (selectors || []).find((s) => s.IncludeManagementEvents);
  return {
    name: trail ? trail.Name : '',
    bucket: trail ? trail.S3BucketName : '',
    validation: trail ? !!trail.LogFileValidationEnabled : true,
    logsEnabled: trail ? !!trail.CloudWatchLogsLogGroupArn : true,
    group: trail ? logGroupName(trail.CloudWatchLogsLogGroupArn) : '',
    rw: management ? management.ReadWriteType : 'All',
  };
}

async function save(v, who, creating, onStep) {
  const { region, accountId: account } = who;
  const input = { Name: v.name.trim(), S3BucketName: v.bucket.trim(), EnableLogFileValidation: v.validation };
  if (v.logsEnabled) {
    const groupName = v.group.trim() || `aws-cloudtrail-logs-${account}-${input.Name}`;
    onStep('Checking the log group');
    const found = await call('logs', 'DescribeLogGroups', { logGroupNamePrefix: groupName });
    if (!(found.logGroups || []).some((g) => g.logGroupName === groupName)) {
      onStep('Creating the log group');
      await call('logs', 'CreateLogGroup', { logGroupName: groupName });
    }
    input.CloudWatchLogsLogGroupArn = `arn:aws:logs:${region}:${account}:log-group:${groupName}:*`;
    // AWS's console makes (or reuses) a role CloudTrail assumes to write to the group;
    // berth delivers itself and checks only the ARN's shape.
    input.CloudWatchLogsRoleArn = `arn:aws:iam::${account}:role/CloudTrailRoleForCloudWatchLogs`;
  } else if (!creating) {
    input.CloudWatchLogsLogGroupArn = '';
    input.CloudWatchLogsRoleArn = '';
  }
  if (creating) {
    onStep('Creating the trail');
    await call('cloudtrail', 'CreateTrail', { ...input, IsMultiRegionTrail: true, IncludeGlobalServiceEvents: true });
  } else {
    onStep('Saving the trail');
    await call('cloudtrail', 'UpdateTrail', input);
  }
  onStep('Choosing management events');
  await call('cloudtrail', 'PutEventSelectors', { TrailName: input.Name,
    EventSelectors: [{ ReadWriteType: v.rw, IncludeManagementEvents: true }] });
  if (creating) {
    onStep('Starting logging');
    await call('cloudtrail', 'StartLogging', { Name: input.Name });
  }
  return input.Name;
}

export function TrailForm({ who, initial, creating, onSaved, onCancel }) {
  const [v, setV] = useState(initial);
  const [error, setError] = useState(null);
  const [step, setStep] = useState('');
  const set = (k) => (e) => setV({ ...v, [k]: e.target.type === 'checkbox' ? e.target.checked : e.target.value });

  async function submit(e) {
    e.preventDefault();
    setError(null);
    try {
      const name = await save(v, who, creating, setStep);
      onSaved(name);
    } catch (err) {
      setError(err);
      setStep('');
    }
  }

  return html`<form class="form" onSubmit=${submit}>
      <fieldset><legend>Trail attributes</legend>
        <label for="trail-name">Trail name</label>
        <input id="trail-name" required disabled=${!creating} pattern="[A-Za-z0-9][A-Za-z0-9._\\-]{2,127}"
          value=${v.name} placeholder="ecr-monitor-trail" onInput=${set('name')} />
        <label for="bucket">S3 bucket</label>
        <input id="bucket" required value=${v.bucket} aria-describedby="bucket-help" onInput=${set('bucket')} />
        <p id="bucket-help" class="help">An existing bucket of this account (make one with
          <code>aws s3 mb s3://NAME</code>): log files are delivered under AWSLogs/.</p>
        <label class="check"><input id="validation" type="checkbox" checked=${v.validation}
          onChange=${set('validation')} /> Log file validation</label>
      </fieldset>
      <fieldset><legend>CloudWatch Logs</legend>
        <label class="check"><input id="cwl" type="checkbox" checked=${v.logsEnabled}
          onChange=${set('logsEnabled')} /> Enabled</label>
        <label for="group">Log group name</label>
        <input id="group" value=${v.group} disabled=${!v.logsEnabled} aria-describedby="group-help"
          placeholder="/aws/cloudtrail/ecr-logs" onInput=${set('group')} />
        <p id="group-help" class="help">New or existing: created when it does not exist.</p>
      </fieldset>
      <fieldset><legend>Management events</legend>
        ${MANAGEMENT.map(([value, label]) => html`<label class="check">
          <input type="radio" name="management" value=${value} checked=${v.rw === value}
            onChange=${() => setV({ ...v, rw: value })} /> ${label}</label>`)}
      </fieldset>
      <${ErrorBox} error=${error} />
      ${step && html`<p role="status">${step}…</p>`}
      <div class="toolbar">
        <button type="submit" disabled=${!!step}>${creating ? 'Create trail' : 'Save changes'}</button>
        ${onCancel && html`<button type="button" onClick=${onCancel}>Cancel</button>`}
      </div>
    </form>`;
}
