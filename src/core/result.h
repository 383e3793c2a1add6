#pragma once
// Errors are values: every fallible operation in berth returns Result<T> (or Status), carrying
// the wire-level error code, a human message and the HTTP status. The protocol encoders
// (protocol/) turn an Error into AWS JSON `__type`, query-XML <ErrorResponse> or OCI `errors[]`.

#include <cassert>
#include <memory>
#include <string>
#include <type_traits>
#include <utility>
#include <variant>

namespace berth {

class Document;

struct Error {
  std::string code;     // e.g. "RepositoryNotFoundException", "BLOB_UNKNOWN"
  std::string message;  // shown to the user by the CLI
  int http_status = 400;
  // Members the error's modeled shape adds beside the message (a map, e.g. Logs'
  // MalformedQueryException.queryCompileError), written by the JSON protocols; usually null.
  std::shared_ptr<const Document> members;
  // Optional fault class override ("Sender"/"Receiver" in query XML); derived from the
  // status when empty.
  bool IsServerFault() const { return http_status >= 500; }
};

template <class T>
class [[nodiscard]] Result {
  static_assert(!std::is_same_v<std::decay_t<T>, Error>, "Result<Error> is meaningless");

 public:
  Result(T value) : v_(std::in_place_index<0>, std::move(value)) {}  // NOLINT: implicit by design
  Result(Error error) : v_(std::in_place_index<1>, std::move(error)) {}  // NOLINT

  bool ok() const { return v_.index() == 0; }
  explicit operator bool() const { return ok(); }

  T& value() & { assert(ok()); return std::get<0>(v_); }
  const T& value() const& { assert(ok()); return std::get<0>(v_); }
  T&& value() && { assert(ok()); return std::get<0>(std::move(v_)); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T&& operator*() && { return std::move(*this).value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

  const Error& error() const& { assert(!ok()); return std::get<1>(v_); }
  Error&& error() && { assert(!ok()); return std::get<1>(std::move(v_)); }

 private:
  std::variant<T, Error> v_;
};

template <>
class [[nodiscard]] Result<void> {
 public:
  Result() = default;
  Result(Error error) : error_(std::move(error)), ok_(false) {}  // NOLINT: implicit by design

  bool ok() const { return ok_; }
  explicit operator bool() const { return ok_; }
  const Error& error() const& { assert(!ok_); return error_; }
  Error&& error() && { assert(!ok_); return std::move(error_); }

 private:
  Error error_;
  bool ok_ = true;
};

using Status = Result<void>;

inline Status Ok() { return Status(); }

// The success or error of a Result, its value dropped.
template <class T>
Status StatusOf(const Result<T>& result) {
  return result.ok() ? Ok() : Status(result.error());
}

// Spelled-out discard of a result whose failure does not matter at the call site.
template <class T>
void IgnoreError(Result<T>&&) {}

}  // namespace berth

#define BERTH_CONCAT_INNER(a, b) a##b
#define BERTH_CONCAT(a, b) BERTH_CONCAT_INNER(a, b)

// Returns the error of `expr` (a Result or Status) from the enclosing function.
#define BERTH_RETURN_IF_ERROR(expr)                  \
  do {                                               \
    auto&& berth_status_ = (expr);                   \
    if (!berth_status_.ok())                         \
      return std::forward<decltype(berth_status_)>(  \
                 berth_status_).error();             \
  } while (0)

// `BERTH_ASSIGN_OR_RETURN(auto x, Foo());` declares x from a Result or returns its error.
#define BERTH_ASSIGN_OR_RETURN(lhs, expr) \
  BERTH_ASSIGN_OR_RETURN_IMPL(BERTH_CONCAT(berth_result_, __LINE__), lhs, expr)
#define BERTH_ASSIGN_OR_RETURN_IMPL(tmp, lhs, expr) \
  auto tmp = (expr);                                \
  if (!tmp.ok()) return std::move(tmp).error();     \
  lhs = std::move(tmp).value()
