#pragma once
// Which parts of a call's input and output reach the audit record: only the members an
// operation declares (OperationSpec::logged_*_fields), so secrets and payloads never do.

#include <string>
#include <vector>

#include "core/document.h"

namespace berth::pipeline {

// The members of `doc` named in `fields` (absent ones skipped); a null Document when `fields`
// is empty or none is present; `doc` itself when `fields` is {"*"}.
Document SelectFields(const Document& doc, const std::vector<std::string>& fields);

}  // namespace berth::pipeline
