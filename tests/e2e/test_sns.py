"""Amazon SNS end to end: topics and their attributes and tags with boto3 and both aws CLIs,
an HTTP endpoint that confirms through the SubscribeURL and verifies every message's signature
(versions 1 and 2) with the certificate berth serves, raw delivery, email-json into CloudWatch
Logs, AWS's errors, and delivery that survives kill -9."""
import json
import os
import shutil
import signal
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid

import boto3
import botocore.config
import botocore.exceptions
import pytest
from cryptography.exceptions import InvalidSignature

from conftest import REGION, Berth, boto3_client
from sns_receiver import Receiver, self_signed_tls, verify_signature


@pytest.fixture
def sns(berth, monkeypatch):
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", berth.credentials_file)
    monkeypatch.setenv("AWS_CONFIG_FILE", "/dev/null")
    return boto3_client(berth, "sns")


@pytest.fixture
def logs_client(berth, monkeypatch):
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", berth.credentials_file)
    monkeypatch.setenv("AWS_CONFIG_FILE", "/dev/null")
    return boto3_client(berth, "logs")


@pytest.fixture
def receiver():
    r = Receiver()
    yield r
    r.stop()


def topic_name():
    return f"e2e-{uuid.uuid4().hex[:10]}"


def error_of(call, *args, **kwargs):
    with pytest.raises(botocore.exceptions.ClientError) as e:
        call(*args, **kwargs)
    return e.value.response["Error"]["Code"], e.value.response["Error"]["Message"]


def attributes(sns, arn):
    return sns.get_topic_attributes(TopicArn=arn)["Attributes"]


def subscribe_confirmed(sns, arn, receiver):
    """Subscribes the receiver and confirms as a real endpoint does: a plain GET of SubscribeURL."""
    protocol = receiver.url.split(":")[0]
    assert sns.subscribe(TopicArn=arn, Protocol=protocol,
                         Endpoint=receiver.url)["SubscriptionArn"] == "pending confirmation"
    headers, msg = receiver.get_json()
    assert msg["Type"] == "SubscriptionConfirmation"
    with urllib.request.urlopen(msg["SubscribeURL"], timeout=10) as answer:
        body = answer.read().decode()
    assert "<ConfirmSubscriptionResult><SubscriptionArn>" in body
    sub_arn = body.split("<SubscriptionArn>")[1].split("</SubscriptionArn>")[0]
    assert sub_arn.startswith(arn + ":")
    return sub_arn, headers, msg


def test_topics_round_trip_and_page_by_100(sns):
    prefix = topic_name()
    arns = [sns.create_topic(Name=f"{prefix}-{i:03d}")["TopicArn"] for i in range(105)]
    assert arns[0].startswith(f"arn:aws:sns:{REGION}:") and arns[0].endswith(f"{prefix}-000")
    # Creating it again is answered with the same ARN.
    assert sns.create_topic(Name=f"{prefix}-000")["TopicArn"] == arns[0]
    seen, pages, token = [], 0, None
    while True:
        page = sns.list_topics(**({"NextToken": token} if token else {}))
        assert len(page["Topics"]) <= 100
        seen += [t["TopicArn"] for t in page["Topics"]]
        pages += 1
        token = page.get("NextToken")
        if not token:
            break
    assert pages >= 2 and set(arns) <= set(seen) and len(seen) == len(set(seen))
    got = attributes(sns, arns[0])
    assert got["TopicArn"] == arns[0] and got["DisplayName"] == ""
    assert got["SubscriptionsConfirmed"] == "0" and got["SubscriptionsPending"] == "0"
    assert json.loads(got["Policy"])["Statement"][0]["Resource"] == arns[0]
    effective = json.loads(got["EffectiveDeliveryPolicy"])
    assert effective["http"]["defaultHealthyRetryPolicy"]["numRetries"] == 3
    sns.set_topic_attributes(TopicArn=arns[0], AttributeName="DisplayName", AttributeValue="Ops")
    assert attributes(sns, arns[0])["DisplayName"] == "Ops"
    # Different attributes for an existing name are refused, as AWS refuses them.
    code, msg = error_of(sns.create_topic, Name=f"{prefix}-000", Attributes={"DisplayName": "x"})
    assert code == "InvalidParameter" and "different attributes" in msg
    for arn in arns:
        sns.delete_topic(TopicArn=arn)
    assert error_of(sns.get_topic_attributes, TopicArn=arns[0]) == ("NotFound",
                                                                    "Topic does not exist")
    sns.delete_topic(TopicArn=arns[0])  # deleting it again succeeds, as on AWS


