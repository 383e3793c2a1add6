#include "auth/policy/json_error_locator.h"

#include <vector>

namespace berth::auth::policy {
namespace {

class Walker {
 public:
  explicit Walker(std::string_view text) : text_(text) {}

  // The offset of the first error and what it is, or nullopt.
  std::optional<std::pair<size_t, std::string>> Run() {
    // Each open container, and whether a value is due next (after '[', ',' or ':').
    std::vector<char> stack;
    SkipSpace();
    if (!Value(stack)) return error_;
    while (true) {
      SkipSpace();
      if (stack.empty()) {
        if (pos_ != text_.size()) return Fail("Unexpected content after the document");
        return std::nullopt;
      }
      if (pos_ == text_.size()) return Fail("Unexpected end of document");
      char open = stack.back();
      char c = text_[pos_];
      char close = open == '{' ? '}' : ']';
      if (c == close) {
        ++pos_;
        stack.pop_back();
        continue;
      }
      if (c != ',') return Fail(open == '{' ? "Expected ',' or '}'" : "Expected ',' or ']'");
      ++pos_;
      SkipSpace();
      if (open == '{' && !Member()) return error_;
      if (!Value(stack)) return error_;
    }
  }

 private:
  std::optional<std::pair<size_t, std::string>> Fail(std::string what) {
    error_ = std::make_pair(pos_, std::move(what));
    return error_;
  }

  void SkipSpace() {
    while (pos_ < text_.size() && (text_[pos_] == ' ' || text_[pos_] == '\t' ||
                                   text_[pos_] == '\n' || text_[pos_] == '\r')) {
      ++pos_;
    }
  }

  // A key and its ':' (the value follows); pos_ at the key.
  bool Member() {
    if (pos_ == text_.size()) return !Fail("Unexpected end of document");
    if (text_[pos_] != '"') return !Fail("Expected a string key");
    if (!String()) return false;
    SkipSpace();
    if (pos_ == text_.size() || text_[pos_] != ':') return !Fail("Expected ':'");
    ++pos_;
    SkipSpace();
    return true;
  }

  // One value; an opened container is pushed and its first element walked here (the rest by
  // Run's loop), so nesting costs stack entries, never recursion.
  bool Value(std::vector<char>& stack) {
    while (true) {
      if (pos_ == text_.size()) return !Fail("Unexpected end of document");
      char c = text_[pos_];
      if (c == '{' || c == '[') {
        ++pos_;
        SkipSpace();
        char close = c == '{' ? '}' : ']';
        if (pos_ < text_.size() && text_[pos_] == close) {
          ++pos_;
          return true;
        }
        stack.push_back(c);
        if (c == '{') {
          if (pos_ < text_.size() && text_[pos_] != '"') {
            return !Fail("Expected a string key or '}'");
          }
          if (!Member()) return false;
        }
        continue;
      }
      if (c == '"') return String();
      if (c == '-' || (c >= '0' && c <= '9')) return Number();
      for (std::string_view literal : {"true", "false", "null"}) {
        if (text_.substr(pos_, literal.size()) == literal) {
          pos_ += literal.size();
          return true;
        }
      }
      return !Fail(std::string("Unexpected character '") + c + "'");
    }
  }

  bool Digits() {
    size_t start = pos_;
    while (pos_ < text_.size() && text_[pos_] >= '0' && text_[pos_] <= '9') ++pos_;
    return pos_ > start;
  }

  bool Number() {
    if (text_[pos_] == '-') ++pos_;
    if (pos_ < text_.size() && text_[pos_] == '0') {
      ++pos_;
    } else if (!Digits()) {
      return !Fail("Invalid number");
    }
    if (pos_ < text_.size() && text_[pos_] == '.') {
      ++pos_;
      if (!Digits()) return !Fail("Invalid number");
    }
    if (pos_ < text_.size() && (text_[pos_] == 'e' || text_[pos_] == 'E')) {
      ++pos_;
      if (pos_ < text_.size() && (text_[pos_] == '+' || text_[pos_] == '-')) ++pos_;
      if (!Digits()) return !Fail("Invalid number");
    }
    return true;
  }

  static bool IsHex(char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  }

  // The length of the UTF-8 sequence at pos_ (0 when it is not valid UTF-8).
  size_t Utf8Length() const {
    auto byte = [&](size_t i) { return static_cast<unsigned char>(text_[pos_ + i]); };
    auto cont = [&](size_t i) { return pos_ + i < text_.size() && (byte(i) & 0xC0) == 0x80; };
    unsigned char b = byte(0);
    if (b < 0x80) return 1;
    if (b >= 0xC2 && b <= 0xDF) return cont(1) ? 2 : 0;
    if (b >= 0xE0 && b <= 0xEF) {
      if (!cont(1) || !cont(2)) return 0;
      if (b == 0xE0 && byte(1) < 0xA0) return 0;  // overlong
      if (b == 0xED && byte(1) > 0x9F) return 0;  // surrogate
      return 3;
    }
    if (b >= 0xF0 && b <= 0xF4) {
      if (!cont(1) || !cont(2) || !cont(3)) return 0;
      if (b == 0xF0 && byte(1) < 0x90) return 0;
      if (b == 0xF4 && byte(1) > 0x8F) return 0;
      return 4;
    }
    return 0;
  }

  bool String() {
    ++pos_;  // the opening quote
    while (true) {
      if (pos_ >= text_.size()) return !Fail("Unterminated string");
      unsigned char c = static_cast<unsigned char>(text_[pos_]);
      if (c == '"') {
        ++pos_;
        return true;
      }
      if (c < 0x20) return !Fail("Control character in string");
      if (c == '\\') {
        ++pos_;
        if (pos_ >= text_.size()) return !Fail("Unterminated string");
        char e = text_[pos_];
        if (e == 'u') {
          for (int i = 1; i <= 4; ++i) {
            if (pos_ + i >= text_.size() || !IsHex(text_[pos_ + i])) {
              return !Fail("Invalid \\u escape");
            }
          }
          pos_ += 5;
          continue;
        }
        if (std::string_view("\"\\/bfnrt").find(e) == std::string_view::npos) {
          return !Fail("Invalid escape");
        }
        ++pos_;
        continue;
      }
      size_t n = Utf8Length();
      if (n == 0) return !Fail("Invalid UTF-8");
      pos_ += n;
    }
  }

  std::string_view text_;
  size_t pos_ = 0;
  std::optional<std::pair<size_t, std::string>> error_;
};

}  // namespace

std::optional<JsonErrorLocation> LocateJsonError(std::string_view text) {
  auto found = Walker(text).Run();
  if (!found) return std::nullopt;
  JsonErrorLocation location{std::move(found->second), 1, 1};
  size_t end = std::min(found->first, text.size());
  for (size_t i = 0; i < end; ++i) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    if (c == '\n') {
      ++location.line;
      location.column = 1;
    } else if ((c & 0xC0) != 0x80) {  // count characters, not UTF-8 continuation bytes
      ++location.column;
    }
  }
  return location;
}

}  // namespace berth::auth::policy
