#include <limits>

#include "services/logs/api/page_tokens.h"
#include "services/logs/filter/filter_pattern.h"
#include "services/logs/filter/matcher.h"
#include "services/logs/handlers/handlers.h"
#include "services/logs/model/errors.h"

namespace berth::services::logs::handlers {
namespace {

// Message bytes one FilterLogEvents call reads at most before it answers what it found with
// a nextToken (AWS, too, answers partial and even empty pages while a search goes on).
constexpr int64_t kScanBudgetBytes = 256LL << 20;

}  // namespace

// Events of the group (all streams, or the named ones, or those with a name prefix) whose
// messages match the pattern, in time order across streams. nextToken comes back while the
// range holds more to look at, and not at the end — `aws logs tail --follow` polls on that.
Result<Document> FilterLogEvents(LogsService& s, CallContext& ctx, const FilterLogEventsInput& in) {
  BERTH_ASSIGN_OR_RETURN(LogGroup group, RequireGroup(s, ctx, in.group));
  BERTH_ASSIGN_OR_RETURN(auto pattern, filter::FilterPattern::Compile(in.filter_pattern));
  EventSelection selection;
  selection.group_id = group.id;
  selection.start_ms = in.start_ms.value_or(0);
  selection.end_ms = in.end_ms.value_or(std::numeric_limits<int64_t>::max());
  selection.now = ctx.now;
  if (in.next_token) {
    BERTH_ASSIGN_OR_RETURN(selection.after, DecodeFilterToken(*in.next_token));
  }

  Document out = Document::MakeMap(3);
  Document events = Document::MakeList();
  bool searched = true;  // false when the named streams do not exist: nothing to read
  if (in.stream_names) {
    BERTH_ASSIGN_OR_RETURN(selection.stream_ids, s.store().FindStreams(group.id, *in.stream_names));
    searched = !selection.stream_ids.empty();
  } else if (in.stream_prefix) {
    BERTH_ASSIGN_OR_RETURN(selection.stream_filter,
                           s.store().FindStreamsByPrefix(group.id, *in.stream_prefix));
    searched = !selection.stream_filter->empty();
  }

  const size_t limit = static_cast<size_t>(in.limit.value_or(kMaxPageEvents));
  const bool everything = pattern->MatchesEverything();
  filter::FilterMatcher matcher(*pattern);
  int64_t page_bytes = 0, scanned = 0;
  std::optional<EventKey> stopped_at;
  EventKey last_returned;
  if (searched) {
    BERTH_RETURN_IF_ERROR(s.store().ReadEvents(selection, Direction::kForward,
                                               [&](const EventView& e) {
      scanned += static_cast<int64_t>(e.message.size());
      if (everything || matcher.Matches(e.message)) {
        const int64_t size = static_cast<int64_t>(e.message.size()) + kEventOverheadBytes;
        if (!events.as_list().empty() && page_bytes + size > kMaxPageBytes) {
          stopped_at = last_returned;  // this event opens the next page
          return false;
        }
        Document event = Document::MakeMap(5);
        event["logStreamName"] = e.stream_name;
        event["timestamp"] = e.key.timestamp_ms;
        event["message"] = e.message;
        event["ingestionTime"] = e.ingestion_ms;
        event["eventId"] = EventId(e.key);
        page_bytes += size;
        events.Push(std::move(event));
        last_returned = e.key;
        if (events.as_list().size() >= limit) {
          stopped_at = e.key;
          return false;
        }
      }
      if (scanned >= kScanBudgetBytes) {
        stopped_at = e.key;
        return false;
      }
      return true;
    }));
  }
  out["events"] = std::move(events);
  out["searchedLogStreams"] = Document::MakeList();  // AWS has answered [] since 2020
  if (stopped_at) out["nextToken"] = EncodeFilterToken(*stopped_at);
  return out;
}

}  // namespace berth::services::logs::handlers
