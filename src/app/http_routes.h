#pragma once
// What the HTTP server calls: routes each request to the part of berth that answers it. The
// web console's pages, files and session endpoints go to the ConsoleHandler; everything else
// (AWS APIs, /v2, S3, and the console's sign-in, which is an AWS operation) to the dispatcher
// (which answers unknown routes with 404).

#include "app/console/console_handler.h"
#include "http/server.h"
#include "observability/metrics_endpoint.h"
#include "pipeline/dispatcher.h"
#include "services/sns/delivery/signing_key.h"

namespace berth::app {

class HttpRoutes final : public http::RequestHandler {
 public:
  // `console` may be null (no console). `sns_signing`, when given, is served at its
  // certificate path (SNS messages' SigningCertURL, fetched unsigned by receivers as AWS's
  // certificates are).
  // `metrics`, when given, answers Prometheus's scrapes of GET /metrics (see
  // observability/metrics_endpoint.h for how they are told from S3's bucket "metrics").
  HttpRoutes(pipeline::Dispatcher& dispatcher, const console::ConsoleHandler* console = nullptr,
             const services::sns::SigningKey* sns_signing = nullptr,
             observability::MetricsEndpoint* metrics = nullptr)
      : dispatcher_(dispatcher), console_(console), sns_signing_(sns_signing), metrics_(metrics) {}

  uint64_t BodyLimit(const RequestHead& head) override {
    // The console's own endpoints and the scrape take no body worth the name.
    if (IsConsole(head) || IsScrape(head)) return kConsoleBodyLimit;
    return dispatcher_.BodyLimit(head);
  }
  std::unique_ptr<BodySink> OpenSink(const RequestHead& head) override {
    if (IsConsole(head) || IsScrape(head)) return nullptr;
    return dispatcher_.OpenSink(head);
  }
  Response Handle(Request&& request) override {
    if (IsConsole(request.head)) return console_->Handle(request);
    if (IsScrape(request.head)) return metrics_->Handle();
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
    if (IsConsole(head)) return console_->TooLarge(limit);
    return dispatcher_.TooLarge(head, limit);
  }
  Response NotDurable(Response&& response) override {
    return dispatcher_.NotDurable(response);
  }

 private:
  static constexpr uint64_t kConsoleBodyLimit = 4096;

  bool IsConsole(const RequestHead& head) const {
    return console_ != nullptr && console_->Matches(head);
  }
  bool IsScrape(const RequestHead& head) const {
    return metrics_ != nullptr && metrics_->Matches(head);
  }

  pipeline::Dispatcher& dispatcher_;
  const console::ConsoleHandler* console_;
  const services::sns::SigningKey* sns_signing_;
  observability::MetricsEndpoint* metrics_;
};

}  // namespace berth::app
