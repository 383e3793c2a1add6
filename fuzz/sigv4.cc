// SigV4 as a request presents it: the Authorization header and the presigned query string,
// through parsing, the canonical request (both SigV4's and S3's rules) and verification; and
// S3's SigV2 presigned query. Input: a request head (fuzz_input.h).

#include "auth/sigv4.h"
#include "core/clock.h"
#include "fuzz/fuzz_input.h"
#include "services/s3/auth/sigv2_query.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace berth;
  const RequestHead head = fuzz::ParseHead(fuzz::AsText(data, size));
  auto sig = auth::ParseSigV4(head);
  if (sig.ok()) {
    (void)auth::CanonicalRequest(head, *sig, "UNSIGNED-PAYLOAD", false);
    (void)auth::CanonicalRequest(head, *sig, "UNSIGNED-PAYLOAD", true);
    static const FakeClock clock(FromMillis(1700000000000));
    static const auth::SigV4Verifier verifier(clock);
    (void)verifier.Verify(head, "body", *sig, "secret", false);
    (void)verifier.Verify(head, "body", *sig, "secret", true);
    (void)verifier.SignS3(head, *sig, "secret", "UNSIGNED-PAYLOAD");
  }
  if (services::s3::HasSigV2Query(head)) {
    if (auto v2 = services::s3::ParseSigV2Query(head)) {
      (void)services::s3::SigV2StringToSign(head, v2->expires);
    }
  }
  return 0;
}
