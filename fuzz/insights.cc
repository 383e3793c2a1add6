// The Logs Insights language: lexed, parsed and planned by Compile, then run over a few
// records (JSON and plain) so every compiled plan is also executed.

#include "fuzz/fuzz_input.h"
#include "services/logs/insights/query.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace berth;
  namespace insights = services::logs::insights;
  auto query = insights::Compile(fuzz::AsText(data, size));
  if (!query.ok()) return 0;
  insights::QueryRun run(*query);
  const char* messages[] = {
      R"({"a":1,"b":"x","c":{"d":[1,2.5,"z"]},"status":"404","bytes":1200})",
      "127.0.0.1 - - [10/Oct/2000:13:55:36 -0700] \"GET /a.gif HTTP/1.0\" 200 2326",
      "", "ERROR something failed: code=42 user=alice"};
  int64_t t = 1700000000000;
  for (const char* message : messages) {
    run.Add({.timestamp_ms = t, .ingestion_ms = t + 5, .message = message,
             .log_stream = "stream", .log_group = "123456789012:group"});
    t += 61000;
  }
  (void)run.Results();
  (void)run.Statistics();
  return 0;
}
