#include "auth/policy/variables.h"

namespace berth::auth::policy {
namespace {

std::string_view Trim(std::string_view s) {
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
  return s;
}

// `'text'` with '' for a quote inside, or nullopt.
std::optional<std::string> Unquote(std::string_view s) {
  if (s.size() < 2 || s.front() != '\'' || s.back() != '\'') return std::nullopt;
  s = s.substr(1, s.size() - 2);
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\'') {
      if (i + 1 >= s.size() || s[i + 1] != '\'') return std::nullopt;
      ++i;
    }
    out.push_back(s[i]);
  }
  return out;
}

}  // namespace

Template Template::Parse(std::string_view text, bool variables_enabled) {
  Template t;
  auto add_pattern = [&](std::string_view s) {
    if (s.empty()) return;
    if (!t.pieces_.empty() && t.pieces_.back().kind == Piece::Kind::kPattern) {
      t.pieces_.back().text.append(s);
    } else {
      t.pieces_.push_back({Piece::Kind::kPattern, std::string(s), std::nullopt});
    }
  };
  size_t pos = 0;
  while (variables_enabled && pos < text.size()) {
    size_t open = text.find("${", pos);
    if (open == std::string_view::npos) break;
    size_t close = text.find('}', open + 2);
    if (close == std::string_view::npos) break;  // no variable: the rest is text
    add_pattern(text.substr(pos, open - pos));
    std::string_view inside = text.substr(open + 2, close - open - 2);
    if (inside == "*" || inside == "?" || inside == "$") {
      t.pieces_.push_back({Piece::Kind::kLiteral, std::string(inside), std::nullopt});
    } else {
      Piece var{Piece::Kind::kVariable, "", std::nullopt};
      size_t comma = inside.find(',');
      std::string_view key = Trim(inside.substr(0, comma));
      if (comma != std::string_view::npos) {
        var.default_value = Unquote(Trim(inside.substr(comma + 1)));
      }
      if (key.empty() || (comma != std::string_view::npos && !var.default_value)) {
        add_pattern(text.substr(open, close + 1 - open));  // not a variable after all
      } else {
        var.text = AsciiLower(key);
        t.pieces_.push_back(std::move(var));
        t.has_variables_ = true;
      }
    }
    pos = close + 1;
  }
  add_pattern(text.substr(pos));
  if (!t.has_variables_) {
    for (const Piece& piece : t.pieces_) {
      t.constant_text_.append(piece.text);
      if (piece.kind == Piece::Kind::kPattern) {
        t.constant_glob_.AddPattern(piece.text);
      } else {
        t.constant_glob_.AddLiteral(piece.text);
      }
    }
    t.constant_glob_.Done();
  }
  return t;
}

std::optional<std::string> Template::ResolveText(const RequestContext& context) const {
  if (!has_variables_) return constant_text_;
  std::string out;
  for (const Piece& piece : pieces_) {
    if (piece.kind != Piece::Kind::kVariable) {
      out.append(piece.text);
      continue;
    }
    const std::vector<std::string>* values = context.FindLowered(piece.text);
    if (values && values->size() == 1) {
      out.append(values->front());
    } else if (piece.default_value) {
      out.append(*piece.default_value);
    } else {
      return std::nullopt;
    }
  }
  return out;
}

std::optional<Glob> Template::ResolveGlob(const RequestContext& context) const {
  if (!has_variables_) return constant_glob_;
  Glob glob;
  for (const Piece& piece : pieces_) {
    if (piece.kind == Piece::Kind::kPattern) {
      glob.AddPattern(piece.text);
    } else if (piece.kind == Piece::Kind::kLiteral) {
      glob.AddLiteral(piece.text);
    } else {
      const std::vector<std::string>* values = context.FindLowered(piece.text);
      if (values && values->size() == 1) {
        glob.AddLiteral(values->front());
      } else if (piece.default_value) {
        glob.AddLiteral(*piece.default_value);
      } else {
        return std::nullopt;
      }
    }
  }
  glob.Done();
  return glob;
}

}  // namespace berth::auth::policy
