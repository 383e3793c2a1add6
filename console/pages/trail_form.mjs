// The trail settings Create trail and a trail's Edit share: storage location (a new S3 bucket or
// an existing one), log file validation, CloudWatch Logs (a new or an existing log group),
// management events. Create trail is AWS's three-step wizard (Choose trail attributes → Next →
// Choose log events → Next → Review and create); Edit shows every section on one form. `save`
// makes the calls AWS's console makes: CreateBucket and the bucket policy CloudTrail needs (S3),
// CreateLogGroup (Logs), then CreateTrail or UpdateTrail, PutEventSelectors, and StartLogging for
// a new trail.
import { html, useState, useEffect } from '../lib/html.mjs';
import { call, s3, xmlTexts } from '../lib/api.mjs';
import { ErrorBox } from '../lib/ui.mjs';

const MANAGEMENT = [['All', 'All'], ['ReadOnly', 'Read'], ['WriteOnly', 'Write']];
const STEPS = ['Choose trail attributes', 'Choose log events', 'Review and create'];

export function logGroupName(arn) {
  const m = /:log-group:([^:]+)/.exec(arn || '');
  return m ? m[1] : '';
}

// AWS's console suggests aws-cloudtrail-logs-ACCOUNT-<8 random hex digits> for both.
function suggestedName(who) {
  const random = [...crypto.getRandomValues(new Uint8Array(4))].map((b) => b.toString(16).padStart(2, '0')).join('');
  return `aws-cloudtrail-logs-${who.accountId}-${random}`;
}

/** The form's starting values for a trail (or a new one when `trail` is undefined). */
export function settingsOf(trail, selectors, who) {
  const management = (selectors || []).find((s) => s.IncludeManagementEvents);
  const suggested = trail ? '' : suggestedName(who);
  return {
    name: trail ? trail.Name : '',
    bucketMode: trail ? 'existing' : 'new',
    bucket: trail ? trail.S3BucketName : suggested,
    validation: trail ? !!trail.LogFileValidationEnabled : true,
    logsEnabled: trail ? !!trail.CloudWatchLogsLogGroupArn : true,
    groupMode: trail && trail.CloudWatchLogsLogGroupArn ? 'existing' : 'new',
    group: trail ? logGroupName(trail.CloudWatchLogsLogGroupArn) : suggested,
    rw: management ? management.ReadWriteType : 'All',
  };
}

// The policy AWS's console puts on a bucket it creates for a trail: CloudTrail may read the
// bucket's ACL and write log files under AWSLogs/ACCOUNT/, for this trail only.
export function bucketPolicy(bucket, trailArn, account) {
  const from = { 'aws:SourceArn': trailArn };
  return JSON.stringify({ Version: '2012-10-17', Statement: [
    { Sid: 'AWSCloudTrailAclCheck20150319', Effect: 'Allow', Principal: { Service: 'cloudtrail.amazonaws.com' },
      Action: 's3:GetBucketAcl', Resource: `arn:aws:s3:::${bucket}`, Condition: { StringEquals: from } },
    { Sid: 'AWSCloudTrailWrite20150319', Effect: 'Allow', Principal: { Service: 'cloudtrail.amazonaws.com' },
      Action: 's3:PutObject', Resource: `arn:aws:s3:::${bucket}/AWSLogs/${account}/*`,
      Condition: { StringEquals: { 's3:x-amz-acl': 'bucket-owner-full-control', ...from } } },
  ] }, null, 2);
}

// Makes the bucket and gives it CloudTrail's policy; the notes say what could not be done.
async function createBucket(bucket, trailName, who, onStep, notes) {
  onStep('Checking the S3 bucket');
  // S3 answers 200 to re-creating one's own bucket in us-east-1: without this check, "new"
  // would silently take an existing bucket and replace its policy.
  if (xmlTexts(await s3('GET', '/'), 'Name').includes(bucket)) {
    throw Object.assign(new Error(`Bucket ${bucket} already exists: choose "Use existing S3 bucket" to deliver to it.`),
      { code: 'BucketAlreadyOwnedByYou' });
  }
  onStep('Creating the S3 bucket');
  await s3('PUT', '/' + encodeURIComponent(bucket));
  onStep('Attaching the bucket policy');
  const arn = `arn:aws:cloudtrail:${who.region}:${who.accountId}:trail/${trailName}`;
  try {
    await s3('PUT', `/${encodeURIComponent(bucket)}?policy`, { body: bucketPolicy(bucket, arn, who.accountId),
      headers: { 'content-type': 'application/json' } });
  } catch (err) {
    // An S3 without bucket policies: berth delivers the log files itself, so none is needed.
    if (err.code !== 'NotImplemented') throw err;
    notes.push(`Bucket ${bucket} was created without a bucket policy: this berth's S3 has no PutBucketPolicy.`);
  }
}