def test_topics_and_tags_with_the_aws_clis(aws):
    name = topic_name()
    _, out, _ = aws("sns", "create-topic", "--name", name, "--tags", "Key=team,Value=ops")
    arn = out["TopicArn"]
    _, out, _ = aws("sns", "list-topics")
    assert arn in [t["TopicArn"] for t in out["Topics"]]
    aws("sns", "set-topic-attributes", "--topic-arn", arn, "--attribute-name", "DisplayName",
        "--attribute-value", "Team ops")
    _, out, _ = aws("sns", "get-topic-attributes", "--topic-arn", arn)
    assert out["Attributes"]["DisplayName"] == "Team ops"
    aws("sns", "tag-resource", "--resource-arn", arn, "--tags", "Key=env,Value=dev")
    _, out, _ = aws("sns", "list-tags-for-resource", "--resource-arn", arn)
    assert sorted((t["Key"], t["Value"]) for t in out["Tags"]) == [("env", "dev"), ("team", "ops")]
    aws("sns", "untag-resource", "--resource-arn", arn, "--tag-keys", "team")
    _, out, _ = aws("sns", "list-tags-for-resource", "--resource-arn", arn)
    assert out["Tags"] == [{"Key": "env", "Value": "dev"}]
    _, out, _ = aws("sns", "publish", "--topic-arn", arn, "--message", "nobody listens")
    assert len(out["MessageId"]) == 36
    aws("sns", "delete-topic", "--topic-arn", arn)
    code, _, err = aws("sns", "get-topic-attributes", "--topic-arn", arn, check=False)
    assert code != 0 and "NotFound" in err


@pytest.mark.parametrize("version", ["1", "2"])
def test_http_endpoint_confirms_receives_and_verifies(sns, receiver, version):
    arn = sns.create_topic(Name=topic_name(), Attributes={"SignatureVersion": version})["TopicArn"]
    assert attributes(sns, arn)["SignatureVersion"] == version
    sub_arn, headers, confirmation = subscribe_confirmed(sns, arn, receiver)
    assert headers["x-amz-sns-message-type"] == "SubscriptionConfirmation"
    assert headers["x-amz-sns-topic-arn"] == arn
    assert headers["x-amz-sns-message-id"] == confirmation["MessageId"]
    assert headers["Content-Type"] == "text/plain; charset=UTF-8"
    assert headers["User-Agent"] == "Amazon Simple Notification Service Agent"
    assert confirmation["SignatureVersion"] == version and confirmation["Token"]
    assert confirmation["Message"].startswith(f"You have chosen to subscribe to the topic {arn}.")
    verify_signature(confirmation)
    subs = sns.list_subscriptions_by_topic(TopicArn=arn)["Subscriptions"]
    assert subs == [{"SubscriptionArn": sub_arn, "Owner": arn.split(":")[4], "Protocol": "http",
                     "Endpoint": receiver.url, "TopicArn": arn}]
    assert attributes(sns, arn)["SubscriptionsConfirmed"] == "1"

    message_id = sns.publish(
        TopicArn=arn, Subject="Disk almost full", Message="92% used on /data",
        MessageAttributes={"severity": {"DataType": "String", "StringValue": "high"},
                           "count": {"DataType": "Number", "StringValue": "3"}})["MessageId"]
    headers, msg = receiver.get_json()
    assert headers["x-amz-sns-message-type"] == "Notification"
    assert headers["x-amz-sns-subscription-arn"] == sub_arn
    assert headers["x-amz-sns-message-id"] == message_id == msg["MessageId"]
    assert msg["Type"] == "Notification" and msg["TopicArn"] == arn
    assert msg["Subject"] == "Disk almost full" and msg["Message"] == "92% used on /data"
    assert msg["MessageAttributes"] == {"severity": {"Type": "String", "Value": "high"},
                                        "count": {"Type": "Number", "Value": "3"}}
    assert msg["Timestamp"].endswith("Z") and msg["SignatureVersion"] == version
    verify_signature(msg)
    # A changed message no longer verifies.
    with pytest.raises(InvalidSignature):
        verify_signature(dict(msg, Message="0% used"))

    # The UnsubscribeURL, a plain GET as on AWS, ends the subscription; the endpoint is told,
    # with a SubscribeURL that restores it.
    with urllib.request.urlopen(msg["UnsubscribeURL"], timeout=10) as answer:
        assert answer.status == 200
    assert sns.list_subscriptions_by_topic(TopicArn=arn)["Subscriptions"] == []
    assert attributes(sns, arn)["SubscriptionsDeleted"] == "1"
    headers, farewell = receiver.get_json()
    assert headers["x-amz-sns-message-type"] == farewell["Type"] == "UnsubscribeConfirmation"
    assert farewell["Message"].startswith(f"You have chosen to deactivate subscription {sub_arn}.")
    verify_signature(farewell)
    sns.publish(TopicArn=arn, Message="after unsubscribing")
    time.sleep(0.5)
    assert receiver.posts.empty()
    with urllib.request.urlopen(farewell["SubscribeURL"], timeout=10) as answer:
        assert f"<SubscriptionArn>{sub_arn}</SubscriptionArn>" in answer.read().decode()
    sns.publish(TopicArn=arn, Message="restored")
    assert receiver.get_json()[1]["Message"] == "restored"
    sns.unsubscribe(SubscriptionArn=sub_arn)
    assert receiver.get_json()[1]["Type"] == "UnsubscribeConfirmation"
    sns.delete_topic(TopicArn=arn)


