"""CloudTrail Insights on berth's own history, with every client: a trail with Insights selectors
(Put/GetInsightSelectors), a quiet baseline, then a burst of CreateRepository calls and of failing
DeleteRepository calls — and the Start and End Insights events seen through LookupEvents
(EventCategory=insight) and in the trail's bucket under CloudTrail-Insight/. The server counts
in one-second "minutes" over a four-second baseline so that all this takes seconds."""
import concurrent.futures
import gzip
import json
import os
import time
import uuid

import botocore.exceptions
import pytest

from conftest import Cli, boto3_client, module_berth_server
from test_cloudtrail_trails import wait_for
from test_js_sdk import js_caller

BASELINE_S = 4
BUCKET = "insights-trail-bucket"
TRAIL = "insights-trail"


@pytest.fixture(scope="module")
def server():
    yield from module_berth_server(
        ["--trail-delivery-interval", "1", "--trail-insights-minute", "1",
         "--trail-insights-baseline", str(BASELINE_S)], prefix="berth-insights-")


@pytest.fixture(scope="module")
def clients(server):
    os.environ["AWS_SHARED_CREDENTIALS_FILE"] = server.credentials_file
    os.environ["AWS_CONFIG_FILE"] = "/dev/null"
    return {name: boto3_client(server, name) for name in ("cloudtrail", "s3", "ecr")}


def at_second_start():
    time.sleep(1 - time.time() % 1 + 0.02)


def records(events):
    return [json.loads(e["CloudTrailEvent"]) for e in events]


def insight_events(ct):
    return ct.lookup_events(EventCategory="insight", MaxResults=50)["Events"]


def find(recs, name, insight_type, state):
    return [r for r in recs if r["insightDetails"]["eventName"] == name
            and r["insightDetails"]["insightType"] == insight_type
            and r["insightDetails"]["state"] == state]


@pytest.fixture(scope="module")
def burst(server, clients):
    """The trail with both Insights types, a quiet baseline, then the burst; returns the records
    of the Insights events once the CreateRepository insight has ended."""
    ct, s3, ecr = clients["cloudtrail"], clients["s3"], clients["ecr"]
    s3.create_bucket(Bucket=BUCKET)
    ct.create_trail(Name=TRAIL, S3BucketName=BUCKET)
    ct.start_logging(Name=TRAIL)
    ct.put_insight_selectors(TrailName=TRAIL, InsightSelectors=[
        {"InsightType": "ApiCallRateInsight"}, {"InsightType": "ApiErrorRateInsight"}])
    # The baseline: a whole window observed with no CreateRepository or DeleteRepository call.
    time.sleep(max(0, server.started_at + BASELINE_S + 3 - time.time()))
    # Each burst within one "minute" (a second here): split over two, its first part would
    # join the baseline of the second.
    def missing(i):
        with pytest.raises(botocore.exceptions.ClientError):
            ecr.delete_repository(repositoryName=f"insights/missing-{i}")
    with concurrent.futures.ThreadPoolExecutor(8) as pool:
        at_second_start()
        list(pool.map(lambda i: ecr.create_repository(repositoryName=f"insights/burst-{i}"),
                      range(40)))
        at_second_start()
        list(pool.map(missing, range(30)))

    def ended():
        recs = records(insight_events(ct))
        done = (find(recs, "CreateRepository", "ApiCallRateInsight", "End") and
                find(recs, "DeleteRepository", "ApiErrorRateInsight", "End"))
        return recs if done else None
    return wait_for(ended, timeout=45, what="the burst's Insights events to end")


