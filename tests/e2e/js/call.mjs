// One AWS SDK for JavaScript v3 call against berth, for tests/e2e/test_js_sdk.py:
//   node call.mjs SERVICE OPERATION [INPUT_JSON]
// with BERTH_ENDPOINT, BERTH_ACCESS_KEY_ID and BERTH_SECRET_ACCESS_KEY set. Prints one JSON line:
// {"ok": true, "output": …} or {"ok": false, "name": …, "message": …, "status": …}.
const packages = {
  cloudtrail: ["@aws-sdk/client-cloudtrail", "CloudTrailClient"],
  cloudwatch: ["@aws-sdk/client-cloudwatch", "CloudWatchClient"],
  ecr: ["@aws-sdk/client-ecr", "ECRClient"],
  logs: ["@aws-sdk/client-cloudwatch-logs", "CloudWatchLogsClient"],
};

const [service, operation, input = "{}"] = process.argv.slice(2);
const [pkg, clientName] = packages[service];
const sdk = await import(pkg);
const client = new sdk[clientName]({
  endpoint: process.env.BERTH_ENDPOINT,
  region: "us-east-1",
  credentials: {
    accessKeyId: process.env.BERTH_ACCESS_KEY_ID,
    secretAccessKey: process.env.BERTH_SECRET_ACCESS_KEY,
  },
  maxAttempts: 1,
});
try {
  // ISO 8601 strings become Dates: the SDK serializes timestamp members only from Dates.
  const revive = (_, v) => (typeof v === "string" && /^\d{4}-\d\d-\d\dT\d\d:\d\d/.test(v) ? new Date(v) : v);
  const output = await client.send(new sdk[`${operation}Command`](JSON.parse(input, revive)));
  delete output.$metadata;
  console.log(JSON.stringify({ ok: true, output }));
} catch (e) {
  console.log(JSON.stringify({
    ok: false, name: e.name, message: e.message, status: e.$metadata?.httpStatusCode,
  }));
}