def test_raw_delivery_and_message_structure(sns, receiver):
    arn = sns.create_topic(Name=topic_name())["TopicArn"]
    sub_arn, _, _ = subscribe_confirmed(sns, arn, receiver)
    sns.publish(TopicArn=arn, MessageStructure="json",
                Message=json.dumps({"default": "for everyone", "http": "for http endpoints"}))
    _, msg = receiver.get_json()
    assert msg["Message"] == "for http endpoints"
    verify_signature(msg)
    sns.set_subscription_attributes(SubscriptionArn=sub_arn, AttributeName="RawMessageDelivery",
                                    AttributeValue="true")
    got = sns.get_subscription_attributes(SubscriptionArn=sub_arn)["Attributes"]
    assert got["RawMessageDelivery"] == "true" and got["PendingConfirmation"] == "false"
    assert json.loads(got["EffectiveDeliveryPolicy"])["healthyRetryPolicy"]["numRetries"] == 3
    sns.publish(TopicArn=arn, Message="just the text")
    headers, body, _ = receiver.get()
    assert body == "just the text" and headers["x-amz-sns-rawdelivery"] == "true"
    sns.unsubscribe(SubscriptionArn=sub_arn)
    assert error_of(sns.get_subscription_attributes, SubscriptionArn=sub_arn)[0] == "NotFound"
    sns.delete_topic(TopicArn=arn)


def test_email_json_lands_in_cloudwatch_logs(sns, logs_client):
    arn = sns.create_topic(Name=topic_name())["TopicArn"]
    address = f"ops-{uuid.uuid4().hex[:6]}@example.com"
    sns.subscribe(TopicArn=arn, Protocol="email-json", Endpoint=address)

    def events():
        deadline = time.time() + 15
        while time.time() < deadline:
            try:
                got = logs_client.get_log_events(logGroupName="/berth/sns/email-json",
                                                 logStreamName=address, startFromHead=True)
                if got["events"]:
                    return [json.loads(e["message"]) for e in got["events"]]
            except logs_client.exceptions.ResourceNotFoundException:
                pass
            time.sleep(0.1)
        raise AssertionError("nothing arrived in the log group")

    confirmation = events()[0]
    assert confirmation["Type"] == "SubscriptionConfirmation"
    verify_signature(confirmation)
    sub_arn = sns.confirm_subscription(TopicArn=arn, Token=confirmation["Token"])["SubscriptionArn"]
    sns.publish(TopicArn=arn, Subject="hello", Message="by mail")
    deadline = time.time() + 15
    while len(got := events()) < 2:
        assert time.time() < deadline
        time.sleep(0.1)
    assert got[1]["Type"] == "Notification" and got[1]["Message"] == "by mail"
    verify_signature(got[1])
    sub = sns.get_subscription_attributes(SubscriptionArn=sub_arn)["Attributes"]
    assert sub["Protocol"] == "email-json" and sub["Endpoint"] == address
    sns.delete_topic(TopicArn=arn)
    # The topic's subscriptions went with it.
    assert sub_arn not in [s["SubscriptionArn"] for s in sns.list_subscriptions()["Subscriptions"]]


