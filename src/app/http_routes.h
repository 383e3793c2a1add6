#pragma once
// What the HTTP server calls: routes each request to the part of berth that answers it. Today
// every request goes to the AWS API dispatcher (which answers unknown routes with 404); the
// /v2 registry and the console plug in here.

#include "http/server.h"
#include "pipeline/dispatcher.h"

namespace berth::app {

class HttpRoutes final : public http::RequestHandler {
 public:
  explicit HttpRoutes(pipeline::Dispatcher& dispatcher) : dispatcher_(dispatcher) {}

  uint64_t BodyLimit(const RequestHead& head) override { return dispatcher_.BodyLimit(head); }
  std::unique_ptr<BodySink> OpenSink(const RequestHead& head) override {
    return dispatcher_.OpenSink(head);
  }
  Response Handle(Request&& request) override { return dispatcher_.Handle(std::move(request)); }
  Response TooLarge(const RequestHead& head, uint64_t limit) override {
    return dispatcher_.TooLarge(head, limit);
  }
  Response NotDurable(Response&& response) override {
    return dispatcher_.NotDurable(response);
  }

 private:
  pipeline::Dispatcher& dispatcher_;
};

}  // namespace berth::app
