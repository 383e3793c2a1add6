"""Generates SigV4 golden cases with botocore, the signer the aws CLI and boto3 use.

Run: python3 tests/cases/sigv4/generate.py  (rewrites the *.case files beside this script).
Each case is a request exactly as it goes on the wire (method, raw path and query, headers,
body) plus the secret to verify it with, the server's clock, and the expected outcome.
"""
import datetime
import os
from urllib.parse import urlsplit

import botocore.auth
import botocore.awsrequest
import botocore.credentials

HERE = os.path.dirname(os.path.abspath(__file__))
KEY_ID = "AKIAIOSFODNN7EXAMPLE"
SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
SIGNED_AT = datetime.datetime(2026, 11, 25, 4, 44, 18, tzinfo=datetime.timezone.utc)


class Frozen(datetime.datetime):
    @classmethod
    def utcnow(cls):
        return SIGNED_AT.replace(tzinfo=None)

    @classmethod
    def now(cls, tz=None):
        return SIGNED_AT if tz else SIGNED_AT.replace(tzinfo=None)


def sign(method, url, headers=None, body=b"", service="ecr", presign_expires=None, s3=False):
    request = botocore.awsrequest.AWSRequest(method=method, url=url, data=body,
                                             headers=headers or {})
    creds = botocore.credentials.Credentials(KEY_ID, SECRET)
    if presign_expires:
        signer = botocore.auth.SigV4QueryAuth(creds, service, "us-east-1", presign_expires)
    elif s3:
        signer = botocore.auth.S3SigV4Auth(creds, service, "us-east-1")
    else:
        signer = botocore.auth.SigV4Auth(creds, service, "us-east-1")
    original = botocore.auth.datetime.datetime
    botocore.auth.datetime.datetime = Frozen
    try:
        signer.add_auth(request)
    finally:
        botocore.auth.datetime.datetime = original
    prepared = request.prepare()
    parts = urlsplit(prepared.url)
    header_lines = []
    for name, value in prepared.headers.items():
        header_lines.append((name.lower(), value))
    if not any(n == "host" for n, _ in header_lines):
        header_lines.insert(0, ("host", parts.netloc))
    return {
        "method": method, "path": parts.path, "query": parts.query,
        "headers": header_lines, "body": prepared.body or b"",
    }


def write(name, req, expect="ok", secret=SECRET, now=SIGNED_AT, s3=False, body=None):
    lines = [f"secret: {secret}", f"now: {now.strftime('%Y%m%dT%H%M%SZ')}",
             f"s3: {'true' if s3 else 'false'}", f"method: {req['method']}",
             f"path: {req['path']}", f"query: {req['query']}"]
    for n, v in req["headers"]:
        lines.append(f"header: {n}: {v}")
    data = req["body"] if body is None else body
    if isinstance(data, str):
        data = data.encode()
    lines.append(f"body-hex: {data.hex()}")
    lines.append(f"expect: {expect}")
    with open(os.path.join(HERE, name + ".case"), "w") as f:
        f.write("\n".join(lines) + "\n")


def main():
    ecr_headers = {"X-Amz-Target": "AmazonEC2ContainerRegistry_V20150921.DescribeRepositories",
                   "Content-Type": "application/x-amz-json-1.1"}
    post = sign("POST", "http://127.0.0.1:5000/", dict(ecr_headers), b'{"maxResults": 5}')
    write("post_json_body", post)
    write("wrong_secret", post, "InvalidSignatureException", secret="x" * 40)
    write("tampered_body", post, "InvalidSignatureException", body=b'{"maxResults": 6}')
    write("stale_sixteen_minutes", post, "InvalidSignatureException:Signature expired",
          now=SIGNED_AT + datetime.timedelta(minutes=16))
    write("future_sixteen_minutes", post, "InvalidSignatureException:Signature not yet current",
          now=SIGNED_AT - datetime.timedelta(minutes=16))
    write("within_fourteen_minutes", post, now=SIGNED_AT + datetime.timedelta(minutes=14))
    write("query_unsorted_and_repeated",
          sign("GET", "http://127.0.0.1:5000/?b=2&a=3&a=1&c=&Action=List"))
    write("path_with_space_and_unicode",
          sign("GET", "http://127.0.0.1:5000/foo%20bar/%C3%BCber/a+b"))
    write("path_with_dot_segments", sign("GET", "http://127.0.0.1:5000/a/./b/../c//d/"))
    write("header_values_spaces_and_commas",
          sign("POST", "http://127.0.0.1:5000/", {"X-Amz-Meta-Thing": "  a   b  c ",
                                                  "X-Amz-Target": "x.y",
                                                  "X-Amz-Other": "1, 2,3"}, b"{}"))
    write("query_with_reserved_characters",
          sign("GET", "http://127.0.0.1:5000/?key=a%2Fb%3Dc&sp=x%20y&t=~&u=%2A"))
    presigned = sign("GET", "http://127.0.0.1:5000/?Action=DescribeThings&Version=1",
                     presign_expires=300)
    write("presigned_get", presigned)
    write("presigned_expired", presigned, "InvalidSignatureException",
          now=SIGNED_AT + datetime.timedelta(seconds=301))
    write("presigned_wrong_secret", presigned, "InvalidSignatureException", secret="z" * 40)
    s3 = sign("PUT", "http://127.0.0.1:5000/bucket/key%20name.txt", {}, b"hello", service="s3",
              s3=True)
    write("s3_put_object", s3, s3=True)


if __name__ == "__main__":
    main()
