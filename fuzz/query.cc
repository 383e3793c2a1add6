// The AWS query protocol's form decoder (IAM, STS, SNS, CloudWatch's query front end), and the
// XML answer written from what it decoded.

#include "fuzz/fuzz_input.h"
#include "protocol/aws_query.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace berth;
  auto request = protocol::DecodeQueryForm(fuzz::AsText(data, size));
  if (request.ok()) {
    (void)protocol::EncodeQueryResult(request->action, "https://example.com/doc/", request->params,
                                      "request-id");
  }
  return 0;
}