def test_a_burst_after_a_quiet_baseline_starts_and_ends_an_insight(burst, clients):
    [start] = find(burst, "CreateRepository", "ApiCallRateInsight", "Start")
    [end] = find(burst, "CreateRepository", "ApiCallRateInsight", "End")
    for r in (start, end):
        assert r["eventType"] == "AwsCloudTrailInsight"
        assert r["eventCategory"] == "Insight"
        assert r["eventVersion"] == "1.07"
        assert r["awsRegion"] == "us-east-1"
        assert r["insightDetails"]["eventSource"] == "ecr.amazonaws.com"
        stats = r["insightDetails"]["insightContext"]["statistics"]
        assert stats["baseline"]["average"] == 0  # nothing of the kind in the window before
        assert stats["baselineDuration"] == BASELINE_S
    assert start["sharedEventID"] == end["sharedEventID"]
    assert start["eventID"] != end["eventID"]
    assert start["eventTime"] < end["eventTime"]
    start_stats = start["insightDetails"]["insightContext"]["statistics"]
    end_stats = end["insightDetails"]["insightContext"]["statistics"]
    assert start_stats["insightDuration"] == 1 and start_stats["insight"]["average"] >= 10
    # 40 calls over the insight's seconds, averaged per second.
    assert end_stats["insight"]["average"] * end_stats["insightDuration"] == pytest.approx(40)
    attributions = {a["attribute"]: a for a in end["insightDetails"]["insightContext"]["attributions"]}
    assert set(attributions) == {"userIdentityArn", "userAgent", "errorCode"}
    [who] = attributions["userIdentityArn"]["insight"]
    assert who["value"].endswith(":user/admin")
    assert attributions["errorCode"]["insight"][0]["value"] == "null"


def test_failing_calls_start_an_error_rate_insight_naming_the_error_code(burst):
    [start] = find(burst, "DeleteRepository", "ApiErrorRateInsight", "Start")
    [end] = find(burst, "DeleteRepository", "ApiErrorRateInsight", "End")
    assert start["insightDetails"]["errorCode"] == "RepositoryNotFoundException"
    assert start["sharedEventID"] == end["sharedEventID"]
    attributes = [a["attribute"] for a in start["insightDetails"]["insightContext"]["attributions"]]
    assert attributes == ["userIdentityArn", "userAgent"]


def test_only_event_category_insight_returns_insights_events(burst, clients):
    ct = clients["cloudtrail"]
    events = ct.lookup_events(LookupAttributes=[
        {"AttributeKey": "EventName", "AttributeValue": "CreateRepository"}], MaxResults=50)["Events"]
    assert events and all("AwsCloudTrailInsight" not in e["CloudTrailEvent"] for e in events)
    named = ct.lookup_events(EventCategory="insight", LookupAttributes=[
        {"AttributeKey": "EventName", "AttributeValue": "DeleteRepository"}])["Events"]
    assert {e["EventName"] for e in named} == {"DeleteRepository"}
    assert len(named) == 4  # Start and End of the call rate and of the error rate
    # Paged one at a time, the pages add up to the whole list.
    seen, token = [], None
    while True:
        page = ct.lookup_events(EventCategory="insight", MaxResults=1,
                                **({"NextToken": token} if token else {}))
        seen += [e["EventId"] for e in page["Events"]]
        token = page.get("NextToken")
        if not token:
            break
    assert seen == [e["EventId"] for e in insight_events(ct)]


def test_insights_events_are_delivered_to_the_bucket_as_aws_lays_them_out(burst, clients):
    s3, ecr = clients["s3"], clients["ecr"]
    account = ecr.describe_registry()["registryId"]
    prefix = f"AWSLogs/{account}/CloudTrail-Insight/us-east-1/"

    def delivered():
        keys = [o["Key"] for o in s3.list_objects_v2(Bucket=BUCKET, Prefix=prefix).get("Contents", [])]
        recs = []
        for key in keys:
            body = s3.get_object(Bucket=BUCKET, Key=key)["Body"].read()
            recs += json.loads(gzip.decompress(body))["Records"]
        return (keys, recs) if len(recs) >= len(burst) else None
    keys, recs = wait_for(delivered, timeout=45, what="Insights log files")
    for key in keys:
        name = key.rsplit("/", 1)[1]
        assert name.startswith(f"{account}_CloudTrail-Insight_us-east-1_") and name.endswith(".json.gz")
    assert {r["eventID"] for r in burst} <= {r["eventID"] for r in recs}


