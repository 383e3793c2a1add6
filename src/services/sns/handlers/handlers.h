#pragma once
// SNS's operations. Each takes the decoded query parameters and answers the operation's
// output structure; the wire is the dispatcher's. ConfirmSubscription and Unsubscribe may be
// called unsigned (the SubscribeURL and UnsubscribeURL a subscriber opens): then
// ctx.principal has no account, and the token or the subscription ARN is the credential.

#include "core/document.h"
#include "core/result.h"
#include "pipeline/operation.h"
#include "services/sns/sns_service.h"

namespace berth::services::sns::handlers {

using pipeline::CallContext;
using Handler = Result<Document> (*)(SnsService&, CallContext&, const Document&);

// topics.cc
Result<Document> CreateTopic(SnsService& s, CallContext& ctx, const Document& in);
Result<Document> DeleteTopic(SnsService& s, CallContext& ctx, const Document& in);
Result<Document> ListTopics(SnsService& s, CallContext& ctx, const Document& in);
Result<Document> GetTopicAttributes(SnsService& s, CallContext& ctx, const Document& in);
Result<Document> SetTopicAttributes(SnsService& s, CallContext& ctx, const Document& in);
// subscriptions.cc
Result<Document> Subscribe(SnsService& s, CallContext& ctx, const Document& in);
Result<Document> ConfirmSubscription(SnsService& s, CallContext& ctx, const Document& in);
Result<Document> Unsubscribe(SnsService& s, CallContext& ctx, const Document& in);
Result<Document> ListSubscriptions(SnsService& s, CallContext& ctx, const Document& in);
Result<Document> ListSubscriptionsByTopic(SnsService& s, CallContext& ctx, const Document& in);
// subscription_attributes.cc
Result<Document> GetSubscriptionAttributes(SnsService& s, CallContext& ctx, const Document& in);
Result<Document> SetSubscriptionAttributes(SnsService& s, CallContext& ctx, const Document& in);
// publish.cc
Result<Document> Publish(SnsService& s, CallContext& ctx, const Document& in);
// tags.cc
Result<Document> TagResource(SnsService& s, CallContext& ctx, const Document& in);
Result<Document> UntagResource(SnsService& s, CallContext& ctx, const Document& in);
Result<Document> ListTagsForResource(SnsService& s, CallContext& ctx, const Document& in);

}  // namespace berth::services::sns::handlers
