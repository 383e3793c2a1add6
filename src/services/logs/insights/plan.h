#pragma once
// Stage 3: syntax tree → plan. The planner resolves every field name to a slot (one per
// distinct name; a slot not yet assigned by the query reads the record: a built-in field or a
// JSON field), binds functions, compiles every regex and glob on RE2, checks arity and where
// aggregates may appear, and decides the shape of the run: which steps stream record by
// record, where the first step that must hold rows (limit, dedup, stats) sits, and which
// columns the results show. A plan is immutable; any number of runs may share it.

#include <memory>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "services/logs/insights/aggregates.h"
#include "services/logs/insights/ast.h"
#include "services/logs/insights/errors.h"
#include "services/logs/insights/functions.h"
#include "services/logs/insights/time_period.h"
#include "services/logs/insights/value.h"

namespace re2 {
class RE2;
}

namespace berth::services::logs::insights {

// Where an unassigned field's value comes from.
enum class FieldSource {
  kNone,
  kTimestamp,      // @timestamp
  kIngestionTime,  // @ingestionTime
  kMessage,        // @message
  kLogStream,      // @logStream
  kLog,            // @log
  kPtr,            // @ptr
  kJson,           // a field discovered in a JSON message; `@@x` is the JSON key `@x`
};

struct Slot {
  std::string name;
  FieldSource source = FieldSource::kNone;
  std::string json_path;  // kJson: dotted path, array elements by index (resources.0.ARN)
};

enum class ExprOp {
  kConstant,
  kField,
  kBinary,  // binary_op over args[0], args[1]
  kNot,
  kNegate,
  kContains,   // like "text": args[0] contains args[1]
  kMatches,    // like /re/, =~ /re/
  kIn,         // args[0] in args[1..]
  kCall,       // a scalar function
  kAggregate,  // the result of the stats aggregate number `aggregate`
};

struct BoundExpr {
  ExprOp op = ExprOp::kConstant;
  ast::BinaryOp binary_op = ast::BinaryOp::kAnd;  // kBinary
  bool negated = false;                           // kContains, kMatches, kIn
  Value constant;                                 // kConstant (owned)
  int slot = -1;                                  // kField
  int aggregate = -1;                             // kAggregate
  const FunctionSpec* function = nullptr;         // kCall
  Period period;                                  // kCall of bin, datefloor, dateceil
  std::shared_ptr<const re2::RE2> regex;          // kMatches
  std::vector<BoundExpr> args;
};

struct FieldsStep {
  struct Assignment {
    int slot;
    BoundExpr value;
  };
  std::vector<Assignment> assignments;
};
struct FilterStep {
  BoundExpr condition;
};
struct ParseStep {
  BoundExpr source;
  std::shared_ptr<const re2::RE2> pattern;
  std::vector<int> capture_slots;  // slot for capture group i+1, -1 when unnamed
};
struct SortStep {
  std::vector<BoundExpr> keys;
  std::vector<bool> descending;
};
struct LimitStep {
  size_t count = 0;
};
struct DedupStep {
  std::vector<int> slots;
};
struct StatsStep {
  struct Aggregate {
    AggregateKind kind;
    BoundExpr argument;     // unused for kCountAll
    double percentile = 0;  // kPct
  };
  std::vector<Aggregate> aggregates;
  std::vector<BoundExpr> group_keys;
  std::vector<int> group_slots;
  std::vector<BoundExpr> outputs;  // over kAggregate references
  std::vector<int> output_slots;
};
struct DisplayStep {};

using Step = std::variant<FieldsStep, FilterStep, ParseStep, SortStep, LimitStep, DedupStep,
                          StatsStep, DisplayStep>;

struct Column {
  std::string name;
  int slot;
};

struct Plan {
  std::vector<Slot> slots;
  std::vector<Step> steps;
  // The first limit, dedup or stats step: the steps before it run on each record as it comes;
  // from it on, rows are held. steps.size() when there is none.
  size_t barrier = 0;
  // Sort directions of the keys the streaming steps compute, newest sort first (earlier
  // sorts break its ties). Empty when no sort runs before the barrier.
  std::vector<bool> stream_sort_descending;
  std::vector<Column> columns;
  bool has_stats = false;
  bool has_sort = false;
  int timestamp_slot = -1;
  int ptr_slot = -1;
};

// `sort @timestamp desc`: AWS's order when a query gives none.
SortStep LatestFirst(int timestamp_slot);

// `text` is the query the tree was parsed from (unaliased columns are named by their text).
SyntaxResult<Plan> BuildPlan(const ast::Query& query, std::string_view text);

}  // namespace berth::services::logs::insights
