#include "services/monitoring/alarms/alarm_rule.h"

#include <algorithm>
#include <cctype>

#include "services/monitoring/model/errors.h"

namespace berth::services::monitoring::alarms {
namespace {

class Parser {
 public:
  explicit Parser(std::string_view text) : text_(text) {}

  Result<std::unique_ptr<RuleNode>> Parse(std::vector<std::string>& alarms) {
    alarms_ = &alarms;
    BERTH_ASSIGN_OR_RETURN(auto root, Or(0));
    SkipSpace();
    if (pos_ != text_.size()) return Fail("unexpected '" + std::string(1, text_[pos_]) + "'");
    return root;
  }

 private:
  Error Fail(const std::string& what) const {
    return errors::InvalidParameterValue("Error in alarm rule: " + what + " at position " +
                                         std::to_string(pos_ + 1) + ".");
  }

  void SkipSpace() {
    while (pos_ < text_.size() && std::isspace(static_cast<unsigned char>(text_[pos_]))) ++pos_;
  }

  // The keyword at pos_ when it is a whole word.
  bool Keyword(std::string_view word) {
    SkipSpace();
    if (text_.substr(pos_, word.size()) != word) return false;
    const size_t end = pos_ + word.size();
    if (end < text_.size() &&
        (std::isalnum(static_cast<unsigned char>(text_[end])) || text_[end] == '_'))
      return false;
    pos_ = end;
    return true;
  }

  Result<std::unique_ptr<RuleNode>> Node(RuleNode::Kind kind) {
    if (++elements_ > kMaxRuleElements) {
      return errors::InvalidParameterValue("Error in alarm rule: it has more than " +
                                           std::to_string(kMaxRuleElements) + " elements.");
    }
    auto n = std::make_unique<RuleNode>();
    n->kind = kind;
    return n;
  }

  Result<std::unique_ptr<RuleNode>> Or(size_t depth) {
    BERTH_ASSIGN_OR_RETURN(auto left, And(depth));
    while (Keyword("OR")) {
      BERTH_ASSIGN_OR_RETURN(auto right, And(depth));
      BERTH_ASSIGN_OR_RETURN(auto n, Node(RuleNode::Kind::kOr));
      n->children.push_back(std::move(left));
      n->children.push_back(std::move(right));
      left = std::move(n);
    }
    return left;
  }

  Result<std::unique_ptr<RuleNode>> And(size_t depth) {
    BERTH_ASSIGN_OR_RETURN(auto left, Unary(depth));
    while (Keyword("AND")) {
      BERTH_ASSIGN_OR_RETURN(auto right, Unary(depth));
      BERTH_ASSIGN_OR_RETURN(auto n, Node(RuleNode::Kind::kAnd));
      n->children.push_back(std::move(left));
      n->children.push_back(std::move(right));
      left = std::move(n);
    }
    return left;
  }

  Result<std::unique_ptr<RuleNode>> Unary(size_t depth) {
    if (depth > kMaxRuleDepth) return Fail("expressions nested too deeply");
    if (Keyword("NOT")) {
      BERTH_ASSIGN_OR_RETURN(auto operand, Unary(depth + 1));
      BERTH_ASSIGN_OR_RETURN(auto n, Node(RuleNode::Kind::kNot));
      n->children.push_back(std::move(operand));
      return n;
    }
    SkipSpace();
    if (pos_ < text_.size() && text_[pos_] == '(') {
      ++pos_;
      BERTH_ASSIGN_OR_RETURN(auto inner, Or(depth + 1));
      SkipSpace();
      if (pos_ >= text_.size() || text_[pos_] != ')') return Fail("expected ')'");
      ++pos_;
      return inner;
    }
    if (Keyword("TRUE")) return Node(RuleNode::Kind::kTrue);
    if (Keyword("FALSE")) return Node(RuleNode::Kind::kFalse);
    AlarmState state;
    if (Keyword("ALARM")) {
      state = AlarmState::kAlarm;
    } else if (Keyword("OK")) {
      state = AlarmState::kOk;
    } else if (Keyword("INSUFFICIENT_DATA")) {
      state = AlarmState::kInsufficientData;
    } else if (pos_ >= text_.size()) {
      return Fail("unexpected end of rule");
    } else {
      return Fail("expected ALARM, OK, INSUFFICIENT_DATA, TRUE, FALSE, NOT or '('");
    }
    SkipSpace();
    if (pos_ >= text_.size() || text_[pos_] != '(') return Fail("expected '('");
    ++pos_;
    BERTH_ASSIGN_OR_RETURN(std::string alarm, Argument());
    BERTH_ASSIGN_OR_RETURN(auto n, Node(RuleNode::Kind::kState));
    n->state = state;
    if (std::find(alarms_->begin(), alarms_->end(), alarm) == alarms_->end()) {
      if (alarms_->size() >= kMaxRuleChildren) {
        return errors::InvalidParameterValue("Error in alarm rule: it names more than " +
                                             std::to_string(kMaxRuleChildren) + " alarms.");
      }
      alarms_->push_back(alarm);
    }
    n->alarm = std::move(alarm);
    return n;
  }

