// Calls berth's ordinary AWS APIs the way any SDK would — AWS JSON (`call`, X-Amz-Target), the
// query protocol (`query`: IAM, SNS; the service named in X-Berth-Service, as an unsigned call
// has no credential scope to name it) and S3's REST API (`s3`) — authenticated by the session
// cookie plus the X-Berth-Csrf header instead of a signature.
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

const QUERY_VERSIONS = { iam: '2010-05-08', sns: '2010-03-31', sts: '2011-06-15' };

// The error of an XML answer: S3's <Error><Code>, the query protocol's <ErrorResponse><Error>.
function xmlError(r, doc) {
  const text = (tag) => { const e = doc && doc.getElementsByTagName(tag)[0]; return e ? e.textContent : ''; };
  const code = text('Code') || `HTTP${r.status}`;
  if (code === 'ExpiredTokenException' || code === 'ExpiredToken') sessionLost();
  return new ApiError(code, text('Message'), r.status);
}

function parseXml(text) {
  return text ? new DOMParser().parseFromString(text, 'application/xml') : null;
}

/** A query-protocol operation: query('sns', 'ListTopics', {...}) → the answer's XML Document. */
export async function query(service, action, params = {}) {
  const s = session();
  const r = await fetch('/', {
    method: 'POST',
    credentials: 'same-origin',
    headers: {
      'content-type': 'application/x-www-form-urlencoded; charset=utf-8',
      'x-berth-service': service,
      'x-berth-csrf': s ? s.csrfToken : '',
    },
    body: new URLSearchParams({ Action: action, Version: QUERY_VERSIONS[service], ...params }),
  });
  const doc = parseXml(await r.text());
  if (!r.ok) throw xmlError(r, doc);
  return doc;
}

/** The text of every `tag` element of an XML answer, in order. */
export function xmlTexts(doc, tag) {
  return doc ? [...doc.getElementsByTagName(tag)].map((e) => e.textContent) : [];
}

/** An S3 REST call: s3('PUT', '/bucket', {body}) → the answer's XML Document (or null). */
export async function s3(method, path, { body, headers = {} } = {}) {
  const s = session();
  const r = await fetch(path, {
    method,
    credentials: 'same-origin',
    headers: { ...headers, 'x-berth-csrf': s ? s.csrfToken : '' },
    body,
  });
  const doc = parseXml(await r.text());
  if (!r.ok) throw xmlError(r, doc);
  return doc;
}
