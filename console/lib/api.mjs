// Calls berth's ordinary AWS APIs the way any SDK would (AWS JSON protocol, X-Amz-Target),
// authenticated by the session cookie plus the X-Berth-Csrf header instead of a signature.
// The console has no private API: what it shows is what these operations answer, authorized
// by the user's IAM policies and recorded in CloudTrail.
import { session, sessionLost } from './session.mjs';

const SERVICES = {
  cloudtrail: { prefix: 'com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101', json: '1.1' },
  ecr: { prefix: 'AmazonEC2ContainerRegistry_V20150921', json: '1.1' },
  logs: { prefix: 'Logs_20140328', json: '1.1' },
  monitoring: { prefix: 'GraniteServiceVersion20100801', json: '1.0' },
};

export class ApiError extends Error {
  constructor(code, message, status) {
    super(message || code);
    this.code = code;
    this.status = status;
  }
  // The IAM action an AccessDenied names ("… not authorized to perform: ecr:PutImage on …").
  get deniedAction() {
    const m = /not authorized to perform: ([\w-]+:[\w*]+)/.exec(this.message || '');
    return m ? m[1] : null;
  }
}

/** One operation: call('cloudtrail', 'LookupEvents', {...}) → the decoded JSON answer. */
export async function call(service, operation, input = {}) {
  const spec = SERVICES[service];
  const s = session();
  const r = await fetch('/', {
    method: 'POST',
    credentials: 'same-origin',
    headers: {
      'content-type': `application/x-amz-json-${spec.json}`,
      'x-amz-target': `${spec.prefix}.${operation}`,
      'x-berth-csrf': s ? s.csrfToken : '',
    },
    body: JSON.stringify(input),
  });
  const text = await r.text();
  let body = {};
  try { body = text ? JSON.parse(text) : {}; } catch { body = { message: text }; }
  if (!r.ok) {
    const code = String(body.__type || r.headers.get('x-amzn-errortype') || `HTTP${r.status}`).split('#').pop();
    const err = new ApiError(code, body.message || body.Message, r.status);
    err.body = body;  // e.g. PutDashboard's dashboardValidationMessages
    if (code === 'ExpiredTokenException') sessionLost();
    throw err;
  }
  return body;
}

/** Follows a paged operation until `max` items or no more pages. */
export async function callAll(service, operation, input, listKey, tokenKey = 'nextToken', max = 1000) {
  const items = [];
  let token;
  do {
    const out = await call(service, operation, token ? { ...input, [tokenKey]: token } : input);
    items.push(...(out[listKey] || []));
    token = out[tokenKey] || out.NextToken;
  } while (token && items.length < max);
  return items;
}
