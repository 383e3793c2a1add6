// CloudWatch Logs filter patterns (terms, JSON, space-delimited): compiled, then matched
// against log messages. Input: the pattern's line, then one message per line.

#include "fuzz/fuzz_input.h"
#include "services/logs/filter/filter_pattern.h"
#include "services/logs/filter/matcher.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace berth;
  auto [pattern_text, messages] = fuzz::SplitOnce(fuzz::AsText(data, size));
  auto pattern = services::logs::filter::FilterPattern::Compile(pattern_text);
  if (!pattern.ok()) return 0;
  services::logs::filter::FilterMatcher matcher(**pattern);
  while (!messages.empty()) {
    auto [message, rest] = fuzz::SplitOnce(messages);
    messages = rest;
    if (matcher.Matches(message)) {
      (void)matcher.FieldValue("$.a");
      (void)matcher.FieldValue("$field");
    }
  }
  return 0;
}
