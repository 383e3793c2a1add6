// Every example of AWS's "Filter pattern syntax for metric filters, subscription filters,
// filter log events, and Live Tail" (the current page, its split-out JSON and unstructured
// pages, and the older "Filter and Pattern Syntax" page), with the result the documentation
// gives it. Where the documentation names a pattern without saying what it matches, the
// cases pin down the behaviour berth gives it, with messages on both sides.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "services/logs/filter/filter_pattern.h"
#include "services/logs/filter/matcher.h"

namespace berth::services::logs::filter {
namespace {

struct Case {
  const char* pattern;
  const char* message;
  bool matches;
};

void Check(const std::vector<Case>& cases) {
  for (const Case& c : cases) {
    auto pattern = FilterPattern::Compile(c.pattern);
    ASSERT_TRUE(pattern.ok()) << c.pattern << ": " << pattern.error().message;
    FilterMatcher matcher(**pattern);
    EXPECT_EQ(matcher.Matches(c.message), c.matches)
        << "pattern " << c.pattern << "\nmessage " << c.message;
  }
}

// ---- Supported regular expressions ----

TEST(FilterDocumentedExamples, RegexOperators) {
  Check({
      {"%AUTHORIZED%", "[ERROR 401] UNAUTHORIZED REQUEST", true},
      {"%AUTHORIZED%", "[SUCCESS 200] AUTHORIZED REQUEST", true},
      {"%AUTHORIZED%", "[ERROR 400] BAD REQUEST", false},
      // ^ anchors at the start, $ at the end.
      {"%^[hc]at%", "hat", true},
      {"%^[hc]at%", "cat", true},
      {"%^[hc]at%", "cat on a mat", true},
      {"%^[hc]at%", "that", false},
      {"%[hc]at$%", "hat", true},
      {"%[hc]at$%", "the cat", true},
      {"%[hc]at$%", "cats", false},
      {"%colou?r%", "color", true},
      {"%colou?r%", "colour", true},
      {"%colou?r%", "colr", false},
      {"%[abc]%", "a", true},
      {"%[abc]%", "b", true},
      {"%[abc]%", "c", true},
      {"%[abc]%", "d", false},
      {"%[a-z]%", "q", true},
      {"%[a-z]%", "Q", false},
      {"%[abcx-z]%", "y", true},
      {"%[abcx-z]%", "d", false},
      {"%a{3,5}%", "aaa", true},
      {"%a{3,5}%", "aaaa", true},
      {"%a{3,5}%", "aaaaa", true},
      {"%a{3,5}%", "aa", false},
      {"%gra|ey%", "gray", true},
      {"%gra|ey%", "grey", true},
      {"%gra|ey%", "gruy", false},
      {"%^starting|^initializing|^shutting down%", "starting the server", true},
      {"%^starting|^initializing|^shutting down%", "initializing modules", true},
      {"%^starting|^initializing|^shutting down%", "shutting down", true},
      {"%^starting|^initializing|^shutting down%", "skipping initializing modules", false},
      // The page prints this one without its closing '%' (see the malformed cases).
      {"%abcc|ab[^c]$%", "abcc and more", true},
      {"%abcc|ab[^c]$%", "aba", true},
      {"%abcc|ab[^c]$%", "aac", false},
      {R"(%\[.\]%)", "[a]", true},
      {R"(%\[.\]%)", "[b]", true},
      {R"(%\[.\]%)", "[7]", true},
      {R"(%\[.\]%)", "[@]", true},
      {R"(%\[.\]%)", "[]]", true},
      {R"(%\[.\]%)", "[ ]", true},
      {R"(%\[.\]%)", "[ab]", false},
      {R"(%10\.10\.0\.1%)", "10.10.0.1", true},
      {R"(%10\.10\.0\.1%)", "10010,051", false},
      // Unescaped dots match any character: "can match 10010,051".
      {"%10.10.0.1%", "10010,051", true},
      {"%ab*c%", "ac", true},
      {"%ab*c%", "abc", true},
      {"%ab*c%", "abbbc", true},
      {"%ab[0-9]*%", "ab", true},
      {"%ab[0-9]*%", "ab0", true},
      {"%ab[0-9]*%", "ab129", true},
      {"%ab+c%", "abc", true},
      {"%ab+c%", "abbc", true},
      {"%ab+c%", "abbbc", true},
      {"%ab+c%", "ac", false},
      {"%.at%", "hat", true},
      {"%.at%", "cat", true},
      {"%.at%", "bat", true},
      {"%.at%", "4at", true},
      {"%.at%", "#at", true},
      {"%.at%", " at", true},
      {"%.at%", "at", false},
      {R"(%\d%)", "7", true},
      {R"(%\d%)", "x", false},
      {"%[0-9]%", "7", true},
      {R"(%\D%)", "x", true},
      {R"(%\D%)", "7", false},
      {"%[^0-9]%", "x", true},
      {R"(%\s%)", "a b", true},
      {R"(%\s%)", "a\tb", true},
      {R"(%\s%)", "a\nb", true},
      {R"(%\s%)", "ab", false},
      {R"(%\S%)", " x ", true},
      {R"(%\S%)", "   ", false},
      {R"(%\w%)", "_", true},
      {R"(%\w%)", "-", false},
      {"%[a-zA-Z_0-9]%", "_", true},
      {R"(%\W%)", "-", true},
      {R"(%\W%)", "a", false},
      {"%[^a-zA-Z_0-9]%", "-", true},
      {R"(%\x3A%)", "a:b", true},
      {R"(%\x3A%)", "ab", false},
      {R"(%\x28%)", "f(x)", true},
  });
}

// ---- Unstructured log events ----

constexpr const char* kBadRequest = "[ERROR 400] BAD REQUEST";
constexpr const char* kUnauthorized = "[ERROR 401] UNAUTHORIZED REQUEST";
constexpr const char* kMissing = "[ERROR 419] MISSING ARGUMENTS";
constexpr const char* kInvalid = "[ERROR 420] INVALID ARGUMENTS";
constexpr const char* kInternal = "[ERROR 500] INTERNAL SERVER ERROR";

TEST(FilterDocumentedExamples, UnstructuredTerms) {
  Check({
      {"ERROR", kBadRequest, true},
      {"ERROR", kUnauthorized, true},
      {"ERROR", kMissing, true},
      {"ERROR", kInvalid, true},
      {"ERROR", "[INFO 200] SUCCESSFUL REQUEST", false},
      {"ERROR ARGUMENTS", kMissing, true},
      {"ERROR ARGUMENTS", kInvalid, true},
      {"ERROR ARGUMENTS", kBadRequest, false},
      {"ERROR ARGUMENTS", kUnauthorized, false},
      {"?ERROR ?ARGUMENTS", kBadRequest, true},
      {"?ERROR ?ARGUMENTS", kUnauthorized, true},
      {"?ERROR ?ARGUMENTS", kMissing, true},
      {"?ERROR ?ARGUMENTS", kInvalid, true},
      {"?ERROR ?ARGUMENTS", "[INFO] INVALID ARGUMENTS PROVIDED", true},
      {"?ERROR ?ARGUMENTS", "[INFO 200] SUCCESSFUL REQUEST", false},
      // '?' terms next to other terms are ignored: this matches every event with REQUEST.
      {"?ERROR ?ARGUMENTS REQUEST", "[INFO] REQUEST FAILED", true},
      {"?ERROR ?ARGUMENTS REQUEST", "[WARN] UNAUTHORIZED REQUEST", true},
      {"?ERROR ?ARGUMENTS REQUEST", "[ERROR] 400 BAD REQUEST", true},
      {"?ERROR ?ARGUMENTS REQUEST", "[INFO 200] SUCCESSFUL REQUEST", true},
      {"?ERROR ?ARGUMENTS REQUEST", "[SUCCESS 200] AUTHORIZED REQUEST", true},
      {"?ERROR ?ARGUMENTS REQUEST", kMissing, false},
      {R"("INTERNAL SERVER ERROR")", kInternal, true},
      {R"("INTERNAL SERVER ERROR")", "[DEBUG 500] DEBUGGING INTERNAL INVALID", false},
      {R"("INTERNAL SERVER ERROR")", "INTERNAL ERROR SERVER", false},
      {"ERROR -ARGUMENTS", kBadRequest, true},
      {"ERROR -ARGUMENTS", kUnauthorized, true},
      {"ERROR -ARGUMENTS", kInternal, true},
      {"ERROR -ARGUMENTS", kMissing, false},
      {"ERROR -ARGUMENTS", kInvalid, false},
      // Match everything.
      {R"(" ")", "[INFO 200] SUCCESSFUL REQUEST", true},
      {R"(" ")", "x", true},
      {R"("   ")", "no blanks here", true},
  });
}

TEST(FilterDocumentedExamples, UnstructuredTermsOlderPage) {
  Check({
      {"ERROR", "[ERROR] A fatal exception has occurred", true},
      {"ERROR", "Exiting with ERRORCODE: -1", true},
      {R"("ERROR")", "Exiting with ERRORCODE: -1", true},
      {R"("ERROR" - "Exiting")", "Exiting with ERRORCODE: -1", false},
      {R"("ERROR" - "Exiting")", "[ERROR] A fatal exception has occurred", true},
      {"ERROR Exception", "[ERROR] Caught IllegalArgumentException", true},
      {"ERROR Exception", "[ERROR] Unhandled Exception", true},
      {"ERROR Exception", "[ERROR] A fatal exception has occurred", false},
      {"Failed to process the request", "[WARN] Failed to process the request", true},
      {"Failed to process the request",
       "[ERROR] Unable to continue: Failed to process the request", true},
      {"Failed to process the request", "[ERROR] Failed to parse the request", false},
      // OR pattern matching over 1. "ERROR WARN message" 2. "ERROR message" 3. "WARN message".
      {"ERROR", "ERROR WARN message", true},
      {"ERROR", "ERROR message", true},
      {"ERROR", "WARN message", false},
      {"?ERROR ?WARN", "ERROR WARN message", true},
      {"?ERROR ?WARN", "ERROR message", true},
      {"?ERROR ?WARN", "WARN message", true},
      {"ERROR WARN", "ERROR WARN message", true},
      {"ERROR WARN", "ERROR message", false},
      {"ERROR WARN", "WARN message", false},
      {"ERROR -WARN", "ERROR WARN message", false},
      {"ERROR -WARN", "ERROR message", true},
      {"ERROR -WARN", "WARN message", false},
  });
}

// ---- JSON log events ----

constexpr const char* kTrailEvent =
    R"({"eventType": "UpdateTrail", "sourceIPAddress": "111.111.111.111",)"
    R"( "arrayKey": ["value", "another value"],)"
    R"( "objectList": [{"name": "a", "id": 1}, {"name": "b", "id": 2}],)"
    R"( "SomeObject": null, "ThisFlag": true, "cluster.name": "c"})";

TEST(FilterDocumentedExamples, JsonStringsAndSelectors) {
  Check({
      {R"({ $.eventType = "UpdateTrail" })", kTrailEvent, true},
      {R"({ $.eventType = "UpdateTrail" })", R"({"eventType": "DeleteTrail"})", false},
      {"{ $.sourceIPAddress != 123.123.* }", kTrailEvent, true},
      {"{ $.sourceIPAddress != 123.123.* }", R"({"sourceIPAddress": "123.123.4.5"})", false},
      {R"({ $.arrayKey[0] = "value" })", kTrailEvent, true},
      // "If arrayKey is not an array this will be false."
      {R"({ $.arrayKey[0] = "value" })", R"({"arrayKey": "value"})", false},
      {"{ $.objectList[1].id = 2 }", kTrailEvent, true},
      {"{ $.objectList[1].id = 2 }", R"({"objectList": [{"id": 2}]})", false},
      {"{ $.objectList[1].id = 2 }", R"({"objectList": [{}, {"name": "b"}]})", false},
      {"{ $.SomeObject IS NULL }", kTrailEvent, true},
      {"{ $.SomeObject IS NULL }", R"({"SomeObject": {}})", false},
      {"{ $.SomeObject IS NULL }", R"({"Other": null})", false},
      {"{ $.SomeOtherObject NOT EXISTS }", kTrailEvent, true},
      {"{ $.SomeOtherObject NOT EXISTS }", R"({"SomeOtherObject": null})", false},
      {"{ $.ThisFlag IS TRUE }", kTrailEvent, true},
      {"{ $.ThisFlag IS FALSE }", kTrailEvent, false},
      {"{ $.ThisFlag IS FALSE }", R"({"ThisFlag": false})", true},
      {"{ $.eventType = %Trail% }", kTrailEvent, true},
      {"{ $.eventType = %Trail% }", R"({"eventType": "PutImage"})", false},
      {"{ $.arrayKey[*] = %val.{2}% }", kTrailEvent, true},
      {"{ $.arrayKey[*] = %val.{2}% }", R"({"arrayKey": ["va", "v"]})", false},
      {R"({ $.* = %111\.111\.111\.1[0-9]{1,2}% })", kTrailEvent, true},
      {R"({ $.* = %111\.111\.111\.1[0-9]{1,2}% })", R"({"ip": "111.111.111.2"})", false},
      {R"({ $.['cluster.name'] = "c" })", kTrailEvent, true},
      {R"({ $.['cluster.name'] = "c" })", R"({"cluster": {"name": "c"}})", false},
      // OR pattern matching in JSON filters.
      {"{$.foo = bar}", R"({"foo": "bar"})", true},
      {"{$.foo = bar}", R"({"foo": "baz"})", false},
      {"{$.foo = baz }", R"({"foo": "baz"})", true},
      {"{$.foo = baz }", R"({"foo": "bar"})", false},
      {"{$.foo = bar || $.foo = baz }", R"({"foo": "bar"})", true},
      {"{$.foo = bar || $.foo = baz }", R"({"foo": "baz"})", true},
      {"{$.foo = bar || $.foo = baz }", R"({"foo": "qux"})", false},
      // A selector must reach a value node: an array matches neither = nor !=.
      {"{$.users = 1}", R"({"users": [1, 2, 3]})", false},
      {"{$.users != 1}", R"({"users": [1, 2, 3]})", false},
      // Wildcards at the start or end of a string; '*' inside is a literal.
      {"{ $.eventName = *Event }", R"({"eventName": "PutEvent"})", true},
      {"{ $.eventName = *Event }", R"({"eventName": "GetEvent"})", true},
      {"{ $.eventName = *Event }", R"({"eventName": "EventId"})", false},
      {"{ $.eventName = Event* }", R"({"eventName": "EventId"})", true},
      {"{ $.eventName = Event* }", R"({"eventName": "EventName"})", true},
      {"{ $.eventName = Event* }", R"({"eventName": "PutEvent"})", false},
      {"{ $.eventName = Ev*ent }", R"({"eventName": "Ev*ent"})", true},
      {"{ $.eventName = Ev*ent }", R"({"eventName": "Event"})", false},
      {"{ $.latency = * }", R"({"latency": 120})", true},
      {"{ $.latency = * }", R"({"other": 120})", false},
      // A pattern never matches a message that is not JSON.
      {R"({ $.eventType = "UpdateTrail" })", "eventType UpdateTrail", false},
  });
}

constexpr const char* kUsersEvent =
    R"({"user": {"id": 1, "email": "John.Stiles@example.com"},)"
    R"( "users": [{"id": 2, "email": "John.Doe@example.com"},)"
    R"( {"id": 3, "email": "Jane.Doe@example.com"}],)"
    R"( "actions": ["GET", "PUT", "DELETE"],)"
    R"( "coordinates": [[0, 1, 2], [4, 5, 6], [7, 8, 9]]})";

TEST(FilterDocumentedExamples, JsonCompoundExpressions) {
  Check({
      {R"({ ($.user.id = 1) && ($.users[0].email = "John.Doe@example.com") })", kUsersEvent,
       true},
      {R"({ ($.user.id = 2 && $.users[0].email = "nonmatch") || $.actions[2] = "GET" })",
       kUsersEvent, false},
      // The current page quotes "nonmatch"; the older one writes it bare.
      {R"({ $.user.email = "John.Stiles@example.com" || $.coordinates[0][1] = "nonmatch" && )"
       R"($.actions[2] = "nonmatch" })",
       kUsersEvent, true},
      {R"({ $.user.email = "John.Stiles@example.com" || $.coordinates[0][1] = nonmatch && )"
       R"($.actions[2] = nomatch })",
       kUsersEvent, true},
      {R"({ ($.user.email = "John.Stiles@example.com" || $.coordinates[0][1] = "nonmatch") )"
       R"(&& $.actions[2] = "nonmatch" })",
       kUsersEvent, false},
      {R"({ ($.user.email = "John.Stiles@example.com" || $.coordinates[0][1] = nonmatch) && )"
       R"($.actions[2] = nomatch })",
       kUsersEvent, false},
      // And the same expressions made true, to show the operators work and not just fail.
      {"{ $.coordinates[0][1] = 1 && $.coordinates[2][0] = 7 }", kUsersEvent, true},
      {R"({ ($.user.id = 2 && $.users[0].email = "nonmatch") || $.actions[2] = "DELETE" })",
       kUsersEvent, true},
  });
}

TEST(FilterDocumentedExamples, JsonNumericComparisons) {
  Check({
      // Current page.
      {"{ $.bandwidth > 75 }", R"({"bandwidth": 76})", true},
      {"{ $.bandwidth > 75 }", R"({"bandwidth": 75})", false},
      {"{ $.latency < 50 }", R"({"latency": 49.5})", true},
      {"{ $.latency < 50 }", R"({"latency": 50})", false},
      {"{ $.refreshRate >= 60 }", R"({"refreshRate": 60})", true},
      {"{ $.refreshRate >= 60 }", R"({"refreshRate": 59})", false},
      {"{ $.responseTime <= 5 }", R"({"responseTime": 5})", true},
      {"{ $.responseTime <= 5 }", R"({"responseTime": 6})", false},
      {"{ $.errorCode = 400}", R"({"errorCode": 400})", true},
      {"{ $.errorCode = 400}", R"({"errorCode": 401})", false},
      {"{ $.errorCode != 500 }", R"({"errorCode": 400})", true},
      {"{ $.errorCode != 500 }", R"({"errorCode": 500})", false},
      {"{ $.number[0] = 1e+3 }", R"({"number": [1000]})", true},
      {"{ $.number[0] = 1e+3 }", R"({"number": [100]})", false},
      {"{ $.number[0] != 1e-3 }", R"({"number": [0.002]})", true},
      {"{ $.number[0] != 1e-3 }", R"({"number": [0.001]})", false},
      // Older page.
      {"{ $.latency >= 500 }", R"({"latency": 500})", true},
      {"{ $.latency >= 500 }", R"({"latency": 499})", false},
      {"{ $.numbers[0] < 10e3 }", R"({"numbers": [9999]})", true},
      {"{ $.numbers[0] < 10e3 }", R"({"numbers": [10000]})", false},
      {"{ $.numbers[0] < 10e-3 }", R"({"numbers": [0.009]})", true},
      {"{ $.numbers[0] < 10e-3 }", R"({"numbers": [0.01]})", false},
      {"{ $.processes[4].averageRuntime <= 55.5 }",
       R"({"processes": [{}, {}, {}, {}, {"averageRuntime": 55.5}]})", true},
      {"{ $.processes[4].averageRuntime <= 55.5 }",
       R"({"processes": [{}, {}, {}, {}, {"averageRuntime": 55.6}]})", false},
      {"{ $.latency > +1000 }", R"({"latency": 1001})", true},
      {"{ $.latency > +1000 }", R"({"latency": -1001})", false},
      // Numbers written as strings in the message still compare as numbers.
      {"{ $.latency > 1000 }", R"({"latency": "1500"})", true},
      {"{ $.latency > 1000 }", R"({"latency": "slow"})", false},
  });
}

// ---- Space-delimited log events ----

constexpr const char* kApache200 =
    R"(127.0.0.1 - frank [10/Oct/2000:13:25:15 -0700] "GET /apache_pb.gif HTTP/1.0" 200 1534)";
constexpr const char* kApache500 =
    R"(127.0.0.1 - frank [10/Oct/2000:13:35:22 -0700] "GET /apache_pb.gif HTTP/1.0" 500 5324)";
constexpr const char* kApache404 =
    R"(127.0.0.1 - frank [10/Oct/2000:13:25:15 -0700] "GET /index.html HTTP/1.0" 404 1534)";
constexpr const char* kApacheSmall404 =
    R"(127.0.0.1 - frank [10/Oct/2000:13:25:15 -0700] "GET /index.html HTTP/1.0" 404 534)";
constexpr const char* kApache403 =
    R"(127.0.0.1 - frank [10/Oct/2000:13:25:15 -0700] "GET /secret.html HTTP/1.0" 403 1534)";
constexpr const char* kProd404 =
    R"(127.0.0.1 Prod frank [10/Oct/2000:13:25:15 -0700] "GET /index.html HTTP/1.0" 404 1534)";

TEST(FilterDocumentedExamples, SpaceDelimitedOlderPage) {
  Check({
      {"[ip, user, username, timestamp, request, status_code, bytes]", kApache200, true},
      {"[ip, user, username, timestamp, request, status_code, bytes]", "too few fields", false},
      {"[..., status_code, bytes]", kApache200, true},
      {"[ip, user, ..., status_code, bytes]", kApache500, true},
      {"[ip, user, ...]", kApache200, true},
      {"[ip, user, username, timestamp, request, status_code, bytes > 1000]", kApache200, true},
      {"[ip, user, username, timestamp, request, status_code, bytes > 1000]", kApacheSmall404,
       false},
      {"[ip, user, username, timestamp, request, status_code = 200, bytes]", kApache200, true},
      {"[ip, user, username, timestamp, request, status_code = 200, bytes]", kApache500, false},
      {"[ip, user, username, timestamp, request, status_code = 4*, bytes]", kApache404, true},
      {"[ip, user, username, timestamp, request, status_code = 4*, bytes]", kApache500, false},
      {"[ip, user, username, timestamp, request = *html*, status_code = 4*, bytes]", kApache404,
       true},
      {"[ip, user, username, timestamp, request = *html*, status_code = 4*, bytes]", kApache200,
       false},
      {"[ip, user, username, timestamp, request, status_code = 4* && status_code != 403, bytes]",
       kApache404, true},
      {"[ip, user, username, timestamp, request, status_code = 4* && status_code != 403, bytes]",
       kApache403, false},
      // Six slots over seven fields: the last slot holds "404 1534", and `bytes` (no slot's
      // name) reads that same slot, which is no number; the pattern parses and never matches
      // Apache's seven-field lines. The page gives it only as an example of '&&'.
      {"[ip, user, username, timestamp, request, status_code = 4* && bytes > 1000]", kApache404,
       false},
      // A trailing comma is an unnamed seventh field (the page extracts it as $7).
      {"[..., request=*.html*, status_code=4*,]", kApache404, true},
      {"[..., request=*.html*, status_code=4*,]", kApache200, false},
      // Space-delimited OR over 1. "ERROR WARN message" 2. "ERROR message" 3. "WARN message".
      // The older page says [w1=ERROR, w2] matches only 2; the current page says the last slot
      // takes the rest of the line ("[w1=ERROR, w2] returns log events where the first word is
      // ERROR"), which berth follows, so 1 matches too.
      {"[w1=ERROR, w2]", "ERROR message", true},
      {"[w1=ERROR, w2]", "ERROR WARN message", true},
      {"[w1=ERROR, w2]", "WARN message", false},
      {"[w1=ERROR || w1=WARN, w2]", "ERROR message", true},
      {"[w1=ERROR || w1=WARN, w2]", "WARN message", true},
      {"[w1=ERROR || w1=WARN, w2]", "INFO message", false},
      // Counting 404 responses (the metric filter walkthrough).
      {"[IP, UserInfo, User, Timestamp, RequestInfo, StatusCode=404, Bytes]",
       R"(127.0.0.1 - frank [10/Oct/2000:13:55:36 -0700] "GET /apache_pb.gif HTTP/1.0" 404 2326)",
       true},
      {"[IP, UserInfo, User, Timestamp, RequestInfo, StatusCode=404, Bytes]", kApache200, false},
  });
}

constexpr const char* kGet = "INFO 09/25/2014 12:00:00 GET /service/resource/67 1200";
constexpr const char* kPost = "INFO 09/25/2014 12:00:01 POST /service/resource/67/part/111 1310";
constexpr const char* kWarning = "WARNING 09/25/2014 12:00:02 Invalid user request";
constexpr const char* kError = "ERROR 09/25/2014 12:00:02 Failed to process request";

TEST(FilterDocumentedExamples, SpaceDelimitedCurrentPage) {
  Check({
      {R"([ip=%127\.0\.0\.[1-9]%, user, username, timestamp, request =*.html*, status_code = 4*, bytes])",
       kProd404, true},
      {R"([ip=%127\.0\.0\.[1-9]%, user, username, timestamp, request =*.html*, status_code = 4*, bytes])",
       R"(10.0.0.1 Prod frank [10/Oct/2000:13:25:15 -0700] "GET /index.html HTTP/1.0" 404 1534)",
       false},
      {"[..., request =*.html*, status_code = 4*, bytes]", kProd404, true},
      {"[..., request =*.html*, status_code = 4*, bytes]", kApache200, false},
      {"[ip, user, username, timestamp, request =*.html*, status_code = 404 || status_code = 410, "
       "bytes]",
       kProd404, true},
      {"[ip, user, username, timestamp, request =*.html*, status_code = 404 || status_code = 410, "
       "bytes]",
       R"(127.0.0.1 Prod frank [10/Oct/2000:13:25:15 -0700] "GET /index.html HTTP/1.0" 410 1534)",
       true},
      {"[ip, user, username, timestamp, request =*.html*, status_code = 404 || status_code = 410, "
       "bytes]",
       kApache403, false},
      {"[w1=ERROR, w2]", kError, true},
      {"[w1=ERROR, w2]", kGet, false},
      {"[w1=ERROR, w2]", kWarning, false},
      {"[w1=ERROR || w1=WARNING, w2]", kError, true},
      {"[w1=ERROR || w1=WARNING, w2]", kWarning, true},
      {"[w1=ERROR || w1=WARNING, w2]", kGet, false},
      {"[w1!=ERROR && w1!=WARNING, w2]", kGet, true},
      {"[w1!=ERROR && w1!=WARNING, w2]", kPost, true},
      {"[w1!=ERROR && w1!=WARNING, w2]", kError, false},
      {"[w1!=ERROR && w1!=WARNING, w2]", kWarning, false},
      {"[logLevel, date, time, method, url=%/service/resource/[0-9]+$%, response_time]", kGet,
       true},
      {"[logLevel, date, time, method, url=%/service/resource/[0-9]+$%, response_time]", kPost,
       false},
      {"[logLevel, date, time, method, url=%/service/resource/[0-9]+$%, response_time]",
       kWarning, false},
      {"[logLevel, date, time, method, url=%/service/resource/[0-9]+$%, response_time]", kError,
       false},
      {"[logLevel, date, time, method, url=%/service/resource/[0-9]+/part/[0-9]+$%, "
       "response_time]",
       kPost, true},
      {"[logLevel, date, time, method, url=%/service/resource/[0-9]+/part/[0-9]+$%, "
       "response_time]",
       kGet, false},
  });
}

// Patterns the documentation shows or names as unsupported, which must be refused.
TEST(FilterDocumentedExamples, DocumentedRefusals) {
  for (const char* pattern : {
           "%something!%",                  // '!' is not a supported regex character
           "%(ab)%",                        // no parentheses in regexes
           "%caf\xC3\xA9%",                 // no multi-byte characters in regexes
           "%abcc|ab[^c]$",                 // as printed: no closing '%'
           "{ $.SomeObject IS NOT NULL }",  // IS NOT is not supported
           "{ $.SomeObject EXISTS }",       // EXISTS is not supported
           "{ $.a[*].b[*] = 1 }",           // one wildcard per selector
           "{ $.a.* = 1 || $.b.* = 2 || $.c.* = 3 || $.d.* = 4 }",  // three per pattern
           "{ $.a = %x% || $.b = %y% || $.c = %z% }",              // two regexes per pattern
           "[a=%x%, b=%y%, c=%z%]",
       }) {
    auto compiled = FilterPattern::Compile(pattern);
    ASSERT_FALSE(compiled.ok()) << pattern;
    EXPECT_EQ(compiled.error().code, "InvalidParameterException") << pattern;
    EXPECT_EQ(compiled.error().message.rfind("Invalid filter pattern: ", 0), 0u)
        << compiled.error().message;
  }
}

}  // namespace
}  // namespace berth::services::logs::filter
