#pragma once
// How a space-delimited pattern sees a log message: fields separated by blanks, where the
// text between double quotes or between square brackets is one field (without the quotes or
// brackets): `127.0.0.1 - frank [10/Oct/2000:13:25:15 -0700] "GET /a HTTP/1.0" 404 1534` has
// seven fields, the fourth `10/Oct/2000:13:25:15 -0700`.

#include <string_view>
#include <vector>

namespace berth::services::logs::filter {

// Clears `fields` and fills it with views into `message`.
void SplitFields(std::string_view message, std::vector<std::string_view>& fields);

}  // namespace berth::services::logs::filter
