"""What the CloudWatch Logs benchmarks share: signing Logs_20140328 calls with botocore's SigV4
(one signature per body, valid 15 minutes, so a batch can be replayed), calling over a
kept-alive connection, and PutLogEvents batches cut at AWS's limits."""
import http.client
import json
import os
import subprocess

import botocore.auth
import botocore.awsrequest
import botocore.credentials

REGION = "us-east-1"
TARGET_PREFIX = "Logs_20140328."
MAX_BATCH_BYTES = 1048576   # message bytes + 26 per event
EVENT_OVERHEAD = 26
MAX_BATCH_EVENTS = 10000


def signed_headers(endpoint, credentials, operation, body):
    """The headers of one signed call (Host included, as the signature covers it)."""
    request = botocore.awsrequest.AWSRequest(
        method="POST", url=endpoint + "/", data=body,
        headers={"X-Amz-Target": TARGET_PREFIX + operation,
                 "Content-Type": "application/x-amz-json-1.1"})
    botocore.auth.SigV4Auth(botocore.credentials.Credentials(*credentials), "logs",
                            REGION).add_auth(request)
    headers = dict(request.headers.items())
    headers["Host"] = endpoint[len("http://"):]
    return headers


class Client:
    """Signed Logs calls over one kept-alive connection."""

    def __init__(self, endpoint, credentials):
        self.endpoint, self.credentials = endpoint, credentials
        host, port = endpoint[len("http://"):].split(":")
        self.conn = http.client.HTTPConnection(host, int(port), timeout=600)

    def call(self, operation, params=None, body=None):
        body = body if body is not None else json.dumps(params or {}).encode()
        headers = signed_headers(self.endpoint, self.credentials, operation, body)
        try:
            self.conn.request("POST", "/", body=body, headers=headers)
            response = self.conn.getresponse()
        except (BrokenPipeError, ConnectionResetError, http.client.RemoteDisconnected):
            # The server closes a connection left idle past its keep-alive timeout (60 s), as
            # during a long wrk run: reconnect once and resend.
            self.conn.close()
            self.conn.request("POST", "/", body=body, headers=headers)
            response = self.conn.getresponse()
        data = response.read()
        if response.status != 200:
            raise RuntimeError(f"{operation}: HTTP {response.status}: {data[:300]!r}")
        return json.loads(data) if data else {}


def batches(events):
    """Splits (timestamp, message) pairs into PutLogEvents batches at AWS's limits."""
    batch, size = [], 0
    for ts, message in events:
        cost = len(message.encode()) + EVENT_OVERHEAD
        if batch and (size + cost > MAX_BATCH_BYTES or len(batch) >= MAX_BATCH_EVENTS):
            yield batch
            batch, size = [], 0
        batch.append({"timestamp": ts, "message": message})
        size += cost
    if batch:
        yield batch


def commit():
    here = os.path.dirname(os.path.abspath(__file__))
    return subprocess.run(["git", "-C", here, "rev-parse", "--short", "HEAD"],
                          capture_output=True, text=True).stdout.strip()
