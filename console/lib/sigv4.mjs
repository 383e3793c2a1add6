// AWS Signature Version 4 in the browser with WebCrypto (HMAC-SHA256, SHA-256). Used only by
// the sign-in: the page signs its login request with the secret the user typed, and sends the
// signature, never the secret.
const enc = new TextEncoder();

function hex(buffer) {
  return [...new Uint8Array(buffer)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

async function sha256Hex(text) {
  return hex(await crypto.subtle.digest('SHA-256', enc.encode(text)));
}

async function hmac(key, text) {
  const k = await crypto.subtle.importKey('raw', typeof key === 'string' ? enc.encode(key) : key,
    { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  return crypto.subtle.sign('HMAC', k, enc.encode(text));
}

// RFC 3986 encoding, as SigV4's canonical request wants it.
function uriEncode(s) {
  return encodeURIComponent(s).replace(/[!'()*]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase());
}

/**
 * Signs a request; returns the headers to send (Authorization, X-Amz-Date,
 * X-Amz-Content-Sha256 and the given ones). `host` must be the Host the browser will send.
 * @param {{method:string, host:string, path:string, body:string, headers?:Object,
 *          service:string, region:string, accessKeyId:string, secretAccessKey:string,
 *          now?:Date}} req
 */
export async function signRequest(req) {
  const now = req.now || new Date();
  const amzDate = now.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
  const dateStamp = amzDate.slice(0, 8);
  const payloadHash = await sha256Hex(req.body || '');
  const headers = { ...(req.headers || {}), host: req.host, 'x-amz-date': amzDate,
    'x-amz-content-sha256': payloadHash };
  const names = Object.keys(headers).map((n) => n.toLowerCase()).sort();
  const lower = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), String(v).trim()]));
  const canonicalHeaders = names.map((n) => `${n}:${lower[n]}\n`).join('');
  const signedHeaders = names.join(';');
  const canonicalPath = req.path.split('/').map(uriEncode).join('/');
  const canonicalRequest = [req.method, canonicalPath, '', canonicalHeaders, signedHeaders, payloadHash].join('\n');
  const scope = `${dateStamp}/${req.region}/${req.service}/aws4_request`;
  const stringToSign = ['AWS4-HMAC-SHA256', amzDate, scope, await sha256Hex(canonicalRequest)].join('\n');
  let key = await hmac('AWS4' + req.secretAccessKey, dateStamp);
  key = await hmac(key, req.region);
  key = await hmac(key, req.service);
  key = await hmac(key, 'aws4_request');
  const signature = hex(await hmac(key, stringToSign));
  delete lower.host;  // the browser sets Host itself
  return { ...lower, authorization:
    `AWS4-HMAC-SHA256 Credential=${req.accessKeyId}/${scope}, SignedHeaders=${signedHeaders}, Signature=${signature}` };
}