async function useLogGroup(v, onStep) {
  const groupName = v.group.trim();
  if (v.groupMode === 'new') {
    onStep('Creating the log group');
    await call('logs', 'CreateLogGroup', { logGroupName: groupName });
    return groupName;
  }
  onStep('Checking the log group');
  const found = await call('logs', 'DescribeLogGroups', { logGroupNamePrefix: groupName });
  if (!(found.logGroups || []).some((g) => g.logGroupName === groupName)) {
    throw Object.assign(new Error(`Log group ${groupName} does not exist: choose New to create it.`),
      { code: 'ResourceNotFoundException' });
  }
  return groupName;
}

async function save(v, who, creating, onStep) {
  const { region, accountId: account } = who;
  const notes = [];
  const input = { Name: v.name.trim(), S3BucketName: v.bucket.trim(), EnableLogFileValidation: v.validation };
  if (v.bucketMode === 'new') await createBucket(input.S3BucketName, input.Name, who, onStep, notes);
  if (v.logsEnabled) {
    const groupName = await useLogGroup(v, onStep);
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
  return { name: input.Name, notes };
}

// "New" / "Existing" radios for one resource.
function Choice({ name, value, onChange, labels }) {
  return html`<div class="choice" role="radiogroup" aria-label=${labels.group}>
    ${[['new', labels.new], ['existing', labels.existing]].map(([v, label]) => html`<label class="check">
      <input type="radio" name=${name} value=${v} checked=${value === v} onChange=${() => onChange(v)} /> ${label}</label>`)}
  </div>`;
}

function Attributes({ v, set, setV, creating, buckets, groups }) {
  return html`<fieldset><legend>Trail attributes</legend>
      <label for="trail-name">Trail name</label>
      <input id="trail-name" required disabled=${!creating} pattern="[A-Za-z0-9][A-Za-z0-9._\\-]{2,127}"
        value=${v.name} placeholder="ecr-monitor-trail" onInput=${set('name')} />
    </fieldset>
    <fieldset><legend>Storage location</legend>
      <${Choice} name="bucket-mode" value=${v.bucketMode} onChange=${(m) => setV({ ...v, bucketMode: m })}
        labels=${{ group: 'Storage location', new: 'Create new S3 bucket', existing: 'Use existing S3 bucket' }} />
      <label for="bucket">S3 bucket</label>
      <input id="bucket" required value=${v.bucket} aria-describedby="bucket-help" onInput=${set('bucket')}
        list=${v.bucketMode === 'existing' ? 'buckets' : undefined} pattern="[a-z0-9][a-z0-9.\\-]{1,61}[a-z0-9]" />
      <datalist id="buckets">${buckets.map((b) => html`<option value=${b} />`)}</datalist>
      <p id="bucket-help" class="help">${v.bucketMode === 'new'
        ? 'A new bucket of this account, with the bucket policy CloudTrail needs; log files go under AWSLogs/.'
        : 'One of this account\'s buckets; log files go under AWSLogs/.'}</p>
      <label class="check"><input id="validation" type="checkbox" checked=${v.validation}
        onChange=${set('validation')} /> Log file validation</label>
    </fieldset>
    <fieldset><legend>CloudWatch Logs</legend>
      <label class="check"><input id="cwl" type="checkbox" checked=${v.logsEnabled}
        onChange=${set('logsEnabled')} /> Enabled</label>
      ${v.logsEnabled && html`<${Choice} name="group-mode" value=${v.groupMode} onChange=${(m) => setV({ ...v, groupMode: m })}
        labels=${{ group: 'Log group', new: 'New', existing: 'Existing' }} />`}
      <label for="group">Log group name</label>
      <input id="group" value=${v.group} disabled=${!v.logsEnabled} required=${v.logsEnabled} aria-describedby="group-help"
        list=${v.groupMode === 'existing' ? 'groups' : undefined} placeholder="/aws/cloudtrail/ecr-logs" onInput=${set('group')} />
      <datalist id="groups">${groups.map((g) => html`<option value=${g} />`)}</datalist>
      <p id="group-help" class="help">${v.groupMode === 'new' ? 'Created with the trail.' : 'One of this account\'s log groups.'}</p>
    </fieldset>`;
}

function Events({ v, setV }) {
  return html`<fieldset><legend>Management events</legend>
    ${MANAGEMENT.map(([value, label]) => html`<label class="check">
      <input type="radio" name="management" value=${value} checked=${v.rw === value}
        onChange=${() => setV({ ...v, rw: value })} /> ${label}</label>`)}
  </fieldset>`;
}

function Review({ v }) {
  const mode = (m) => (m === 'new' ? 'new' : 'existing');
  return html`<dl class="props" aria-label="Review">
    <dt>Trail name</dt><dd>${v.name}</dd>
    <dt>S3 bucket</dt><dd>${v.bucket} (${mode(v.bucketMode)})</dd>
    <dt>Log file validation</dt><dd>${v.validation ? 'Enabled' : 'Disabled'}</dd>
    <dt>CloudWatch Logs</dt><dd>${v.logsEnabled ? `${v.group} (${mode(v.groupMode)})` : 'Not enabled'}</dd>
    <dt>Management events</dt><dd>${MANAGEMENT.find(([x]) => x === v.rw)[1]}</dd>
  </dl>`;
}

export function TrailForm({ who, initial, creating, onSaved, onCancel }) {
  const [v, setV] = useState(initial);
  const [error, setError] = useState(null);
  const [step, setStep] = useState('');
  const [page, setPage] = useState(0);  // the wizard's step (creating only)
  const [buckets, setBuckets] = useState([]);
  const [groups, setGroups] = useState([]);
  const set = (k) => (e) => setV({ ...v, [k]: e.target.type === 'checkbox' ? e.target.checked : e.target.value });

  // What "existing" may choose from (suggestions only: a failed listing is not an error here).
  useEffect(() => {
    s3('GET', '/').then((doc) => setBuckets(xmlTexts(doc, 'Name')), () => {});
    call('logs', 'DescribeLogGroups', { limit: 50 }).then((o) => setGroups((o.logGroups || []).map((g) => g.logGroupName)), () => {});
  }, []);

  async function submit(e) {
    e.preventDefault();
    if (creating && page < STEPS.length - 1) { setPage(page + 1); return; }
    setError(null);
    try {
      const { name, notes } = await save(v, who, creating, setStep);
      onSaved(name, notes);
    } catch (err) {
      setError(err);
      setStep('');
    }
  }

  const attributes = html`<${Attributes} v=${v} set=${set} setV=${setV} creating=${creating} buckets=${buckets} groups=${groups} />`;
  const events = html`<${Events} v=${v} setV=${setV} />`;
  let body;
  if (!creating) body = [attributes, events];
  else body = [attributes, events, html`<${Review} v=${v} />`][page];
  const last = !creating || page === STEPS.length - 1;
  return html`<form class="form" onSubmit=${submit}>
      ${creating && html`<ol class="wizard" aria-label="Steps">${STEPS.map((s, i) => html`<li aria-current=${i === page ? 'step' : undefined}>
        Step ${i + 1}: ${s}</li>`)}</ol><h2>${STEPS[page]}</h2>`}
      ${body}
      <${ErrorBox} error=${error} />
      ${step && html`<p role="status">${step}…</p>`}
      <div class="toolbar">
        ${creating && page > 0 && html`<button type="button" onClick=${() => setPage(page - 1)}>Previous</button>`}
        <button type="submit" disabled=${!!step}>${!last ? 'Next' : creating ? 'Create trail' : 'Save changes'}</button>
        ${onCancel && html`<button type="button" onClick=${onCancel}>Cancel</button>`}
      </div>
    </form>`;
}
