"""The CloudTrail journal's formats: a data dir whose journal was written plain (as before
compression, or with `--event-journal-compression off`) is served by a berth that compresses,
and LookupEvents finds the events of both; `--event-journal-max-mib` is accepted."""
import os
import re
import shutil
import tempfile

import boto3
import botocore.config

from conftest import Berth


def client(server, service):
    creds = open(server.credentials_file).read()
    key_id = re.search(r"aws_access_key_id\s*=\s*(\S+)", creds).group(1)
    secret = re.search(r"aws_secret_access_key\s*=\s*(\S+)", creds).group(1)
    return boto3.client(service, endpoint_url=server.endpoint, region_name="us-east-1",
                        aws_access_key_id=key_id, aws_secret_access_key=secret,
                        config=botocore.config.Config(retries={"max_attempts": 1}))


def repositories_created(trail):
    names = set()
    for page in trail.get_paginator("lookup_events").paginate(
            LookupAttributes=[{"AttributeKey": "EventName", "AttributeValue": "CreateRepository"}]):
        for e in page["Events"]:
            names.update(r["ResourceName"] for r in e.get("Resources", []))
    return names


def test_a_plain_journal_is_read_and_continued_compressed():
    tmp = tempfile.mkdtemp(prefix="berth-journal-format-")
    server = Berth(os.path.join(tmp, "data"))
    try:
        server.extra_args = ["--event-journal-compression", "off"]
        server.start()
        for i in range(5):
            client(server, "ecr").create_repository(repositoryName=f"plain/r{i}")
        assert server.stop() == 0
        journal = os.path.join(server.data_dir, "cloudtrail-journal")
        assert any(n.endswith(".log") for n in os.listdir(journal))
        assert not any(n.endswith(".zlog") for n in os.listdir(journal))

        server.extra_args = ["--event-journal-max-mib", "4096"]
        server.start()
        for i in range(5):
            client(server, "ecr").create_repository(repositoryName=f"zstd/r{i}")
        assert any(n.endswith(".zlog") for n in os.listdir(journal))
        found = repositories_created(client(server, "cloudtrail"))
        for i in range(5):
            assert any(n.endswith(f"plain/r{i}") for n in found), found
            assert any(n.endswith(f"zstd/r{i}") for n in found), found
    finally:
        server.stop()
        shutil.rmtree(tmp, ignore_errors=True)
