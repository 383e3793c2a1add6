#pragma once
// SEARCH() expressions of GetMetricData: the query string `{Namespace,Dim1,…} SearchTerm`
// parsed once, then matched against every stored metric's key.
//
// As AWS documents it (search-expression-syntax): the optional schema `{ns, dims…}` keeps only
// metrics of that namespace whose dimension names are exactly the listed ones; the optional
// search term combines words with AND (also implicit between words), OR, NOT and parentheses
// (operators case-sensitive, NOT binds tightest, then AND, then OR). A word without quotes
// matches partially: both it and the metric's namespace, name, dimension names and values are
// split into tokens (at camel-case humps, where digits start and at non-alphanumeric
// characters), and the word's tokens must appear consecutively, case-insensitively (or
// the word's tokens run together may equal the name's). A "double-quoted" word must
// equal one of those strings exactly (\" \\ \( \) escape). `Prop=word` restricts a word to
// MetricName, Namespace or the value of the dimension named Prop.

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "services/monitoring/model/types.h"

namespace berth::services::monitoring::search {

inline constexpr size_t kMaxQueryLength = 1024;  // AWS's "maximum search expression query size"
inline constexpr size_t kMaxResults = 500;       // time series one search may return

struct Term {
  enum class Kind { kWord, kAnd, kOr, kNot } kind = Kind::kWord;
  // kWord: the property it is restricted to (empty: any), the text, and whether it is exact.
  std::string property;
  std::string text;
  bool exact = false;
  std::vector<std::unique_ptr<const Term>> children;  // kAnd/kOr: 2+, kNot: 1
};

struct Query {
  std::optional<std::string> ns;       // the schema's namespace, when a schema is given
  std::vector<std::string> dimensions;  // the schema's dimension names, sorted
  std::unique_ptr<const Term> term;     // null when there is no search term
};

// Errors: InvalidParameterValue saying what is wrong.
Result<std::shared_ptr<const Query>> Parse(std::string_view text);

bool Matches(const Query& query, const MetricKey& key);

// The lower-cased tokens of a name, in order (for tests and partial matching).
std::vector<std::string> Tokens(std::string_view text);

}  // namespace berth::services::monitoring::search
