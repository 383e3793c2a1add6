#include "services/cloudtrail/insights/insights_engine.h"

#include <algorithm>
#include <set>

#include "core/ids.h"
#include "protocol/json_reader.h"
#include "services/cloudtrail/delivery/log_file.h"
#include "services/cloudtrail/insights/insight_record.h"

namespace berth::services::cloudtrail::insights {
namespace {

constexpr size_t kReadBatch = 10000;
constexpr size_t kDeliveryBatch = 1000;

std::string StringAt(const Document& d, std::string_view key) {
  const Document* v = d.Find(key);
  return v != nullptr && v->is_string() ? v->as_string() : std::string();
}

// The call an event records, when Insights analyse it: a management API call (call rates are
// of write calls, error rates of all).
std::optional<ObservedCall> Analysed(const TrailEvent& e) {
  if (e.event_source.empty()) return std::nullopt;
  auto record = protocol::ParseJson(e.json);
  if (!record.ok() || !record->is_map()) return std::nullopt;
  if (StringAt(*record, "eventType") != "AwsApiCall") return std::nullopt;
  ObservedCall call;
  call.account = e.account_id;
  call.region = e.region;
  call.event_source = e.event_source;
  call.event_name = e.event_name;
  call.read_only = e.read_only;
  call.error_code = e.error_code;
  if (const Document* who = record->Find("userIdentity"); who != nullptr && who->is_map()) {
    call.user_arn = StringAt(*who, "arn");
  }
  call.user_agent = StringAt(*record, "userAgent");
  call.time = e.event_time;
  return call;
}

InsightEvent MakeEvent(const InsightTransition& t, const std::string& shared_event_id) {
  InsightEvent ie;
  ie.type = t.subject.type;
  ie.start = t.start;
  ie.shared_event_id = shared_event_id;
  TrailEvent& e = ie.event;
  e.event_id = ids::NewUuid();
  e.event_time = t.time;
  e.event_name = t.subject.event_name;
  e.event_source = t.subject.event_source;
  e.account_id = t.subject.account;
  e.region = t.subject.region;
  e.json = WriteInsightRecord(t, e.event_id, shared_event_id);
  return ie;
}

}  // namespace

InsightsEngine::InsightsEngine(EventStore& events, TrailStore& trails,
                               std::unique_ptr<InsightStore> store, Destinations* destinations,
                               DetectorOptions options)
    : events_(events),
      trails_(trails),
      store_(std::move(store)),
      destinations_(destinations),
      options_(options) {}

InsightsEngine::~InsightsEngine() = default;

Status InsightsEngine::Run(TimePoint now) {
  std::lock_guard lock(mu_);
  BERTH_ASSIGN_OR_RETURN(auto trails, trails_.List(""));
  std::set<std::string> accounts;  // those with Insights on
  for (const Trail& t : trails) {
    if (!t.insight_selectors.empty()) accounts.insert(t.account_id);
  }
  if (accounts.empty()) {
    // Nobody asks: read nothing. Turned on again, the history gives the baseline back.
    detector_.reset();
    started_.clear();
    return Ok();
  }
  if (!detector_) {
    BERTH_ASSIGN_OR_RETURN(cursor_, events_.LastSeq());
    // A minute more than the window: the detector's first minute must be a whole one.
    const TimePoint replay_from = now - options_.baseline - options_.minute;
    detector_ = std::make_unique<Detector>(options_, replay_from);
    BERTH_RETURN_IF_ERROR(EndInterrupted(now));
    BERTH_RETURN_IF_ERROR(Replay(accounts, replay_from, now));
  }
  BERTH_RETURN_IF_ERROR(Observe());
  BERTH_RETURN_IF_ERROR(Record(detector_->Advance(now)));
  return Deliver(now);
}

Status InsightsEngine::Replay(const std::set<std::string>& accounts, TimePoint from,
                              TimePoint now) {
  for (const std::string& account : accounts) {
    LookupQuery q;
    q.account_id = account;
    q.start = from;
    q.end = now;
    q.limit = kReadBatch;
    for (;;) {
      BERTH_ASSIGN_OR_RETURN(auto page, events_.Lookup(q));
      for (const TrailEvent& e : page) {
        // Later calls are read by Observe, from the cursor on.
        if (e.seq > cursor_) continue;
        if (auto call = Analysed(e)) detector_->Observe(*call);
      }
      if (page.size() < q.limit) break;
      q.after = std::make_pair(page.back().event_time, page.back().seq);
    }
  }
  return Ok();
}

Status InsightsEngine::EndInterrupted(TimePoint now) {
  BERTH_ASSIGN_OR_RETURN(auto open, store_->OpenStarts());
  std::vector<InsightEvent> ends;
  for (const InsightEvent& start : open) {
    auto t = ReadInsightRecord(start.event.json);
    if (!t.ok()) continue;  // not written by this engine: left as it is
    InsightTransition end = std::move(*t);
    const TimePoint started = end.time;
    end.start = false;
    end.time = std::max(started + options_.minute,
                        FromMillis(Millis(now) / options_.minute.count() * options_.minute.count()));
    end.insight_duration = (end.time - started) / options_.minute;
    ends.push_back(MakeEvent(end, start.shared_event_id));
  }
  return store_->Add(ends);
}

Status InsightsEngine::Observe() {
  for (;;) {
    BERTH_ASSIGN_OR_RETURN(auto batch, events_.ReadFrom(cursor_, kReadBatch));
    if (batch.empty()) return Ok();
    for (const TrailEvent& e : batch) {
      if (auto call = Analysed(e)) detector_->Observe(*call);
    }
    cursor_ = batch.back().seq;
    if (batch.size() < kReadBatch) return Ok();
  }
}

Status InsightsEngine::Record(const std::vector<InsightTransition>& transitions) {
  if (transitions.empty()) return Ok();
  std::map<std::string, std::vector<Trail>> trails_of;  // by account
  std::vector<InsightEvent> records;
  for (const InsightTransition& t : transitions) {
    std::string shared;
    if (t.start) {
      auto [it, fresh] = trails_of.try_emplace(t.subject.account);
      if (fresh) {
        BERTH_ASSIGN_OR_RETURN(it->second, trails_.List(t.subject.account));
      }
      const bool logged = std::any_of(it->second.begin(), it->second.end(), [&](const Trail& tr) {
        return LogsInsights(tr, t.subject.type, t.subject.region);
      });
      if (!logged) continue;
      shared = ids::NewUuid();
      started_[t.subject] = shared;
    } else {
      auto it = started_.find(t.subject);
      if (it == started_.end()) continue;
      shared = std::move(it->second);
      started_.erase(it);
    }
    InsightEvent ie = MakeEvent(t, shared);
    records.push_back(std::move(ie));
  }
  return store_->Add(records);
}

Status InsightsEngine::Deliver(TimePoint now) {
  if (destinations_ == nullptr) return Ok();
  BERTH_ASSIGN_OR_RETURN(const int64_t last, store_->LastId());
  BERTH_ASSIGN_OR_RETURN(auto trails, trails_.List(""));
  Status first_error = Ok();
  for (const Trail& t : trails) {
    if (!t.logging || t.insight_selectors.empty()) continue;
    BERTH_ASSIGN_OR_RETURN(int64_t cursor, store_->Delivered(t.id));
    while (cursor < last) {
      BERTH_ASSIGN_OR_RETURN(auto batch, store_->ReadFrom(cursor, kDeliveryBatch));
      if (batch.empty()) break;
      std::map<std::string, std::vector<const TrailEvent*>> by_region;
      for (const InsightEvent& ie : batch) {
        if (ie.event.account_id == t.account_id && LogsInsights(t, ie.type, ie.event.region)) {
          by_region[ie.event.region].push_back(&ie.event);
        }
      }
      Status written = Ok();
      for (const auto& [region, events] : by_region) {
        auto file = WriteLogFile(*destinations_, t, kInsightFileKind, region, events, now);
        if (!file.ok()) {
          written = file.error();
          break;
        }
      }
      // Kept on failure: the next run writes these again (at least once, like log files).
      if (!written.ok()) {
        if (first_error.ok()) first_error = written;
        break;
      }
      cursor = batch.back().event.seq;
      BERTH_RETURN_IF_ERROR(store_->SetDelivered(t.id, cursor));
    }
  }
  return first_error;
}

Status InsightsEngine::StartDelivery(int64_t trail_id) {
  BERTH_ASSIGN_OR_RETURN(const int64_t last, store_->LastId());
  return store_->SetDelivered(trail_id, last);
}

}  // namespace berth::services::cloudtrail::insights
