// The JSON reader (every AWS JSON front end, IAM policies' text aside): any input is a
// Document or a SerializationException, and a Document written back out reads back the same.

#include "core/json_writer.h"
#include "fuzz/fuzz_input.h"
#include "protocol/aws_json.h"
#include "protocol/json_reader.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace berth;
  const std::string_view text = fuzz::AsText(data, size);
  (void)protocol::DecodeJsonRequest(text);
  auto doc = protocol::ParseJson(text);
  if (!doc.ok()) return 0;
  const std::string written = ToJson(*doc);
  auto again = protocol::ParseJson(written);
  if (!again.ok()) fuzz::Fail("ToJson wrote JSON that does not parse");
  if (ToJson(*again) != written) fuzz::Fail("JSON written twice differs");
  return 0;
}