def test_bad_input_is_refused_as_aws_refuses_it(sns, berth):
    arn = sns.create_topic(Name=topic_name())["TopicArn"]
    missing = arn + "-missing"
    assert error_of(sns.create_topic, Name="bad name!")[0] == "InvalidParameter"
    assert error_of(sns.create_topic, Name="x" * 257)[0] == "InvalidParameter"
    code, msg = error_of(sns.create_topic, Name="orders.fifo", Attributes={"FifoTopic": "true"})
    assert code == "InvalidParameter" and "FIFO" in msg
    assert error_of(sns.get_topic_attributes, TopicArn="not-an-arn") == (
        "InvalidParameter", "Invalid parameter: TopicArn")
    assert error_of(sns.publish, TopicArn=missing, Message="x") == ("NotFound",
                                                                   "Topic does not exist")
    assert error_of(sns.publish, TopicArn=arn, Message="") == ("InvalidParameter",
                                                              "Invalid parameter: Empty message")
    assert error_of(sns.publish, TopicArn=arn, Message="x" * (256 * 1024 + 1))[1] == (
        "Invalid parameter: Message too long")
    assert error_of(sns.publish, TopicArn=arn, Message="x", Subject="a\nb")[0] == "InvalidParameter"
    assert "No default entry" in error_of(sns.publish, TopicArn=arn, MessageStructure="json",
                                          Message='{"http": "x"}')[1]
    assert error_of(sns.subscribe, TopicArn=arn, Protocol="carrier-pigeon", Endpoint="x")[1] == (
        "Invalid parameter: Amazon SNS does not support this protocol string: carrier-pigeon")
    assert error_of(sns.subscribe, TopicArn=arn, Protocol="http",
                    Endpoint="https://example.com/")[0] == "InvalidParameter"
    assert error_of(sns.subscribe, TopicArn=arn, Protocol="http",
                    Endpoint="http://example.com/a\r\nX-Injected: 1")[0] == "InvalidParameter"
    assert error_of(sns.subscribe, TopicArn=arn, Protocol="email-json",
                    Endpoint="not-an-address")[0] == "InvalidParameter"
    assert error_of(sns.confirm_subscription, TopicArn=arn, Token="nope") == (
        "InvalidParameter", "Invalid parameter: Invalid token")
    assert error_of(sns.set_topic_attributes, TopicArn=arn, AttributeName="SignatureVersion",
                    AttributeValue="3")[0] == "InvalidParameter"
    assert error_of(sns.set_topic_attributes, TopicArn=arn, AttributeName="DeliveryPolicy",
                    AttributeValue='{"http": {"defaultHealthyRetryPolicy": {"numRetries": 101}}}'
                    )[0] == "InvalidParameter"
    assert error_of(sns.list_tags_for_resource, ResourceArn=missing)[0] == "ResourceNotFound"
    assert error_of(sns.unsubscribe, SubscriptionArn=arn + ":" + str(uuid.uuid4()))[0] == "NotFound"
    # An operation berth lacks answers the unknown-operation error.
    code, _ = error_of(sns.list_platform_applications)
    assert code in ("InvalidAction", "UnknownOperationException")
    # Unsigned calls reach only ConfirmSubscription and Unsubscribe.
    with pytest.raises(urllib.error.HTTPError) as e:
        urllib.request.urlopen(f"{berth.endpoint}/?Action=ListTopics", timeout=10)
    assert e.value.code in (400, 403)
    sns.delete_topic(TopicArn=arn)


