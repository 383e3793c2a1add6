// S3's aws-chunked body decoder (unsigned chunks, with and without trailers), fed in pieces
// whose sizes the input's first byte sets, as the network would split them.

#include <string>

#include "fuzz/fuzz_input.h"
#include "services/s3/auth/aws_chunked.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace berth;
  if (size == 0) return 0;
  const size_t piece = 1 + data[0] % 64;
  const bool trailer = (data[0] & 0x80) != 0;
  std::string_view body = fuzz::AsText(data + 1, size - 1);
  services::s3::AwsChunkedDecoder decoder(std::nullopt, trailer);
  uint64_t passed = 0;
  auto out = [&](std::string_view bytes) -> Status {
    passed += bytes.size();
    return Status{};
  };
  while (!body.empty()) {
    const std::string_view now = body.substr(0, piece);
    body.remove_prefix(now.size());
    if (!decoder.Feed(now, out).ok()) return 0;
  }
  if (decoder.Finish().ok() && decoder.decoded_bytes() != passed) {
    fuzz::Fail("decoded_bytes differs from the bytes handed on");
  }
  if (passed > size) fuzz::Fail("more payload than body");
  return 0;
}