def test_insight_selectors_with_boto3(server, clients):
    ct, s3 = clients["cloudtrail"], clients["s3"]
    name = f"sel-{uuid.uuid4().hex[:8]}"
    arn = ct.create_trail(Name=name, S3BucketName=BUCKET)["TrailARN"]
    with pytest.raises(botocore.exceptions.ClientError) as e:
        ct.get_insight_selectors(TrailName=name)
    assert e.value.response["Error"]["Code"] == "InsightNotEnabledException"
    assert e.value.response["Error"]["Message"] == (
        f"Trail {arn} does not have Insights enabled. Edit the trail settings to enable Insights, "
        "and then try the operation again.")
    assert ct.get_trail(Name=name)["Trail"]["HasInsightSelectors"] is False
    out = ct.put_insight_selectors(TrailName=arn, InsightSelectors=[
        {"InsightType": "ApiErrorRateInsight", "EventCategories": ["Management"]}])
    assert out["TrailARN"] == arn
    assert out["InsightSelectors"] == [
        {"InsightType": "ApiErrorRateInsight", "EventCategories": ["Management"]}]
    assert ct.get_insight_selectors(TrailName=name)["InsightSelectors"] == out["InsightSelectors"]
    [described] = ct.describe_trails(trailNameList=[name])["trailList"]
    assert described["HasInsightSelectors"] is True
    for bad in ([{"InsightType": "ApiCallRate"}],
                [{"InsightType": "ApiCallRateInsight"}, {"InsightType": "ApiCallRateInsight"}]):
        with pytest.raises(botocore.exceptions.ClientError) as e:
            ct.put_insight_selectors(TrailName=name, InsightSelectors=bad)
        assert e.value.response["Error"]["Code"] == "InvalidInsightSelectorsException"
    # A trail logging only read events has no write calls to rate.
    ct.put_event_selectors(TrailName=name, EventSelectors=[{"ReadWriteType": "ReadOnly"}])
    with pytest.raises(botocore.exceptions.ClientError) as e:
        ct.put_insight_selectors(TrailName=name, InsightSelectors=[{"InsightType": "ApiCallRateInsight"}])
    assert e.value.response["Error"]["Code"] == "InvalidInsightSelectorsException"
    # An empty list turns Insights off.
    ct.put_insight_selectors(TrailName=name, InsightSelectors=[])
    assert ct.get_trail(Name=name)["Trail"]["HasInsightSelectors"] is False
    with pytest.raises(botocore.exceptions.ClientError) as e:
        ct.get_insight_selectors(TrailName="no-such-trail")
    assert e.value.response["Error"]["Code"] == "TrailNotFoundException"


@pytest.mark.parametrize("which", ["pip", "debian"])
def test_insights_with_both_aws_clis(which, server, burst):
    aws = Cli(server, which)
    name = f"cli-{which}-{uuid.uuid4().hex[:6]}"
    aws("cloudtrail", "create-trail", "--name", name, "--s3-bucket-name", BUCKET)
    code, _, err = aws("cloudtrail", "get-insight-selectors", "--trail-name", name, check=False)
    assert code != 0 and "InsightNotEnabledException" in err
    _, out, _ = aws("cloudtrail", "put-insight-selectors", "--trail-name", name,
                    "--insight-selectors", '[{"InsightType": "ApiCallRateInsight"}]')
    assert out["InsightSelectors"] == [{"InsightType": "ApiCallRateInsight"}]
    _, out, _ = aws("cloudtrail", "get-insight-selectors", "--trail-name", name)
    assert out["InsightSelectors"] == [{"InsightType": "ApiCallRateInsight"}]
    _, out, _ = aws("cloudtrail", "lookup-events", "--event-category", "insight",
                    "--lookup-attributes", "AttributeKey=EventName,AttributeValue=CreateRepository")
    states = sorted(json.loads(e["CloudTrailEvent"])["insightDetails"]["state"] for e in out["Events"])
    assert states == ["End", "Start"]
    code, _, err = aws("cloudtrail", "create-trail", "--name", "my#trail", "--s3-bucket-name", BUCKET,
                       check=False)
    assert code != 0
    assert ("Trail name or ARN can only contain uppercase letters, lowercase letters, numbers, "
            "periods (.), hyphens (-), and underscores (_).") in err