  // "name", 'name' or name, then ')'.
  Result<std::string> Argument() {
    SkipSpace();
    std::string out;
    if (pos_ < text_.size() && (text_[pos_] == '"' || text_[pos_] == '\'')) {
      const char quote = text_[pos_++];
      const size_t end = text_.find(quote, pos_);
      if (end == std::string_view::npos) return Fail("unterminated quoted alarm name");
      out = std::string(text_.substr(pos_, end - pos_));
      pos_ = end + 1;
      SkipSpace();
    } else {
      const size_t end = text_.find(')', pos_);
      if (end == std::string_view::npos) return Fail("expected ')'");
      out = std::string(text_.substr(pos_, end - pos_));
      while (!out.empty() && std::isspace(static_cast<unsigned char>(out.back()))) out.pop_back();
      pos_ = end;
    }
    if (out.empty()) return Fail("expected an alarm name or ARN");
    if (pos_ >= text_.size() || text_[pos_] != ')') return Fail("expected ')'");
    ++pos_;
    return out;
  }

  std::string_view text_;
  size_t pos_ = 0;
  size_t elements_ = 0;
  std::vector<std::string>* alarms_ = nullptr;
};

bool Eval(const RuleNode& n,
          const std::function<std::optional<AlarmState>(const std::string&)>& state_of) {
  switch (n.kind) {
    case RuleNode::Kind::kTrue: return true;
    case RuleNode::Kind::kFalse: return false;
    case RuleNode::Kind::kState: {
      auto s = state_of(n.alarm);
      return s && *s == n.state;
    }
    case RuleNode::Kind::kNot: return !Eval(*n.children[0], state_of);
    case RuleNode::Kind::kAnd:
      return Eval(*n.children[0], state_of) && Eval(*n.children[1], state_of);
    case RuleNode::Kind::kOr:
      return Eval(*n.children[0], state_of) || Eval(*n.children[1], state_of);
  }
  return false;
}

}  // namespace

Result<std::shared_ptr<const AlarmRule>> AlarmRule::Parse(std::string_view text) {
  if (text.empty() || text.size() > kMaxAlarmRuleLength) {
    return errors::InvalidParameterValue(
        "The value for parameter AlarmRule must have a length between 1 and " +
        std::to_string(kMaxAlarmRuleLength) + " characters.");
  }
  auto rule = std::shared_ptr<AlarmRule>(new AlarmRule());
  Parser parser(text);
  BERTH_ASSIGN_OR_RETURN(rule->root_, parser.Parse(rule->alarms_));
  return std::shared_ptr<const AlarmRule>(std::move(rule));
}

bool AlarmRule::Evaluate(
    const std::function<std::optional<AlarmState>(const std::string&)>& state_of) const {
  return Eval(*root_, state_of);
}

std::optional<std::string> RuleAlarmName(std::string_view ref, std::string_view region,
                                         std::string_view account) {
  if (ref.rfind("arn:", 0) != 0) return std::string(ref);
  const std::string prefix = AlarmArn(region, account, "");
  if (ref.rfind(prefix, 0) != 0 || ref.size() == prefix.size()) return std::nullopt;
  return std::string(ref.substr(prefix.size()));
}

}  // namespace berth::services::monitoring::alarms
