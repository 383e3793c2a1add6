#include "services/logs/api/field_checks.h"

#include "services/logs/model/errors.h"
#include "services/logs/model/validation.h"

namespace berth::services::logs {

Error OutOfRange(std::string_view member, int64_t value, int64_t min, int64_t max) {
  return errors::ConstraintViolated(member, std::to_string(value),
                                    value < min ? "Member must have value greater than or equal "
                                                  "to " + std::to_string(min)
                                                : "Member must have value less than or equal "
                                                  "to " + std::to_string(max));
}

std::optional<int64_t> ReadLimit(FieldReader& r, const char* member, int64_t max, int64_t min) {
  auto limit = r.OptionalInt(member);
  if (limit && (*limit < min || *limit > max)) r.Fail(OutOfRange(member, *limit, min, max));
  return limit;
}

std::optional<int64_t> ReadTime(FieldReader& r, const char* member) {
  auto t = r.OptionalInt(member);
  if (t && *t < 0) r.Fail(OutOfRange(member, *t, 0, 0));
  return t;
}

int64_t ReadRequiredInt(FieldReader& r, const char* member) {
  auto value = r.OptionalInt(member);
  if (r.ok() && !value) r.RequiredString(member);  // records "must not be null"
  return value.value_or(0);
}

void Check(FieldReader& r, const Status& status) {
  if (!status.ok()) r.Fail(status.error());
}

void CheckLength(FieldReader& r, const char* member, std::string_view value, size_t min,
                 size_t max) {
  if (value.size() < min) {
    r.Fail(errors::ConstraintViolated(
        member, value, "Member must have length greater than or equal to " + std::to_string(min)));
  } else if (value.size() > max) {
    r.Fail(errors::ConstraintViolated(
        member, value, "Member must have length less than or equal to " + std::to_string(max)));
  }
}

std::string ReadGroupName(FieldReader& r, const char* member) {
  std::string name = r.RequiredString(member);
  if (r.ok()) Check(r, CheckLogGroupName(name, member));
  return name;
}

}  // namespace berth::services::logs
