#include "services/logs/insights/query.h"

#include "services/logs/insights/executor.h"
#include "services/logs/insights/lexer.h"
#include "services/logs/insights/parser.h"
#include "services/logs/insights/plan.h"

namespace berth::services::logs::insights {

Result<std::shared_ptr<const CompiledQuery>> Compile(std::string_view query_text,
                                                     CompileErrorLocation* location) {
  auto fail = [&](const SyntaxError& e) -> Error {
    if (location) *location = e.Location();
    return e.ToError();
  };
  auto tokens = Lex(query_text);
  if (!tokens.ok()) return fail(tokens.error());
  auto tree = Parse(tokens.value());
  if (!tree.ok()) return fail(tree.error());
  auto plan = BuildPlan(tree.value(), query_text);
  if (!plan.ok()) return fail(plan.error());
  return std::shared_ptr<const CompiledQuery>(new CompiledQuery(
      std::string(query_text), std::make_unique<const Plan>(std::move(plan).value())));
}

CompiledQuery::CompiledQuery(std::string text, std::unique_ptr<const Plan> plan)
    : text_(std::move(text)), plan_(std::move(plan)) {}

CompiledQuery::~CompiledQuery() = default;

std::vector<std::string> CompiledQuery::ResultColumns() const {
  std::vector<std::string> names;
  for (const Column& c : plan_->columns) names.push_back(c.name);
  return names;
}

bool CompiledQuery::aggregates() const { return plan_->has_stats; }

QueryRun::QueryRun(std::shared_ptr<const CompiledQuery> query) : QueryRun(std::move(query), {}) {}

QueryRun::QueryRun(std::shared_ptr<const CompiledQuery> query, RunOptions options)
    : query_(std::move(query)), executor_(std::make_unique<Executor>(*query_->plan_, options)) {}

QueryRun::~QueryRun() = default;

void QueryRun::Add(const LogRecord& record) {
  executor_->Add(RecordView{record.timestamp_ms, record.ingestion_ms, record.message,
                            record.log_stream, record.log_group, record.ptr});
}

bool QueryRun::Saturated() const { return executor_->Saturated(); }

std::vector<std::vector<ResultField>> QueryRun::Results() const {
  const Plan& plan = *query_->plan_;
  std::vector<std::vector<ResultField>> results;
  for (const Row& row : executor_->Rows()) {
    std::vector<ResultField> fields;
    fields.reserve(plan.columns.size());
    for (const Column& column : plan.columns) {
      const Value& v = row[column.slot];
      if (!v.is_null()) fields.push_back(ResultField{column.name, FormatValue(v)});
    }
    results.push_back(std::move(fields));
  }
  return results;
}

QueryStatistics QueryRun::Statistics() const {
  return QueryStatistics{static_cast<double>(executor_->records_matched()),
                         static_cast<double>(executor_->records_scanned()),
                         static_cast<double>(executor_->bytes_scanned())};
}

const std::optional<Error>& QueryRun::Failure() const { return executor_->failure(); }
size_t QueryRun::RetainedRows() const { return executor_->RetainedRows(); }
size_t QueryRun::RetainedBytes() const { return executor_->RetainedBytes(); }

}  // namespace berth::services::logs::insights