def test_nothing_queued_is_lost_across_kill_minus_nine():
    tmp = tempfile.mkdtemp(prefix="berth-sns-crash-")
    server = Berth(os.path.join(tmp, "data"))
    receiver = Receiver()
    try:
        server.start()
        sns = boto3.Session(region_name=REGION).client(
            "sns", endpoint_url=server.endpoint,
            config=botocore.config.Config(retries={"max_attempts": 1}),
            **_credentials(server))
        # Retries every second, many times: the queue holds what the endpoint has not taken.
        policy = {"http": {"defaultHealthyRetryPolicy": {
            "minDelayTarget": 1, "maxDelayTarget": 1, "numRetries": 100}}}
        arn = sns.create_topic(Name="crash",
                               Attributes={"DeliveryPolicy": json.dumps(policy)})["TopicArn"]
        subscribe_confirmed(sns, arn, receiver)
        receiver.status = 503  # the endpoint is down: every delivery fails and is retried
        sent = {sns.publish(TopicArn=arn, Message=f"m{i}")["MessageId"] for i in range(200)}
        time.sleep(1.5)
        assert receiver.posts.empty()
        server.proc.send_signal(signal.SIGKILL)
        server.proc.wait()
        receiver.status = 200
        server.start()
        got = set()
        deadline = time.time() + 60
        while got != sent and time.time() < deadline:
            try:
                _, msg = receiver.get_json(timeout=1)
            except Exception:  # noqa: BLE001 - queue.Empty: keep waiting
                continue
            # Signed before the restart, when berth listened on another port: the same
            # certificate is served at the same path now.
            path = urllib.parse.urlparse(msg["SigningCertURL"]).path
            verify_signature(dict(msg, SigningCertURL=server.endpoint + path))
            got.add(msg["MessageId"])
        assert got == sent, f"{len(sent - got)} of {len(sent)} notifications lost"
    finally:
        receiver.stop()
        server.stop()
        shutil.rmtree(tmp, ignore_errors=True)


def test_https_endpoints_are_delivered_to_only_when_their_certificate_is_trusted(
        sns, monkeypatch):
    tmp = tempfile.mkdtemp(prefix="berth-sns-tls-")
    tls, cert_path = self_signed_tls(tmp)
    receiver = Receiver(tls=tls)
    # The session's berth does not trust the endpoint's self-signed certificate: as AWS, it
    # delivers nothing to it.
    untrusted = sns.create_topic(Name=topic_name())["TopicArn"]
    sns.subscribe(TopicArn=untrusted, Protocol="https", Endpoint=receiver.url)
    # A berth whose trust store (OpenSSL's SSL_CERT_FILE) holds it delivers.
    monkeypatch.setenv("SSL_CERT_FILE", cert_path)
    server = Berth(os.path.join(tmp, "data"))
    try:
        server.start()
        client = boto3.Session(region_name=REGION).client(
            "sns", endpoint_url=server.endpoint,
            config=botocore.config.Config(retries={"max_attempts": 1}), **_credentials(server))
        arn = client.create_topic(Name="tls", Attributes={"SignatureVersion": "2"})["TopicArn"]
        _, _, confirmation = subscribe_confirmed(client, arn, receiver)
        assert confirmation["TopicArn"] == arn  # the untrusted topic's confirmation never came
        verify_signature(confirmation)
        client.publish(TopicArn=arn, Message="over TLS")
        headers, msg = receiver.get_json()
        assert msg["Message"] == "over TLS" and headers["x-amz-sns-topic-arn"] == arn
        verify_signature(msg)
        assert receiver.posts.empty()
    finally:
        receiver.stop()
        server.stop()
        sns.delete_topic(TopicArn=untrusted)
        shutil.rmtree(tmp, ignore_errors=True)


def _credentials(server):
    import configparser
    config = configparser.ConfigParser()
    config.read(server.credentials_file)
    return {"aws_access_key_id": config["default"]["aws_access_key_id"],
            "aws_secret_access_key": config["default"]["aws_secret_access_key"]}
