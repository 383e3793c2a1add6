#pragma once
// What the HTTP server calls: routes each request to the part of berth that answers it. Today
// every request goes to the AWS API dispatcher (which answers unknown routes with 404); the
// /v2 registry and the console plug in here.

#include "http/server.h"
#include "pipeline/dispatcher.h"
#include "services/sns/delivery/signing_key.h"

namespace berth::app {

class HttpRoutes final : public http::RequestHandler {
 public:
  // `sns_signing`, when given, is served at its certificate path (SNS messages' SigningCertURL,
  // fetched unsigned by receivers as AWS's certificates are).
  explicit HttpRoutes(pipeline::Dispatcher& dispatcher,
                      const services::sns::SigningKey* sns_signing = nullptr)
      : dispatcher_(dispatcher), sns_signing_(sns_signing) {}

  uint64_t BodyLimit(const RequestHead& head) override { return dispatcher_.BodyLimit(head); }
  std::unique_ptr<BodySink> OpenSink(const RequestHead& head) override {
    return dispatcher_.OpenSink(head);
  }
  Response Handle(Request&& request) override {
    if (sns_signing_ != nullptr && request.head.method == "GET" &&
        request.head.path == sns_signing_->certificate_path()) {
      Response response;
      response.SetHeader("Content-Type", "application/x-x509-ca-cert");
      response.body = sns_signing_->certificate_pem();
      return response;
    }
    return dispatcher_.Handle(std::move(request));
  }
  Response TooLarge(const RequestHead& head, uint64_t limit) override {
    return dispatcher_.TooLarge(head, limit);
  }

 private:
  pipeline::Dispatcher& dispatcher_;
  const services::sns::SigningKey* sns_signing_;
};

}  // namespace berth::app
