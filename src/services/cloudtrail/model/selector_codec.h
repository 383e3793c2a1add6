#pragma once
// Event selectors as Documents in the wire shape of Put/GetEventSelectors (also how the trail
// store keeps them), with AWS's validation.

#include <vector>

#include "core/document.h"
#include "core/result.h"
#include "services/cloudtrail/model/trail.h"

namespace berth::services::cloudtrail {

Document EncodeEventSelectors(const std::vector<EventSelector>& selectors);
Document EncodeAdvancedEventSelectors(const std::vector<AdvancedEventSelector>& selectors);

// InvalidEventSelectorsException for what AWS refuses (more than 5 selectors, an unknown
// ReadWriteType, unknown or unsupported fields, empty operators).
Result<std::vector<EventSelector>> DecodeEventSelectors(const Document& list);
Result<std::vector<AdvancedEventSelector>> DecodeAdvancedEventSelectors(const Document& list);

}  // namespace berth::services::cloudtrail
