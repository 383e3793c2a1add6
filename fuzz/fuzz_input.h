#pragma once
// Helpers shared by the fuzz targets: their inputs are text, so the seed corpus in
// fuzz/corpus/<target>/ stays readable and editable by hand.

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstdio>
#include <string_view>
#include <utility>

#include "core/http_types.h"

namespace berth::fuzz {

inline std::string_view AsText(const uint8_t* data, size_t size) {
  return {reinterpret_cast<const char*>(data), size};
}

// The part before the first `separator` and the part after it (all, nothing when absent).
inline std::pair<std::string_view, std::string_view> SplitOnce(std::string_view text,
                                                               char separator = '\n') {
  const size_t at = text.find(separator);
  if (at == std::string_view::npos) return {text, {}};
  return {text.substr(0, at), text.substr(at + 1)};
}

// A request head written as HTTP/1.1 writes one: "METHOD target\nname: value\n…", the target's
// query after '?'. Header names are lower-cased, as the server hands them on.
inline RequestHead ParseHead(std::string_view text) {
  RequestHead head;
  auto [line, rest] = SplitOnce(text);
  auto [method, target] = SplitOnce(line, ' ');
  head.method = std::string(method);
  auto [path, query] = SplitOnce(target, '?');
  head.path = std::string(path);
  head.query = std::string(query);
  head.remote_ip = "127.0.0.1";
  while (!rest.empty()) {
    auto [header, after] = SplitOnce(rest);
    rest = after;
    auto [name, value] = SplitOnce(header, ':');
    while (!value.empty() && value.front() == ' ') value.remove_prefix(1);
    std::string lower(name);
    for (char& c : lower)
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    head.headers.push_back({std::move(lower), std::string(value)});
  }
  return head;
}

// A property the target checks failed: abort, so libFuzzer saves the input as a crash.
[[noreturn]] inline void Fail(const char* what) {
  std::fprintf(stderr, "fuzz property failed: %s\n", what);
  std::abort();
}

}  // namespace berth::fuzz
