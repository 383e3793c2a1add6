#include <algorithm>
#include <limits>

#include "services/logs/api/page_tokens.h"
#include "services/logs/handlers/handlers.h"
#include "services/logs/model/errors.h"

namespace berth::services::logs::handlers {
namespace {

Document OutputEvent(const EventView& e) {
  Document event = Document::MakeMap(3);
  event["timestamp"] = e.key.timestamp_ms;
  event["message"] = e.message;
  event["ingestionTime"] = e.ingestion_ms;
  return event;
}

// The position just after / before `key` in key order (keys are integer triples).
EventKey Next(EventKey key) {
  ++key.index;
  return key;
}
EventKey Previous(EventKey key) {
  --key.index;
  return key;
}

}  // namespace

Result<Document> PutLogEvents(LogsService& s, CallContext& ctx, const PutLogEventsInput& in) {
  BERTH_ASSIGN_OR_RETURN(BatchVerdict verdict,
                         s.PutEvents(ctx.principal.account_id, in.group, in.stream, in.events,
                                     /*create_stream=*/false, ctx.now));
  Document out = Document::MakeMap(2);
  // Sequence tokens are ignored now (by AWS too), but clients still read one.
  out["nextSequenceToken"] = EventId(EventKey{Millis(ctx.now), 0, 0});
  if (verdict.too_new_start || verdict.too_old_end || verdict.expired_end) {
    Document& rejected = out["rejectedLogEventsInfo"];
    rejected = Document::MakeMap(3);
    if (verdict.too_new_start) {
      rejected["tooNewLogEventStartIndex"] = static_cast<int64_t>(*verdict.too_new_start);
    }
    if (verdict.too_old_end) {
      rejected["tooOldLogEventEndIndex"] = static_cast<int64_t>(*verdict.too_old_end);
    }
    if (verdict.expired_end) {
      rejected["expiredLogEventEndIndex"] = static_cast<int64_t>(*verdict.expired_end);
    }
  }
  return out;
}

// A page of at most `limit` events and 1 MiB, forward from after a position or backward from
// before one (AWS: with no token, startFromHead reads from the start of the range, else the
// newest events come back). Tokens name positions: an empty page answers the token it was
// given, so a client paging to the end sees the same token twice and stops.
Result<Document> GetLogEvents(LogsService& s, CallContext& ctx, const GetLogEventsInput& in) {
  BERTH_ASSIGN_OR_RETURN(LogGroup group, RequireGroup(s, ctx, in.group));
  BERTH_ASSIGN_OR_RETURN(auto stream, s.store().GetStream(group.id, in.stream));
  if (!stream) return errors::LogStreamNotFound();

  EventSelection selection;
  selection.group_id = group.id;
  selection.stream_ids = {stream->id};
  selection.start_ms = in.start_ms.value_or(0);
  selection.end_ms = in.end_ms.value_or(std::numeric_limits<int64_t>::max());
  selection.now = ctx.now;
  Direction direction = in.start_from_head ? Direction::kForward : Direction::kBackward;
  std::optional<StreamToken> token;
  if (in.next_token) {
    BERTH_ASSIGN_OR_RETURN(token, DecodeStreamToken(*in.next_token));
    direction = token->direction;
    if (direction == Direction::kForward) {
      selection.after = token->key;
    } else {
      selection.before = token->key;
    }
  }

  const size_t limit = static_cast<size_t>(in.limit.value_or(kMaxPageEvents));
  Document events = Document::MakeList();
  events.as_list().reserve(std::min<size_t>(limit, 1024));
  std::optional<EventKey> first, last;
  int64_t bytes = 0;
  BERTH_RETURN_IF_ERROR(s.store().ReadEvents(selection, direction, [&](const EventView& e) {
    const int64_t size = static_cast<int64_t>(e.message.size()) + kEventOverheadBytes;
    if (!events.as_list().empty() && bytes + size > kMaxPageBytes) return false;
    bytes += size;
    events.Push(OutputEvent(e));
    if (!first) first = e.key;
    last = e.key;
    return events.as_list().size() < limit;
  }));
  if (direction == Direction::kBackward) {
    std::reverse(events.as_list().begin(), events.as_list().end());
    std::swap(first, last);
  }

  Document out = Document::MakeMap(3);
  out["events"] = std::move(events);
  if (first) {
    out["nextForwardToken"] = ForwardToken(*last);
    out["nextBackwardToken"] = BackwardToken(*first);
  } else if (token) {
    // The end of the stream in the direction asked: the same token comes back.
    const EventKey at = token->key;
    out["nextForwardToken"] =
        token->direction == Direction::kForward ? ForwardToken(at) : ForwardToken(Previous(at));
    out["nextBackwardToken"] =
        token->direction == Direction::kBackward ? BackwardToken(at) : BackwardToken(Next(at));
  } else {
    // Nothing in the range: both tokens sit at its start, so reading forward later finds
    // what arrives meanwhile.
    const EventKey start{std::max<int64_t>(selection.start_ms, 0), 0, -1};
    out["nextForwardToken"] = ForwardToken(start);
    out["nextBackwardToken"] = BackwardToken(Next(start));
  }
  return out;
}

}  // namespace berth::services::logs::handlers
