"""A raw S3 client for the tests that need to step outside what botocore sends: SigV4 written
out from the specification (so berth is checked against an independent signer, not only
botocore), aws-chunked bodies with chained chunk signatures, clocks set by hand."""
import datetime
import hashlib
import hmac
import http.client
from urllib.parse import quote, unquote

REGION = "us-east-1"
EMPTY_SHA256 = hashlib.sha256(b"").hexdigest()


def read_key(credentials_file, profile="default"):
    key_id = secret = None
    section = None
    with open(credentials_file) as f:
        for line in f:
            line = line.strip()
            if line.startswith("["):
                section = line[1:-1]
            elif section == profile and line.startswith("aws_access_key_id"):
                key_id = line.split("=", 1)[1].strip()
            elif section == profile and line.startswith("aws_secret_access_key"):
                secret = line.split("=", 1)[1].strip()
    return key_id, secret


def _hmac(key, text):
    return hmac.new(key, text.encode(), hashlib.sha256).digest()


def _encode(text, safe="-_.~"):
    return quote(text, safe=safe)


class Signed:
    """What signing produced: the headers to send and what chunk signatures chain from."""

    def __init__(self, headers, signature, key, scope, amz_date):
        self.headers = headers
        self.signature = signature
        self.key = key
        self.scope = scope
        self.amz_date = amz_date


class RawS3:
    def __init__(self, host, key_id, secret, region=REGION):
        self.host = host
        self.key_id = key_id
        self.secret = secret
        self.region = region

    def sign(self, method, path, query="", headers=None, payload_hash=EMPTY_SHA256, when=None):
        when = when or datetime.datetime.now(datetime.timezone.utc)
        amz_date = when.strftime("%Y%m%dT%H%M%SZ")
        scope = f"{amz_date[:8]}/{self.region}/s3/aws4_request"
        h = {k.lower(): str(v) for k, v in (headers or {}).items()}
        h["host"] = self.host
        h["x-amz-date"] = amz_date
        h["x-amz-content-sha256"] = payload_hash
        names = sorted(h)
        pairs = []
        for item in filter(None, query.split("&")):
            k, _, v = item.partition("=")
            pairs.append((_encode(unquote(k)), _encode(unquote(v))))
        canonical = "\n".join([
            method,
            _encode(unquote(path), safe="/-_.~"),
            "&".join(f"{k}={v}" for k, v in sorted(pairs)),
            "".join(f"{n}:{' '.join(h[n].split())}\n" for n in names),
            ";".join(names),
            payload_hash,
        ])
        to_sign = "\n".join(["AWS4-HMAC-SHA256", amz_date, scope,
                             hashlib.sha256(canonical.encode()).hexdigest()])
        key = _hmac(("AWS4" + self.secret).encode(), amz_date[:8])
        for part in (self.region, "s3", "aws4_request"):
            key = _hmac(key, part)
        signature = hmac.new(key, to_sign.encode(), hashlib.sha256).hexdigest()
        h["authorization"] = (f"AWS4-HMAC-SHA256 Credential={self.key_id}/{scope}, "
                              f"SignedHeaders={';'.join(names)}, Signature={signature}")
        return Signed(h, signature, key, scope, amz_date)

    def send(self, method, path, query="", headers=None, body=b""):
        conn = http.client.HTTPConnection(self.host, timeout=60)
        url = path + ("?" + query if query else "")
        conn.request(method, url, body=body, headers=headers or {})
        res = conn.getresponse()
        data = res.read()
        conn.close()
        return res.status, {k.lower(): v for k, v in res.getheaders()}, data

    def request(self, method, path, query="", headers=None, body=b"", payload_hash=None,
                when=None):
        if payload_hash is None:
            payload_hash = hashlib.sha256(body).hexdigest()
        signed = self.sign(method, path, query, headers, payload_hash, when)
        return self.send(method, path, query, signed.headers, body)

    def chunked_put(self, path, chunks, tamper=None, trailer=None):
        """PUT with STREAMING-AWS4-HMAC-SHA256-PAYLOAD: each chunk signed, chained from the
        request's signature. `tamper(i, data)` may change a chunk after it was signed."""
        payload = b"".join(chunks)
        framed_len = sum(len(_frame(len(c), "0" * 64)) + len(c) + 2 for c in chunks + [b""])
        headers = {"content-encoding": "aws-chunked",
                   "x-amz-decoded-content-length": str(len(payload)),
                   "content-length": str(framed_len)}
        signed = self.sign("PUT", path, "", headers, "STREAMING-AWS4-HMAC-SHA256-PAYLOAD")
        previous = signed.signature
        body = b""
        for i, chunk in enumerate(chunks + [b""]):
            to_sign = "\n".join(["AWS4-HMAC-SHA256-PAYLOAD", signed.amz_date, signed.scope,
                                 previous, EMPTY_SHA256, hashlib.sha256(chunk).hexdigest()])
            previous = hmac.new(signed.key, to_sign.encode(), hashlib.sha256).hexdigest()
            if tamper:
                chunk = tamper(i, chunk)
            body += _frame(len(chunk), previous) + chunk + b"\r\n"
        assert len(body) == framed_len or tamper
        return self.send("PUT", path, "", signed.headers, body)


def _frame(size, signature):
    return f"{size:x};chunk-signature={signature}\r\n".encode()
