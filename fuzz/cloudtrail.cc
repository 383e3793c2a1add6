// CloudTrail's request shapes that carry a language of their own: event selectors (basic and
// advanced), LookupEvents' LookupAttributes and NextToken. Input: a JSON request body. Selectors
// that decode encode back into selectors that decode again.

#include "fuzz/fuzz_input.h"
#include "protocol/json_reader.h"
#include "services/cloudtrail/api/shapes.h"
#include "services/cloudtrail/model/selector_codec.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace berth;
  namespace ct = services::cloudtrail;
  auto doc = protocol::ParseJson(fuzz::AsText(data, size));
  if (!doc.ok()) return 0;
  if (auto in = ct::DecodeLookupEvents(*doc); in.ok() && in->next_token) {
    (void)ct::DecodeLookupToken(*in);  // as LookupEvents does: only with a NextToken
  }
  if (const Document* list = doc->Find("EventSelectors")) {
    if (auto selectors = ct::DecodeEventSelectors(*list); selectors.ok()) {
      if (!ct::DecodeEventSelectors(ct::EncodeEventSelectors(*selectors)).ok()) {
        fuzz::Fail("encoded event selectors do not decode");
      }
    }
  }
  if (const Document* list = doc->Find("AdvancedEventSelectors")) {
    if (auto selectors = ct::DecodeAdvancedEventSelectors(*list); selectors.ok()) {
      if (!ct::DecodeAdvancedEventSelectors(ct::EncodeAdvancedEventSelectors(*selectors)).ok()) {
        fuzz::Fail("encoded advanced event selectors do not decode");
      }
    }
  }
  return 0;
}
