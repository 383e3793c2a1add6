#pragma once
// Reading members of a decoded CloudWatch input whatever front-end it came through: JSON and
// CBOR give numbers, booleans and timestamps as such (JSON timestamps as epoch seconds, CBOR's
// as tag 1), the query protocol gives every leaf as a string (timestamps in ISO 8601). Each
// reader names the member in its error (`MetricData.member.1.Value`), as AWS does.

#include <optional>
#include <string>
#include <string_view>

#include "core/clock.h"
#include "core/document.h"
#include "core/result.h"

namespace berth::services::monitoring::wire {

// The member or nullptr when absent or null.
const Document* Member(const Document& map, std::string_view key);

Result<std::string> String(const Document& d, std::string_view param);
Result<double> Number(const Document& d, std::string_view param);
Result<int64_t> Integer(const Document& d, std::string_view param);
Result<bool> Boolean(const Document& d, std::string_view param);
// Epoch seconds (number or numeric string) or ISO 8601.
Result<TimePoint> Timestamp(const Document& d, std::string_view param);
// A list; the query protocol's absent-or-empty list arrives as nothing at all.
Result<const Document::List*> List(const Document& d, std::string_view param);
Result<const Document*> Structure(const Document& d, std::string_view param);

// "MetricData.member.3" — how AWS names list items in messages, whatever the protocol.
std::string Item(std::string_view list, size_t index0);

}  // namespace berth::services::monitoring::wire
