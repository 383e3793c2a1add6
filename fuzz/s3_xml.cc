// S3's request bodies (CompleteMultipartUpload, DeleteObjects, CreateBucketConfiguration,
// tagging, …) all go through ParseXml: any input is a bounded tree or MalformedXML.

#include "fuzz/fuzz_input.h"
#include "services/s3/api/xml.h"

namespace {

size_t Walk(const berth::services::s3::XmlElement& e, int depth) {
  if (depth > 16) berth::fuzz::Fail("XML tree deeper than ParseXml's bound");
  size_t n = 1;
  for (const auto& child : e.children) n += Walk(child, depth + 1);
  return n;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace berth;
  auto root = services::s3::ParseXml(fuzz::AsText(data, size));
  if (root.ok() && Walk(*root, 1) > 100000) fuzz::Fail("XML tree larger than ParseXml's bound");
  return 0;
}
