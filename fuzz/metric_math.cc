// CloudWatch metric math expressions: compiled, then evaluated over two small series (m1,
// m2) so that every expression that compiles also runs.

#include "fuzz/fuzz_input.h"
#include "services/monitoring/math/evaluator.h"
#include "services/monitoring/math/parser.h"

namespace {

namespace math = berth::services::monitoring::math;

class TwoSeries final : public math::Resolver {
 public:
  berth::Result<math::Value> Resolve(std::string_view id) override {
    if (id == "m1") return math::Value(math::Series{"m1", {0, 60000, 120000}, {1, 2, 3}});
    if (id == "m2") return math::Value(math::Series{"m2", {60000, 180000}, {-4, 0.5}});
    return berth::Error{"InvalidParameterValue", "unknown id", 400};
  }
  std::optional<int64_t> MetricPeriod(std::string_view id) override {
    if (id == "m1" || id == "m2") return 60;
    return std::nullopt;
  }
  std::vector<math::Series> Metrics(std::string_view) override {
    return {math::Series{"m1", {0, 60000, 120000}, {1, 2, 3}},
            math::Series{"m2", {60000, 180000}, {-4, 0.5}}};
  }
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  auto expression = math::Compile(berth::fuzz::AsText(data, size));
  if (!expression.ok()) return 0;
  TwoSeries resolver;
  math::EvalContext ctx{.start_ms = 0, .end_ms = 240000, .period_s = 60, .resolver = &resolver};
  (void)math::Evaluate(**expression, ctx);
  return 0;
}
