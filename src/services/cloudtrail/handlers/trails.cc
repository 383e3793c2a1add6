#include "services/cloudtrail/handlers/handlers.h"
#include "services/cloudtrail/model/errors.h"
#include "services/cloudtrail/model/selector_codec.h"

namespace berth::services::cloudtrail::handlers {
namespace {

constexpr std::string_view kArnPrefix = "arn:aws:cloudtrail:";
constexpr size_t kMaxPrefix = 200;

// Checks what the trail delivers to exists and may be used (AWS checks these when the trail is
// created or changed, not only at delivery).
Status CheckDestinations(CloudTrailService& s, const CallContext& ctx, const Trail& t) {
  if (t.s3_prefix && (t.s3_prefix->size() > kMaxPrefix || t.s3_prefix->front() == '/')) {
    return errors::InvalidS3Prefix("Prefix " + *t.s3_prefix + " is not valid: at most 200 "
                                   "characters, not starting with '/'.");
  }
  std::optional<std::string> owner;
  if (s.destinations() != nullptr) {
    BERTH_ASSIGN_OR_RETURN(owner, s.destinations()->BucketOwner(t.s3_bucket));
  }
  if (!owner) return errors::S3BucketDoesNotExist(t.s3_bucket);
  if (*owner != ctx.principal.account_id) return errors::InsufficientS3BucketPolicy(t.s3_bucket);
  if (t.log_group_arn) {
    std::string account;
    auto group = LogGroupNameOf(*t.log_group_arn, &account);
    if (!group || account != ctx.principal.account_id) {
      return errors::InvalidCloudWatchLogsLogGroupArn(
          "CloudWatch Logs log group ARN " + *t.log_group_arn + " is not valid.");
    }
    bool exists = false;
    if (s.destinations() != nullptr) {
      BERTH_ASSIGN_OR_RETURN(exists, s.destinations()->LogGroupExists(account, *group));
    }
    if (!exists) {
      return errors::InvalidCloudWatchLogsLogGroupArn("Access denied. Check the log group " +
                                                      *group + " exists in this account.");
    }
    // berth has no IAM roles to assume; the ARN is checked for shape, as the console would.
    const std::string role_prefix = "arn:aws:iam::" + ctx.principal.account_id + ":role/";
    if (!t.logs_role_arn || t.logs_role_arn->rfind(role_prefix, 0) != 0 ||
        t.logs_role_arn->size() == role_prefix.size()) {
      return errors::InvalidCloudWatchLogsRoleArn(
          "You must specify a valid role ARN (" + role_prefix + "NAME) with a log group ARN.");
    }
  } else if (t.logs_role_arn) {
    return errors::InvalidParameterCombination(
        "You cannot specify a role ARN without a log group ARN.");
  }
  return Ok();
}

void Apply(const TrailSettings& in, Trail& t) {
  if (in.s3_bucket) t.s3_bucket = *in.s3_bucket;
  if (in.s3_prefix) t.s3_prefix = in.s3_prefix->empty() ? std::nullopt : in.s3_prefix;
  if (in.sns_topic) t.sns_topic = in.sns_topic->empty() ? std::nullopt : in.sns_topic;
  if (in.include_global_events) t.include_global_events = *in.include_global_events;
  if (in.multi_region) t.multi_region = *in.multi_region;
  if (in.log_file_validation) t.log_file_validation = *in.log_file_validation;
  if (in.log_group_arn) t.log_group_arn = in.log_group_arn->empty() ? std::nullopt : in.log_group_arn;
  if (in.logs_role_arn) t.logs_role_arn = in.logs_role_arn->empty() ? std::nullopt : in.logs_role_arn;
  if (in.kms_key) t.kms_key = in.kms_key->empty() ? std::nullopt : in.kms_key;
}

Status CheckSettings(const TrailSettings& in) {
  if (in.organization && *in.organization) {
    return Error{"OrganizationsNotInUseException",
                 "This account is not part of an organization.", 400};
  }
  if (in.multi_region && *in.multi_region && in.include_global_events &&
      !*in.include_global_events) {
    return errors::InvalidParameterCombination(
        "Multi-Region trail must include global service events.");
  }
  return Ok();
}

Document Empty() { return Document::MakeMap(); }

}  // namespace

Result<Trail> RequireTrail(CloudTrailService& s, const CallContext& ctx,
                           std::string_view name_or_arn) {
  std::string name(name_or_arn);
  if (name_or_arn.substr(0, kArnPrefix.size()) == kArnPrefix) {
    // arn:aws:cloudtrail:REGION:ACCOUNT:trail/NAME
    const auto slash = name_or_arn.find(":trail/");
    const std::string_view head = name_or_arn.substr(0, slash);
    const auto account_at = head.rfind(':');
    if (slash == std::string_view::npos || account_at == std::string_view::npos) {
      return Error{"CloudTrailARNInvalidException",
                   "Invalid trail ARN: " + std::string(name_or_arn), 400};
    }
    if (head.substr(account_at + 1) != ctx.principal.account_id) {
      return errors::TrailNotFound(name_or_arn, ctx.principal.account_id);
    }
    name = std::string(name_or_arn.substr(slash + 7));
  }
  BERTH_RETURN_IF_ERROR(CheckTrailName(name));
  BERTH_ASSIGN_OR_RETURN(auto trail, s.trails().Get(ctx.principal.account_id, name));
  if (!trail) return errors::TrailNotFound(name_or_arn, ctx.principal.account_id);
  return std::move(*trail);
}

Result<Document> CreateTrail(CloudTrailService& s, CallContext& ctx, const TrailSettings& in) {
  BERTH_RETURN_IF_ERROR(CheckTrailName(in.name));
  BERTH_RETURN_IF_ERROR(CheckSettings(in));
  Trail t;
  t.name = in.name;
  t.account_id = ctx.principal.account_id;
  t.home_region = std::string(ctx.region);
  Apply(in, t);
  t.tags = in.tags;
  t.created_at = ctx.now;
  BERTH_RETURN_IF_ERROR(CheckDestinations(s, ctx, t));
  BERTH_ASSIGN_OR_RETURN(bool created, s.trails().Create(t));
  if (!created) return errors::TrailAlreadyExists(t.name, t.account_id);
  return EncodeTrail(t, false);
}

Result<Document> UpdateTrail(CloudTrailService& s, CallContext& ctx, const TrailSettings& in) {
  BERTH_RETURN_IF_ERROR(CheckSettings(in));
  BERTH_ASSIGN_OR_RETURN(Trail t, RequireTrail(s, ctx, in.name));
  Apply(in, t);
  BERTH_RETURN_IF_ERROR(CheckDestinations(s, ctx, t));
  BERTH_RETURN_IF_ERROR(s.trails().Update(t));
  return EncodeTrail(t, false);
}

Result<Document> DeleteTrail(CloudTrailService& s, CallContext& ctx, const TrailRef& in) {
  BERTH_ASSIGN_OR_RETURN(Trail t, RequireTrail(s, ctx, in.name));
  BERTH_ASSIGN_OR_RETURN(bool deleted, s.trails().Delete(t.id));
  if (!deleted) return errors::TrailNotFound(in.name, ctx.principal.account_id);
  return Empty();
}

Result<Document> GetTrail(CloudTrailService& s, CallContext& ctx, const TrailRef& in) {
  BERTH_ASSIGN_OR_RETURN(Trail t, RequireTrail(s, ctx, in.name));
  Document out;
  out["Trail"] = EncodeTrail(t, true);
  return out;
}

Result<Document> DescribeTrails(CloudTrailService& s, CallContext& ctx,
                                const DescribeTrailsInput& in) {
  Document list = Document::MakeList();
  if (in.names) {
    for (const auto& name : *in.names) {
      auto t = RequireTrail(s, ctx, name);
      if (t.ok()) {
        list.Push(EncodeTrail(*t, true));
      } else if (t.error().code != "TrailNotFoundException") {
        return t.error();  // a malformed name or ARN; missing trails are left out, as on AWS
      }
    }
  } else {
    BERTH_ASSIGN_OR_RETURN(auto trails, s.trails().List(ctx.principal.account_id));
    for (const auto& t : trails) list.Push(EncodeTrail(t, true));
  }
  Document out;
  out["trailList"] = std::move(list);
  return out;
}

Result<Document> ListTrails(CloudTrailService& s, CallContext& ctx, const NoInput&) {
  BERTH_ASSIGN_OR_RETURN(auto trails, s.trails().List(ctx.principal.account_id));
  Document list = Document::MakeList();
  for (const auto& t : trails) {
    Document info;
    info["TrailARN"] = TrailArn(t);
    info["Name"] = t.name;
    info["HomeRegion"] = t.home_region;
    list.Push(std::move(info));
  }
  Document out;
  out["Trails"] = std::move(list);
  return out;
}

Result<Document> GetTrailStatus(CloudTrailService& s, CallContext& ctx, const TrailRef& in) {
  auto found = RequireTrail(s, ctx, in.name);
  if (!found.ok() && found.error().code == "TrailNotFoundException" &&
      in.name.substr(0, kArnPrefix.size()) != kArnPrefix) {
    // AWS names the trail by the ARN the name would have here (GetTrail says the name).
    return errors::TrailNotFound("arn:aws:cloudtrail:" + std::string(ctx.region) + ":" +
                                     ctx.principal.account_id + ":trail/" + in.name,
                                 ctx.principal.account_id);
  }
  BERTH_ASSIGN_OR_RETURN(Trail t, std::move(found));
  BERTH_ASSIGN_OR_RETURN(DeliveryState state, s.trails().GetDelivery(t.id));
  return EncodeTrailStatus(t, state);
}

Result<Document> StartLogging(CloudTrailService& s, CallContext& ctx, const TrailRef& in) {
  BERTH_ASSIGN_OR_RETURN(Trail t, RequireTrail(s, ctx, in.name));
  if (!t.logging) {
    // Delivery starts with the events from now on (this call's own event included).
    BERTH_ASSIGN_OR_RETURN(DeliveryState state, s.trails().GetDelivery(t.id));
    BERTH_ASSIGN_OR_RETURN(state.delivered_seq, s.events().LastSeq());
    BERTH_RETURN_IF_ERROR(s.trails().CommitDelivery(t.id, state, {}));
    t.logging = true;
    t.start_logging_time = ctx.now;
    BERTH_RETURN_IF_ERROR(s.trails().Update(t));
  }
  return Empty();
}

Result<Document> StopLogging(CloudTrailService& s, CallContext& ctx, const TrailRef& in) {
  BERTH_ASSIGN_OR_RETURN(Trail t, RequireTrail(s, ctx, in.name));
  if (t.logging) {
    t.logging = false;
    t.stop_logging_time = ctx.now;
    BERTH_RETURN_IF_ERROR(s.trails().Update(t));
  }
  return Empty();
}

Result<Document> PutEventSelectors(CloudTrailService& s, CallContext& ctx,
                                   const PutEventSelectorsInput& in) {
  BERTH_ASSIGN_OR_RETURN(Trail t, RequireTrail(s, ctx, in.trail_name));
  Document out;
  out["TrailARN"] = TrailArn(t);
  if (in.selectors) {
    t.selectors = *in.selectors;
    t.advanced_selectors.clear();
    out["EventSelectors"] = EncodeEventSelectors(t.selectors);
  } else {
    t.advanced_selectors = *in.advanced;
    t.selectors.clear();
    out["AdvancedEventSelectors"] = EncodeAdvancedEventSelectors(t.advanced_selectors);
  }
  t.custom_selectors = true;
  BERTH_RETURN_IF_ERROR(s.trails().Update(t));
  return out;
}

Result<Document> GetEventSelectors(CloudTrailService& s, CallContext& ctx, const TrailRef& in) {
  BERTH_ASSIGN_OR_RETURN(Trail t, RequireTrail(s, ctx, in.name));
  Document out;
  out["TrailARN"] = TrailArn(t);
  if (!t.advanced_selectors.empty()) {
    out["AdvancedEventSelectors"] = EncodeAdvancedEventSelectors(t.advanced_selectors);
  } else {
    out["EventSelectors"] = EncodeEventSelectors(t.selectors);
  }
  return out;
}

}  // namespace berth::services::cloudtrail::handlers
