#include <gtest/gtest.h>

#include "core/document.h"
#include "core/json_writer.h"
#include "core/xml_writer.h"

namespace berth {
namespace {

TEST(JsonWriter, EscapesControlQuotesAndInvalidUtf8) {
  std::string out;
  AppendJsonString(out, std::string("a\"b\\c\n\x01\xc3\xa9\xff", 10));
  EXPECT_EQ(out, "\"a\\\"b\\\\c\\n\\u0001\xc3\xa9\xef\xbf\xbd\"");
}

// Byte-at-a-time escaping, as the reference for the word-at-a-time writer.
std::string ReferenceEscape(std::string_view s) {
  std::string out = "\"";
  for (char ch : s) {
    const auto c = static_cast<unsigned char>(ch);
    if (c == '"') out += "\\\"";
    else if (c == '\\') out += "\\\\";
    else if (c == '\n') out += "\\n";
    else if (c < 0x20) out += "\\u00" + std::string(1, "0123456789abcdef"[c >> 4]) +
                              std::string(1, "0123456789abcdef"[c & 0xf]);
    else out.push_back(ch);
  }
  return out + "\"";
}

TEST(JsonWriter, EscapesSpecialBytesAtEveryPositionOfLongStrings) {
  for (std::string special : {"\"", "\\", "\n", "\x01", "\x1f", "\xc3\xa9"}) {
    for (size_t pos = 0; pos <= 24; ++pos) {
      std::string s(24, 'a');
      s.insert(pos, special);
      std::string out;
      AppendJsonString(out, s);
      EXPECT_EQ(out, ReferenceEscape(s)) << "position " << pos;
    }
  }
  std::string plain(1000, 'x');
  std::string out;
  AppendJsonString(out, plain);
  EXPECT_EQ(out, "\"" + plain + "\"");
}

TEST(JsonWriter, RejectsOverlongAndSurrogateUtf8) {
  std::string out;
  AppendJsonString(out, "\xc0\xaf\xed\xa0\x80");
  EXPECT_EQ(out, "\"\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\"");
}

TEST(JsonWriter, WritesDocumentsWithAwsTimestampsAndBlobs) {
  Document d;
  d["n"] = 5;
  d["f"] = 1.5;
  d["b"] = true;
  d["s"] = "x";
  d["t"] = Document::Timestamp(TimePoint(std::chrono::milliseconds(1700000000123)));
  d["blob"] = Document::Blob("hi");
  d["list"].Push(1);
  d["list"].Push(Document());
  // Members come out in the order they were written.
  EXPECT_EQ(ToJson(d),
            "{\"n\":5,\"f\":1.5,\"b\":true,\"s\":\"x\",\"t\":1700000000.123,\"blob\":\"aGk=\","
            "\"list\":[1,null]}");
  EXPECT_EQ(ToJson(Document::MakeMap()), "{}");
}

TEST(XmlWriter, WritesMembersListsAndEscapes) {
  Document d;
  d["Name"] = "a<b&c";
  d["Items"].Push("x");
  d["Items"].Push("y");
  d["When"] = Document::Timestamp(TimePoint(std::chrono::milliseconds(1700000000123)));
  std::string out;
  xml::AppendElement(out, "R", d);
  EXPECT_EQ(out,
            "<R><Name>a&lt;b&amp;c</Name><Items><member>x</member><member>y</member></Items>"
            "<When>2023-11-14T22:13:20.123Z</When></R>");
}

TEST(Document, FromMembersKeepsTheLastOfRepeatedNames) {
  Document::Map members;
  members.emplace_back("b", 1);
  members.emplace_back("a", 2);
  members.emplace_back("b", 3);
  Document d = Document::FromMembers(std::move(members));
  ASSERT_EQ(d.as_map().size(), 2u);
  EXPECT_EQ(d.Find("b")->as_int(), 3);
  EXPECT_EQ(d.Find("a")->as_int(), 2);
}

TEST(Document, IndexingReusesExistingMembers) {
  Document d;
  d["x"] = 1;
  d["x"] = 2;
  ASSERT_EQ(d.as_map().size(), 1u);
  EXPECT_EQ(d.Find("x")->as_int(), 2);
  EXPECT_EQ(d.Find("y"), nullptr);
}

TEST(FieldReader, ReadsTypedFieldsAndKeepsTheFirstError) {
  Document d;
  d["s"] = "text";
  d["i"] = 7;
  d["q"] = "12";  // the query protocol delivers numbers as strings
  d["b"] = "true";
  d["blob"] = "aGk=";
  d["t"] = 1700000000.5;
  FieldReader r(d);
  EXPECT_EQ(r.RequiredString("s"), "text");
  EXPECT_EQ(r.OptionalInt("i"), 7);
  EXPECT_EQ(r.OptionalInt("q"), 12);
  EXPECT_EQ(r.OptionalBool("b"), true);
  EXPECT_EQ(r.OptionalBlob("blob"), "hi");
  EXPECT_EQ(r.OptionalTimestamp("t"), TimePoint(std::chrono::milliseconds(1700000000500)));
  EXPECT_FALSE(r.OptionalString("missing").has_value());
  EXPECT_TRUE(r.ok());
  r.OptionalInt("s");
  EXPECT_FALSE(r.ok());
  EXPECT_EQ(r.status().error().code, "SerializationException");
}

TEST(FieldReader, MissingRequiredIsValidationException) {
  const Document empty = Document::MakeMap();
  FieldReader r(empty);
  r.RequiredString("repositoryName");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().error().code, "ValidationException");
  EXPECT_NE(r.status().error().message.find("'repositoryName'"), std::string::npos);
}

}  // namespace
}  // namespace berth
