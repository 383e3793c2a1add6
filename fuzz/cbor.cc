// The RPC v2 CBOR codec: any input is a Document or a SerializationException, and what the
// encoder writes from a Document decodes and re-encodes to the same bytes.

#include "fuzz/fuzz_input.h"
#include "protocol/cbor.h"
#include "protocol/rpc_v2_cbor.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace berth;
  const std::string_view bytes = fuzz::AsText(data, size);
  (void)protocol::DecodeCborRequest(bytes);
  auto doc = protocol::DecodeCbor(bytes);
  if (!doc.ok()) return 0;
  const std::string encoded = protocol::EncodeCbor(*doc);
  auto again = protocol::DecodeCbor(encoded);
  if (!again.ok()) fuzz::Fail("EncodeCbor wrote CBOR that does not decode");
  if (protocol::EncodeCbor(*again) != encoded) fuzz::Fail("CBOR encoded twice differs");
  return 0;
}
