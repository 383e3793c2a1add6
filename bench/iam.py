"""Benchmark: what IAM policy enforcement costs on the hot paths.

The same berth build serving with `--iam-mode enforce` and `--iam-mode off` (two servers side by
side, idle but for the run at hand). In each, the caller is an IAM user made through the IAM API
with 3 attached managed policies (AmazonEC2ContainerRegistryReadOnly and two customer policies)
and the repository read has a repository policy naming the user. BENCH_PAIRS (5) pairs of runs
back to back (alternating which goes first), each `wrk -t1 -c64`: a signed ECR
DescribeRepositories and a /v2 manifest GET by tag with the user's registry token. Reported:
each pair's enforce/off and their median (the target is at least 90%).

Environment: BERTH_BIN, BENCH_DURATION (10s), BENCH_PAIRS (5).
"""
import base64
import datetime
import json
import os
import shutil
import statistics
import sys
import tempfile

import boto3

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(ROOT, "tests", "e2e"))
from benchlib import ecr_client, machine, run_wrk, start_berth, stop  # noqa: E402
from describe_repositories import wrk_script  # noqa: E402
from logs_common import commit  # noqa: E402
import oci  # noqa: E402

BERTH_BIN = os.path.abspath(os.environ.get("BERTH_BIN", os.path.join(ROOT, "build/release/berth")))
DURATION = os.environ.get("BENCH_DURATION", "10s")
PAIRS = int(os.environ.get("BENCH_PAIRS", "5"))
CONNECTIONS = "64"
ACCEPT = "Accept: application/vnd.oci.image.manifest.v1+json"


def statement(actions):
    return json.dumps({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Action": actions, "Resource": "*"}]})


class Server:
    def __init__(self, tmp, mode):
        self.berth = start_berth(BERTH_BIN, tmp, "--iam-mode", mode, data=f"data-{mode}",
                                 access_log=f"access-{mode}.log")
        admin = ecr_client(self.berth.endpoint, *self.berth.credentials)
        iam = boto3.client("iam", endpoint_url=self.berth.endpoint, region_name="us-east-1",
                           aws_access_key_id=self.berth.credentials[0],
                           aws_secret_access_key=self.berth.credentials[1])
        iam.create_user(UserName="bench")
        key = iam.create_access_key(UserName="bench")["AccessKey"]
        arns = ["arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryReadOnly"]
        for name, actions in (("logs-read", ["logs:Describe*", "logs:Get*"]),
                              ("trail-read", ["cloudtrail:LookupEvents"])):
            arns.append(iam.create_policy(PolicyName=name,
                                          PolicyDocument=statement(actions))["Policy"]["Arn"])
        for arn in arns:
            iam.attach_user_policy(UserName="bench", PolicyArn=arn)
        user_arn = iam.get_user(UserName="bench")["User"]["Arn"]
        for i in range(20):
            admin.create_repository(repositoryName=f"bench/r{i:02d}")
        oci.push(admin, "bench/r00", oci.Image("bench", layer_count=2), tag="v1")
        admin.set_repository_policy(repositoryName="bench/r00", policyText=json.dumps({
            "Version": "2012-10-17", "Statement": [{
                "Effect": "Allow", "Principal": {"AWS": user_arn},
                "Action": ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"]}]}))
        user = ecr_client(self.berth.endpoint, key["AccessKeyId"], key["SecretAccessKey"])
        self.token = user.get_authorization_token()["authorizationData"][0]["authorizationToken"]
        assert base64.b64decode(self.token).startswith(b"AWS:")
        self.script = os.path.join(tmp, f"describe-{mode}.lua")
        wrk_script(self.berth.endpoint, key["AccessKeyId"], key["SecretAccessKey"], self.script)

    def run(self, workload):
        url = self.berth.endpoint
        if workload == "api":
            out = run_wrk(url + "/", CONNECTIONS, DURATION, script=self.script)
        else:
            out = run_wrk(url + "/v2/bench/r00/manifests/v1", CONNECTIONS, DURATION,
                          [f"Authorization: Basic {self.token}", ACCEPT])
        assert out["non2xx"] == 0, out
        return out["rps"]


def row(name, pairs):
    ratios = [on / off for on, off in pairs]
    return (f"| {name} | {statistics.median(on for on, _ in pairs):,.0f} | "
            f"{statistics.median(off for _, off in pairs):,.0f} | "
            f"{', '.join(f'{r:.0%}' for r in ratios)} | **{statistics.median(ratios):.0%}** |\n")


def main():
    tmp = tempfile.mkdtemp(prefix="berth-bench-iam-")
    servers = {}
    try:
        servers = {mode: Server(tmp, mode) for mode in ("enforce", "off")}
        pairs = {"api": [], "v2": []}
        for i in range(PAIRS):
            for workload in pairs:
                order = ("enforce", "off") if i % 2 == 0 else ("off", "enforce")
                rps = {mode: servers[mode].run(workload) for mode in order}
                pairs[workload].append((rps["enforce"], rps["off"]))
                print(workload, f"enforce {rps['enforce']:,.0f} off {rps['off']:,.0f}", flush=True)
        section = f"""
## IAM policy enforcement ({datetime.date.today().isoformat()})

Machine: {machine()}. Run with `python3 bench/iam.py` (berth Release build, commit {commit()}).
The same build with `--iam-mode enforce` and `--iam-mode off`, side by side; the caller an IAM
user with 3 attached managed policies, the repository read with a repository policy naming it;
{PAIRS} pairs of runs back to back, `wrk -t1 -c{CONNECTIONS} -d{DURATION}`, server and wrk on the
same cores:

| workload | enforce, req/s | off, req/s | enforce / off, each pair | median |
|---|---:|---:|---|---:|
""" + row("ECR DescribeRepositories (signed)", pairs["api"]) + \
            row("/v2 manifest GET by tag", pairs["v2"])
        with open(os.path.join(HERE, "RESULTS.md"), "a") as f:
            f.write(section)
        print(section)
    finally:
        for server in servers.values():
            stop(server.berth.proc)
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
