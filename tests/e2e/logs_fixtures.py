"""Fixtures the CloudWatch Logs tests share (imported by them: pytest finds fixtures imported
into a test module)."""
import pytest

from conftest import boto3_client


@pytest.fixture
def logs(berth, monkeypatch):
    """A boto3 CloudWatch Logs client on the session's berth."""
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", berth.credentials_file)
    monkeypatch.setenv("AWS_CONFIG_FILE", "/dev/null")
    return boto3_client(berth, "logs")
