#pragma once
// URL encoding as AWS uses it (RFC 3986 unreserved set), and query-string parsing.

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace berth::url {

// Percent-encodes every byte outside A-Z a-z 0-9 - _ . ~ (upper-case hex, as SigV4 requires);
// '/' is kept when encode_slash is false (canonical URIs of non-S3 services encode paths twice).
std::string UriEncode(std::string_view s, bool encode_slash = true);

// Decodes %XX escapes (and '+' as space when plus_as_space, for HTML forms); nullopt on a
// malformed escape.
std::optional<std::string> PercentDecode(std::string_view s, bool plus_as_space = false);

// Splits a raw query or form body on '&' and '=', decoding names and values; a name without '='
// gets an empty value. nullopt when an escape is malformed.
std::optional<std::vector<std::pair<std::string, std::string>>> ParseQuery(std::string_view raw,
                                                                          bool plus_as_space);

}  // namespace berth::url
