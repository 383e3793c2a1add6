#include "auth/policy/wildcard.h"

namespace berth::auth::policy {
namespace {

// The length of the character at s[i] (1 for a stray continuation byte, so the walk moves on).
size_t CharLength(std::string_view s, size_t i) {
  unsigned char b = static_cast<unsigned char>(s[i]);
  size_t n = b < 0xC0 ? 1 : b < 0xE0 ? 2 : b < 0xF0 ? 3 : 4;
  return i + n <= s.size() ? n : s.size() - i;
}

}  // namespace

Glob& Glob::AddPattern(std::string_view pattern) {
  for (char c : pattern) {
    pattern_.push_back(c == '*' ? kStar : c == '?' ? kOne : c);
  }
  return *this;
}

Glob& Glob::AddLiteral(std::string_view text) {
  // A marker byte in literal text (only invalid UTF-8 holds one) would become a wildcard: a
  // pattern built from such a value matches nothing rather than more than it says.
  if (text.find_first_of(std::string_view("\xFF\xFE", 2)) != std::string_view::npos) {
    unmatchable_ = true;
  }
  pattern_.append(text);
  return *this;
}

Glob& Glob::Done() {
  size_t first_wild = pattern_.find_first_of(std::string_view("\xFF\xFE", 2));
  if (first_wild == std::string::npos) {
    kind_ = Kind::kExact;
  } else if (pattern_.size() == 1 && pattern_[0] == kStar) {
    kind_ = Kind::kAny;
  } else if (first_wild == pattern_.size() - 1 && pattern_.back() == kStar) {
    kind_ = Kind::kPrefix;  // "ecr:Describe*", "arn:aws:s3:::bucket/*"
  } else {
    kind_ = Kind::kGeneral;
  }
  return *this;
}

bool Glob::Matches(std::string_view s) const {
  if (unmatchable_) return false;
  std::string_view p = pattern_;
  switch (kind_) {
    case Kind::kExact:
      return p == s;
    case Kind::kAny:
      return true;
    case Kind::kPrefix:
      return s.substr(0, p.size() - 1) == p.substr(0, p.size() - 1);
    case Kind::kGeneral:
      break;
  }
  return MatchCompiled(p, s);
}

bool Glob::MatchCompiled(std::string_view p, std::string_view s) {
  size_t pi = 0, si = 0;
  size_t star = std::string_view::npos, resume = 0;
  while (si < s.size()) {
    if (pi < p.size() && p[pi] == kStar) {
      star = pi++;
      resume = si;
    } else if (pi < p.size() && p[pi] == kOne) {
      ++pi;
      si += CharLength(s, si);
    } else if (pi < p.size() && p[pi] == s[si]) {
      ++pi;
      ++si;
    } else if (star != std::string_view::npos) {
      // Let the last * take one more character and try the rest again from there.
      pi = star + 1;
      resume += CharLength(s, resume);
      si = resume;
    } else {
      return false;
    }
  }
  while (pi < p.size() && p[pi] == kStar) ++pi;
  return pi == p.size();
}

std::string Glob::ToString() const {
  std::string out;
  for (char c : pattern_) out.push_back(c == kStar ? '*' : c == kOne ? '?' : c);
  return out;
}

std::string AsciiLower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

bool AsciiEqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    char x = a[i], y = b[i];
    if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
    if (y >= 'A' && y <= 'Z') y = static_cast<char>(y - 'A' + 'a');
    if (x != y) return false;
  }
  return true;
}

}  // namespace berth::auth::policy