def test_insights_with_the_js_sdk(server, burst):
    js = js_caller(server)
    name = f"js-{uuid.uuid4().hex[:8]}"
    assert js("cloudtrail", "CreateTrail", Name=name, S3BucketName=BUCKET)["ok"]
    out = js("cloudtrail", "GetInsightSelectors", TrailName=name)
    assert not out["ok"] and out["name"] == "InsightNotEnabledException", out
    out = js("cloudtrail", "PutInsightSelectors", TrailName=name,
             InsightSelectors=[{"InsightType": "ApiCallRateInsight"}])
    assert out["ok"], out
    out = js("cloudtrail", "GetInsightSelectors", TrailName=name)
    assert out["output"]["InsightSelectors"] == [{"InsightType": "ApiCallRateInsight"}]
    out = js("cloudtrail", "LookupEvents", EventCategory="insight",
             LookupAttributes=[{"AttributeKey": "EventName", "AttributeValue": "CreateRepository"}])
    assert out["ok"], out
    states = sorted(json.loads(e["CloudTrailEvent"])["insightDetails"]["state"]
                    for e in out["output"]["Events"])
    assert states == ["End", "Start"]
    out = js("cloudtrail", "GetTrail", Name="-trail")
    assert out["name"] == "InvalidTrailNameException"
    assert out["message"] == "Trail name must starts with a letter or number."


@pytest.mark.parametrize("name,message", [
    ("aa", "Trail name too short. Minimum allowed length: 3 characters. Specified name length: 2 characters."),
    ("a" * 129, "Trail name too long. Maximum allowed length: 128 characters. Specified name length: 129 characters."),
    ("trail!", "Trail name must ends with a letter or number."),
    ("-trail", "Trail name must starts with a letter or number."),
    ("my#trail", "Trail name or ARN can only contain uppercase letters, lowercase letters, numbers, "
                 "periods (.), hyphens (-), and underscores (_)."),
])
def test_invalid_trail_names_get_aws_messages(clients, name, message):
    ct = clients["cloudtrail"]
    for call in (lambda: ct.create_trail(Name=name, S3BucketName=BUCKET),
                 lambda: ct.update_trail(Name=name, S3BucketName=BUCKET),
                 lambda: ct.get_trail_status(Name=name)):
        with pytest.raises(botocore.exceptions.ClientError) as e:
            call()
        assert e.value.response["Error"]["Code"] == "InvalidTrailNameException"
        assert e.value.response["Error"]["Message"] == message


def test_an_unknown_trail_is_named_as_aws_names_it(clients):
    ct = clients["cloudtrail"]
    account = clients["ecr"].describe_registry()["registryId"]
    with pytest.raises(botocore.exceptions.ClientError) as e:
        ct.get_trail(Name="unknowntrail")
    assert e.value.response["Error"]["Message"] == f"Unknown trail: unknowntrail for the user: {account}"
    # GetTrailStatus names it by the ARN it would have.
    with pytest.raises(botocore.exceptions.ClientError) as e:
        ct.get_trail_status(Name="unknowntrail")
    assert e.value.response["Error"]["Code"] == "TrailNotFoundException"
    assert e.value.response["Error"]["Message"] == (
        f"Unknown trail: arn:aws:cloudtrail:us-east-1:{account}:trail/unknowntrail for the user: {account}")
