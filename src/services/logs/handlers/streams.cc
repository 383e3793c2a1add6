#include "services/logs/api/page_tokens.h"
#include "services/logs/handlers/handlers.h"
#include "services/logs/model/errors.h"

namespace berth::services::logs::handlers {

Result<Document> CreateLogStream(LogsService& s, CallContext& ctx, const StreamRefInput& in) {
  BERTH_ASSIGN_OR_RETURN(LogGroup group, s.RequireGroup(ctx.principal.account_id, in.group));
  LogStream stream;
  stream.group_id = group.id;
  stream.name = in.stream;
  stream.created_at = ctx.now;
  BERTH_ASSIGN_OR_RETURN(bool created, s.store().CreateStream(stream));
  if (!created) return errors::LogStreamAlreadyExists();
  return Document::MakeMap();
}

Result<Document> DeleteLogStream(LogsService& s, CallContext& ctx, const StreamRefInput& in) {
  BERTH_ASSIGN_OR_RETURN(LogGroup group, s.RequireGroup(ctx.principal.account_id, in.group));
  if (group.deletion_protection) return errors::DeletionProtected(group.name);
  BERTH_ASSIGN_OR_RETURN(auto stream, s.store().GetStream(group.id, in.stream));
  if (!stream) return errors::LogStreamNotFound();
  BERTH_ASSIGN_OR_RETURN(bool deleted, s.store().DeleteStream(stream->id));
  if (!deleted) return errors::LogStreamNotFound();
  return Document::MakeMap();
}

Result<Document> DescribeLogStreams(LogsService& s, CallContext& ctx,
                                    const DescribeLogStreamsInput& in) {
  BERTH_ASSIGN_OR_RETURN(LogGroup group, RequireGroup(s, ctx, in.group));
  StreamListing listing;
  listing.order = in.order;
  listing.descending = in.descending;
  listing.prefix = in.prefix;
  if (in.next_token) {
    BERTH_ASSIGN_OR_RETURN(StreamCursor after,
                           DecodeStreamsToken(*in.next_token, in.order, in.descending));
    listing.after = std::move(after);
  }
  const auto limit = static_cast<size_t>(in.limit);
  listing.limit = limit + 1;
  BERTH_ASSIGN_OR_RETURN(auto list, s.store().ListStreams(group.id, listing));
  const bool more = list.size() > limit;
  if (more) list.resize(limit);
  Document streams = Document::MakeList();
  streams.as_list().reserve(list.size());
  for (const LogStream& stream : list) {
    streams.Push(EncodeLogStream(stream, ctx.region, group.account_id, group.name));
  }
  Document out = Document::MakeMap(2);
  out["logStreams"] = std::move(streams);
  if (more) {
    const LogStream& last = list.back();
    out["nextToken"] = EncodeStreamsToken(in.order, in.descending,
                                          StreamCursor{last.last_event_ms.value_or(0), last.name});
  }
  return out;
}

}  // namespace berth::services::logs::handlers
