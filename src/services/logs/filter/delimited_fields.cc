#include "services/logs/filter/delimited_fields.h"

namespace berth::services::logs::filter {

void SplitFields(std::string_view m, std::vector<std::string_view>& fields) {
  fields.clear();
  size_t i = 0;
  const size_t n = m.size();
  while (i < n) {
    while (i < n && (m[i] == ' ' || m[i] == '\t')) ++i;
    if (i >= n) break;
    const char open = m[i];
    const char close = open == '"' ? '"' : open == '[' ? ']' : 0;
    if (close != 0) {
      const size_t end = m.find(close, i + 1);
      if (end != std::string_view::npos) {
        fields.push_back(m.substr(i + 1, end - i - 1));
        i = end + 1;
        continue;
      }
      // Unclosed: an ordinary word.
    }
    const size_t start = i;
    while (i < n && m[i] != ' ' && m[i] != '\t') ++i;
    fields.push_back(m.substr(start, i - start));
  }
}

}  // namespace berth::services::logs::filter
