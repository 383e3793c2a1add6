#include "services/sns/store/sqlite_sns_store.h"

#include <unordered_set>

#include "services/sns/model/errors.h"

namespace berth::services::sns {
namespace {

using store::Connection;

const store::Migration kMigrations[] = {
    {1,
     "CREATE TABLE sns_topics(arn TEXT PRIMARY KEY, account TEXT NOT NULL,"
     " region TEXT NOT NULL, name TEXT NOT NULL,"
     " deleted_subscriptions INTEGER NOT NULL DEFAULT 0, created_at INTEGER NOT NULL);"
     "CREATE INDEX sns_topics_account ON sns_topics(account, region, arn);"
     "CREATE TABLE sns_topic_attributes("
     " arn TEXT NOT NULL REFERENCES sns_topics(arn) ON DELETE CASCADE,"
     " name TEXT NOT NULL, value TEXT NOT NULL, PRIMARY KEY(arn, name)) WITHOUT ROWID;"
     "CREATE TABLE sns_tags(arn TEXT NOT NULL REFERENCES sns_topics(arn) ON DELETE CASCADE,"
     " key TEXT NOT NULL, value TEXT NOT NULL, PRIMARY KEY(arn, key)) WITHOUT ROWID;"
     "CREATE TABLE sns_subscriptions(arn TEXT PRIMARY KEY,"
     " topic_arn TEXT NOT NULL REFERENCES sns_topics(arn) ON DELETE CASCADE,"
     " owner TEXT NOT NULL, protocol TEXT NOT NULL, endpoint TEXT NOT NULL,"
     " confirmed INTEGER NOT NULL, authenticated INTEGER NOT NULL, token TEXT NOT NULL,"
     " token_expires INTEGER NOT NULL, service_url TEXT NOT NULL, created_at INTEGER NOT NULL,"
     // Unsubscribed HTTP/S subscriptions stay until their token expires: the
     // UnsubscribeConfirmation's SubscribeURL restores them.
     " unsubscribed INTEGER NOT NULL DEFAULT 0);"
     "CREATE INDEX sns_subscriptions_topic ON sns_subscriptions(topic_arn, protocol, endpoint);"
     "CREATE INDEX sns_subscriptions_owner ON sns_subscriptions(owner, arn);"
     "CREATE TABLE sns_subscription_attributes("
     " arn TEXT NOT NULL REFERENCES sns_subscriptions(arn) ON DELETE CASCADE,"
     " name TEXT NOT NULL, value TEXT NOT NULL, PRIMARY KEY(arn, name)) WITHOUT ROWID;"
     // The delivery queue: a row per message per endpoint, deleted once delivered or given up.
     "CREATE TABLE sns_deliveries(id INTEGER PRIMARY KEY AUTOINCREMENT,"
     " subscription_arn TEXT NOT NULL REFERENCES sns_subscriptions(arn) ON DELETE CASCADE,"
     " protocol TEXT NOT NULL, endpoint TEXT NOT NULL, message_type TEXT NOT NULL,"
     " message_id TEXT NOT NULL, topic_arn TEXT NOT NULL, account TEXT NOT NULL,"
     " raw INTEGER NOT NULL, body TEXT NOT NULL, policy TEXT NOT NULL,"
     " attempts INTEGER NOT NULL, next_attempt INTEGER NOT NULL);"
     "CREATE INDEX sns_deliveries_due ON sns_deliveries(next_attempt, id);"
     "CREATE INDEX sns_deliveries_subscription ON sns_deliveries(subscription_arn);"},
};

constexpr char kSubscriptionColumns[] =
    "arn, topic_arn, owner, protocol, endpoint, confirmed, authenticated, token, token_expires,"
    " service_url, created_at";

Subscription ReadSubscription(store::Statement& s) {
  Subscription sub;
  sub.arn = s.ColumnText(0);
  sub.topic_arn = s.ColumnText(1);
  sub.owner = s.ColumnText(2);
  sub.protocol = s.ColumnText(3);
  sub.endpoint = s.ColumnText(4);
  sub.confirmed = s.ColumnInt(5) != 0;
  sub.confirmation_authenticated = s.ColumnInt(6) != 0;
  sub.token = s.ColumnText(7);
  sub.token_expires = FromMillis(s.ColumnInt(8));
  sub.service_url = s.ColumnText(9);
  sub.created_at = FromMillis(s.ColumnInt(10));
  return sub;
}

Result<Attributes> ReadAttributes(Connection& c, std::string_view table, std::string_view arn) {
  Attributes out;
  BERTH_ASSIGN_OR_RETURN(auto s, c.Prepare("SELECT name, value FROM " + std::string(table) +
                                           " WHERE arn = ?"));
  s.Bind(1, arn);
  for (;;) {
    BERTH_ASSIGN_OR_RETURN(bool row, s.Step());
    if (!row) return out;
    out.emplace(s.ColumnText(0), s.ColumnText(1));
  }
}

Status WriteAttribute(Connection& c, std::string_view table, std::string_view arn,
                      std::string_view name, std::string_view value) {
  if (value.empty()) {
    BERTH_ASSIGN_OR_RETURN(auto s, c.Prepare("DELETE FROM " + std::string(table) +
                                             " WHERE arn = ? AND name = ?"));
    s.Bind(1, arn).Bind(2, name);
    return s.Run();
  }
  BERTH_ASSIGN_OR_RETURN(auto s, c.Prepare("INSERT INTO " + std::string(table) +
                                           "(arn, name, value) VALUES (?, ?, ?) ON CONFLICT"
                                           " (arn, name) DO UPDATE SET value = excluded.value"));
  s.Bind(1, arn).Bind(2, name).Bind(3, value);
  return s.Run();
}

Result<Tags> ReadTags(Connection& c, std::string_view arn) {
  Tags tags;
  BERTH_ASSIGN_OR_RETURN(auto s, c.Prepare("SELECT key, value FROM sns_tags WHERE arn = ?"));
  s.Bind(1, arn);
  for (;;) {
    BERTH_ASSIGN_OR_RETURN(bool row, s.Step());
    if (!row) return tags;
    tags.emplace(s.ColumnText(0), s.ColumnText(1));
  }
}

Result<bool> TopicExists(Connection& c, std::string_view arn) {
  BERTH_ASSIGN_OR_RETURN(auto s, c.Prepare("SELECT 1 FROM sns_topics WHERE arn = ?"));
  s.Bind(1, arn);
  return s.Step();
}

Status InsertDelivery(Connection& c, const Delivery& d) {
  BERTH_ASSIGN_OR_RETURN(
      auto s, c.Prepare("INSERT INTO sns_deliveries(subscription_arn, protocol, endpoint,"
                        " message_type, message_id, topic_arn, account, raw, body, policy,"
                        " attempts, next_attempt) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
  s.Bind(1, d.subscription_arn).Bind(2, d.protocol).Bind(3, d.endpoint).Bind(4, d.message_type);
  s.Bind(5, d.message_id).Bind(6, d.topic_arn).Bind(7, d.account_id);
  s.Bind(8, int64_t{d.raw ? 1 : 0}).Bind(9, d.body).Bind(10, d.policy);
  s.Bind(11, int64_t{d.attempts}).Bind(12, Millis(d.next_attempt));
  return s.Run();
}

Status PutTags(Connection& c, std::string_view arn, const Tags& tags) {
  for (const auto& [key, value] : tags) {
    BERTH_ASSIGN_OR_RETURN(auto s, c.Prepare("INSERT INTO sns_tags(arn, key, value) VALUES"
                                             " (?, ?, ?) ON CONFLICT (arn, key) DO UPDATE SET"
                                             " value = excluded.value"));
    s.Bind(1, arn).Bind(2, key).Bind(3, value);
    BERTH_RETURN_IF_ERROR(s.Run());
  }
  BERTH_ASSIGN_OR_RETURN(auto count, c.Prepare("SELECT count(*) FROM sns_tags WHERE arn = ?"));
  count.Bind(1, arn);
  BERTH_ASSIGN_OR_RETURN(bool row, count.Step());
  if (row && static_cast<size_t>(count.ColumnInt(0)) > kMaxTagsPerTopic) {
    return errors::TagLimitExceeded();
  }
  return Ok();
}

class SqliteSnsStore final : public SnsStore {
 public:
  explicit SqliteSnsStore(store::Database& db) : db_(db) {}

  Result<std::optional<Topic>> CreateTopic(const Topic& topic, const Tags& tags,
                                           Tags* existing_tags) override {
    std::optional<Topic> existing;
    BERTH_RETURN_IF_ERROR(db_.Write([&](Connection& c) -> Status {
      BERTH_ASSIGN_OR_RETURN(bool exists, TopicExists(c, topic.arn));
      if (exists) {
        existing = topic;
        BERTH_ASSIGN_OR_RETURN(existing->attributes,
                               ReadAttributes(c, "sns_topic_attributes", topic.arn));
        BERTH_ASSIGN_OR_RETURN(*existing_tags, ReadTags(c, topic.arn));
        return Ok();
      }
      BERTH_ASSIGN_OR_RETURN(auto s, c.Prepare("INSERT INTO sns_topics(arn, account, region,"
                                               " name, created_at) VALUES (?, ?, ?, ?, ?)"));
      s.Bind(1, topic.arn).Bind(2, topic.account_id).Bind(3, topic.region).Bind(4, topic.name);
      s.Bind(5, Millis(topic.created_at));
      BERTH_RETURN_IF_ERROR(s.Run());
      for (const auto& [name, value] : topic.attributes) {
        BERTH_RETURN_IF_ERROR(WriteAttribute(c, "sns_topic_attributes", topic.arn, name, value));
      }
      return PutTags(c, topic.arn, tags);
    }));
    return existing;
  }

  Result<std::optional<Topic>> GetTopic(std::string_view arn) override {
    std::optional<Topic> topic;
    BERTH_RETURN_IF_ERROR(db_.Read([&](Connection& c) -> Status {
      BERTH_ASSIGN_OR_RETURN(
          auto s, c.Prepare("SELECT account, region, name, deleted_subscriptions, created_at,"
                            " (SELECT count(*) FROM sns_subscriptions WHERE topic_arn = t.arn"
                            " AND confirmed = 1 AND unsubscribed = 0), (SELECT count(*) FROM"
                            " sns_subscriptions WHERE topic_arn = t.arn AND confirmed = 0"
                            " AND unsubscribed = 0)"
                            " FROM sns_topics t WHERE arn = ?"));
      s.Bind(1, arn);
      BERTH_ASSIGN_OR_RETURN(bool row, s.Step());
      if (!row) return Ok();
      Topic t;
      t.arn = std::string(arn);
      t.account_id = s.ColumnText(0);
      t.region = s.ColumnText(1);
      t.name = s.ColumnText(2);
      t.subscriptions_deleted = s.ColumnInt(3);
      t.created_at = FromMillis(s.ColumnInt(4));
      t.subscriptions_confirmed = s.ColumnInt(5);
      t.subscriptions_pending = s.ColumnInt(6);
      BERTH_ASSIGN_OR_RETURN(t.attributes, ReadAttributes(c, "sns_topic_attributes", arn));
      topic = std::move(t);
      return Ok();
    }));
    return topic;
  }

  Result<bool> DeleteTopic(std::string_view arn) override {
    bool deleted = false;
    BERTH_RETURN_IF_ERROR(db_.Write([&](Connection& c) -> Status {
      BERTH_ASSIGN_OR_RETURN(auto s, c.Prepare("DELETE FROM sns_topics WHERE arn = ?"));
      s.Bind(1, arn);
      BERTH_RETURN_IF_ERROR(s.Run());
      deleted = c.Changes() > 0;
      return Ok();
    }));
    return deleted;
  }

  Result<std::vector<std::string>> ListTopics(std::string_view account, std::string_view region,
                                              std::string_view after, size_t limit) override {
    std::vector<std::string> arns;
    BERTH_RETURN_IF_ERROR(db_.Read([&](Connection& c) -> Status {
      BERTH_ASSIGN_OR_RETURN(auto s, c.Prepare("SELECT arn FROM sns_topics WHERE account = ?"
                                               " AND region = ? AND arn > ? ORDER BY arn"
                                               " LIMIT ?"));
      s.Bind(1, account).Bind(2, region).Bind(3, after).Bind(4, static_cast<int64_t>(limit));
      for (;;) {
        BERTH_ASSIGN_OR_RETURN(bool row, s.Step());
        if (!row) return Ok();
        arns.push_back(s.ColumnText(0));
      }
    }));
    return arns;
  }

  Result<bool> SetTopicAttribute(std::string_view arn, std::string_view name,
                                 std::string_view value) override {
    bool found = false;
    BERTH_RETURN_IF_ERROR(db_.Write([&](Connection& c) -> Status {
      BERTH_ASSIGN_OR_RETURN(found, TopicExists(c, arn));
      if (!found) return Ok();
      return WriteAttribute(c, "sns_topic_attributes", arn, name, value);
    }));
    return found;
  }

  Result<std::optional<Subscription>> FindSubscription(std::string_view topic_arn,
                                                       std::string_view protocol,
                                                       std::string_view endpoint) override {
    std::optional<Subscription> sub;
    BERTH_RETURN_IF_ERROR(db_.Read([&](Connection& c) -> Status {
      BERTH_ASSIGN_OR_RETURN(
          auto s, c.Prepare(std::string("SELECT ") + kSubscriptionColumns +
                            " FROM sns_subscriptions WHERE topic_arn = ? AND protocol = ?"
                            " AND endpoint = ? AND unsubscribed = 0"));
      s.Bind(1, topic_arn).Bind(2, protocol).Bind(3, endpoint);
      BERTH_ASSIGN_OR_RETURN(bool row, s.Step());
      if (!row) return Ok();
      sub = ReadSubscription(s);
      s.Reset();
      BERTH_ASSIGN_OR_RETURN(sub->attributes,
                             ReadAttributes(c, "sns_subscription_attributes", sub->arn));
      return Ok();
    }));
    return sub;
  }

  Result<bool> InsertSubscription(const Subscription& sub,
                                  const std::optional<Delivery>& first) override {
    bool inserted = false;
    BERTH_RETURN_IF_ERROR(db_.Write([&](Connection& c) -> Status {
      BERTH_ASSIGN_OR_RETURN(bool topic, TopicExists(c, sub.topic_arn));
      if (!topic) return Ok();
      BERTH_ASSIGN_OR_RETURN(
          auto s, c.Prepare(std::string("INSERT INTO sns_subscriptions(") + kSubscriptionColumns +
                            ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
      s.Bind(1, sub.arn).Bind(2, sub.topic_arn).Bind(3, sub.owner).Bind(4, sub.protocol);
      s.Bind(5, sub.endpoint).Bind(6, int64_t{sub.confirmed ? 1 : 0});
      s.Bind(7, int64_t{sub.confirmation_authenticated ? 1 : 0}).Bind(8, sub.token);
      s.Bind(9, Millis(sub.token_expires)).Bind(10, sub.service_url);
      s.Bind(11, Millis(sub.created_at));
      BERTH_RETURN_IF_ERROR(s.Run());
      for (const auto& [name, value] : sub.attributes) {
        BERTH_RETURN_IF_ERROR(
            WriteAttribute(c, "sns_subscription_attributes", sub.arn, name, value));
      }
      if (first) BERTH_RETURN_IF_ERROR(InsertDelivery(c, *first));
      inserted = true;
      return Ok();
    }));
    return inserted;
  }

  Status Enqueue(const std::vector<Delivery>& deliveries) override {
    if (deliveries.empty()) return Ok();
    return db_.Write([&](Connection& c) -> Status {
      for (const Delivery& d : deliveries) BERTH_RETURN_IF_ERROR(InsertDelivery(c, d));
      return Ok();
    });
  }

  Result<std::optional<Subscription>> GetSubscription(std::string_view arn) override {
    std::optional<Subscription> sub;
    BERTH_RETURN_IF_ERROR(db_.Read([&](Connection& c) -> Status {
      BERTH_ASSIGN_OR_RETURN(auto s, c.Prepare(std::string("SELECT ") + kSubscriptionColumns +
                                               " FROM sns_subscriptions WHERE arn = ? AND unsubscribed = 0"));
      s.Bind(1, arn);
      BERTH_ASSIGN_OR_RETURN(bool row, s.Step());
      if (!row) return Ok();
      sub = ReadSubscription(s);
      BERTH_ASSIGN_OR_RETURN(sub->attributes,
                             ReadAttributes(c, "sns_subscription_attributes", arn));
      return Ok();
    }));
    return sub;
  }

  Result<std::optional<Subscription>> Confirm(std::string_view topic_arn, std::string_view token,
                                              bool authenticated, TimePoint now) override {
    std::optional<Subscription> sub;
    BERTH_RETURN_IF_ERROR(db_.Write([&](Connection& c) -> Status {
      BERTH_ASSIGN_OR_RETURN(auto s, c.Prepare(std::string("SELECT ") + kSubscriptionColumns +
                                               ", unsubscribed FROM sns_subscriptions WHERE"
                                               " topic_arn = ? AND token = ?"));
      s.Bind(1, topic_arn).Bind(2, token);
      BERTH_ASSIGN_OR_RETURN(bool row, s.Step());
      if (!row) return Ok();
      Subscription found = ReadSubscription(s);
      const bool unsubscribed = s.ColumnInt(11) != 0;
      s.Reset();
      // A confirmed subscription may be confirmed again with its token (AWS answers its ARN);
      // a pending or unsubscribed one only until its token expires.
      if ((!found.confirmed || unsubscribed) && found.token_expires < now) return Ok();
      BERTH_ASSIGN_OR_RETURN(auto u, c.Prepare("UPDATE sns_subscriptions SET confirmed = 1,"
                                               " unsubscribed = 0,"
                                               " authenticated = max(authenticated, ?)"
                                               " WHERE arn = ?"));
      u.Bind(1, int64_t{authenticated ? 1 : 0}).Bind(2, found.arn);
      BERTH_RETURN_IF_ERROR(u.Run());
      found.confirmed = true;
      found.confirmation_authenticated = found.confirmation_authenticated || authenticated;
      sub = std::move(found);
      return Ok();
    }));
    return sub;
  }

  Result<bool> DeleteSubscription(std::string_view arn,
                                  const std::optional<Restorable>& restorable) override {
    bool deleted = false;
    BERTH_RETURN_IF_ERROR(db_.Write([&](Connection& c) -> Status {
      BERTH_ASSIGN_OR_RETURN(auto exists, c.Prepare("SELECT token_expires FROM sns_subscriptions"
                                                    " WHERE arn = ? AND unsubscribed = 0"));
      exists.Bind(1, arn);
      BERTH_ASSIGN_OR_RETURN(deleted, exists.Step());
      exists.Reset();
      if (!deleted) return Ok();
      BERTH_ASSIGN_OR_RETURN(auto u, c.Prepare("UPDATE sns_topics SET deleted_subscriptions ="
                                               " deleted_subscriptions + 1 WHERE arn ="
                                               " (SELECT topic_arn FROM sns_subscriptions"
                                               " WHERE arn = ?)"));
      u.Bind(1, arn);
      BERTH_RETURN_IF_ERROR(u.Run());
      if (!restorable) {
        BERTH_ASSIGN_OR_RETURN(auto s, c.Prepare("DELETE FROM sns_subscriptions WHERE arn = ?"));
        s.Bind(1, arn);
        return s.Run();
      }
      // Kept, out of sight, for the UnsubscribeConfirmation's SubscribeURL; nothing more is
      // sent to it but that message.
      BERTH_ASSIGN_OR_RETURN(auto d, c.Prepare("DELETE FROM sns_deliveries WHERE"
                                               " subscription_arn = ?"));
      d.Bind(1, arn);
      BERTH_RETURN_IF_ERROR(d.Run());
      BERTH_ASSIGN_OR_RETURN(auto s, c.Prepare("UPDATE sns_subscriptions SET unsubscribed = 1,"
                                               " token = ?, token_expires = ? WHERE arn = ?"));
      s.Bind(1, restorable->token).Bind(2, Millis(restorable->expires)).Bind(3, arn);
      BERTH_RETURN_IF_ERROR(s.Run());
      BERTH_RETURN_IF_ERROR(InsertDelivery(c, restorable->farewell));
      // Unsubscribed subscriptions whose restore window has passed go for good.
      BERTH_ASSIGN_OR_RETURN(auto purge, c.Prepare("DELETE FROM sns_subscriptions WHERE"
                                                   " unsubscribed = 1 AND token_expires < ?"));
      purge.Bind(1, Millis(restorable->now));
      return purge.Run();
    }));
    return deleted;
  }

  Result<std::vector<Subscription>> ListSubscriptions(std::string_view account,
                                                      std::string_view topic_arn,
                                                      std::string_view after,
                                                      size_t limit) override {
    std::vector<Subscription> subs;
    BERTH_RETURN_IF_ERROR(db_.Read([&](Connection& c) -> Status {
      std::string sql = std::string("SELECT ") + kSubscriptionColumns +
                        " FROM sns_subscriptions WHERE owner = ? AND arn > ? AND unsubscribed = 0";
      if (!topic_arn.empty()) sql += " AND topic_arn = ?";
      sql += " ORDER BY arn LIMIT " + std::to_string(limit);
      BERTH_ASSIGN_OR_RETURN(auto s, c.Prepare(sql));
      s.Bind(1, account).Bind(2, after);
      if (!topic_arn.empty()) s.Bind(3, topic_arn);
      for (;;) {
        BERTH_ASSIGN_OR_RETURN(bool row, s.Step());
        if (!row) return Ok();
        subs.push_back(ReadSubscription(s));
      }
    }));
    return subs;
  }

  Result<bool> SetSubscriptionAttribute(std::string_view arn, std::string_view name,
                                        std::string_view value) override {
    bool found = false;
    BERTH_RETURN_IF_ERROR(db_.Write([&](Connection& c) -> Status {
      BERTH_ASSIGN_OR_RETURN(auto s, c.Prepare("SELECT 1 FROM sns_subscriptions WHERE arn = ?"
                                               " AND unsubscribed = 0"));
      s.Bind(1, arn);
      BERTH_ASSIGN_OR_RETURN(found, s.Step());
      s.Reset();
      if (!found) return Ok();
      return WriteAttribute(c, "sns_subscription_attributes", arn, name, value);
    }));
    return found;
  }

  Result<std::vector<Subscription>> ConfirmedSubscriptions(std::string_view topic_arn) override {
    std::vector<Subscription> subs;
    BERTH_RETURN_IF_ERROR(db_.Read([&](Connection& c) -> Status {
      BERTH_ASSIGN_OR_RETURN(auto s, c.Prepare(std::string("SELECT ") + kSubscriptionColumns +
                                               " FROM sns_subscriptions WHERE topic_arn = ?"
                                               " AND confirmed = 1 AND unsubscribed = 0 ORDER BY arn"));
      s.Bind(1, topic_arn);
      for (;;) {
        BERTH_ASSIGN_OR_RETURN(bool row, s.Step());
        if (!row) break;
        subs.push_back(ReadSubscription(s));
      }
      for (Subscription& sub : subs) {
        BERTH_ASSIGN_OR_RETURN(sub.attributes,
                               ReadAttributes(c, "sns_subscription_attributes", sub.arn));
      }
      return Ok();
    }));
    return subs;
  }

  Result<Tags> ListTags(std::string_view arn) override {
    Tags tags;
    BERTH_RETURN_IF_ERROR(db_.Read([&](Connection& c) -> Status {
      BERTH_ASSIGN_OR_RETURN(tags, ReadTags(c, arn));
      return Ok();
    }));
    return tags;
  }

  Result<bool> TagTopic(std::string_view arn, const Tags& tags) override {
    bool found = false;
    BERTH_RETURN_IF_ERROR(db_.Write([&](Connection& c) -> Status {
      BERTH_ASSIGN_OR_RETURN(found, TopicExists(c, arn));
      if (!found) return Ok();
      return PutTags(c, arn, tags);
    }));
    return found;
  }

  Result<bool> UntagTopic(std::string_view arn, const std::vector<std::string>& keys) override {
    bool found = false;
    BERTH_RETURN_IF_ERROR(db_.Write([&](Connection& c) -> Status {
      BERTH_ASSIGN_OR_RETURN(found, TopicExists(c, arn));
      if (!found) return Ok();
      for (const std::string& key : keys) {
        BERTH_ASSIGN_OR_RETURN(auto s, c.Prepare("DELETE FROM sns_tags WHERE arn = ? AND key = ?"));
        s.Bind(1, arn).Bind(2, key);
        BERTH_RETURN_IF_ERROR(s.Run());
      }
      return Ok();
    }));
    return found;
  }

  Result<std::vector<Delivery>> DueDeliveries(TimePoint now, size_t limit,
                                              const std::vector<int64_t>& busy) override {
    std::vector<Delivery> out;
    const std::unordered_set<int64_t> skip(busy.begin(), busy.end());
    BERTH_RETURN_IF_ERROR(db_.Read([&](Connection& c) -> Status {
      BERTH_ASSIGN_OR_RETURN(
          auto s, c.Prepare("SELECT id, subscription_arn, protocol, endpoint, message_type,"
                            " message_id, topic_arn, account, raw, body, policy, attempts,"
                            " next_attempt FROM sns_deliveries WHERE next_attempt <= ?"
                            " ORDER BY next_attempt, id LIMIT ?"));
      s.Bind(1, Millis(now)).Bind(2, static_cast<int64_t>(limit + skip.size()));
      for (;;) {
        BERTH_ASSIGN_OR_RETURN(bool row, s.Step());
        if (!row || out.size() == limit) return Ok();
        if (skip.count(s.ColumnInt(0)) != 0) continue;
        Delivery d;
        d.id = s.ColumnInt(0);
        d.subscription_arn = s.ColumnText(1);
        d.protocol = s.ColumnText(2);
        d.endpoint = s.ColumnText(3);
        d.message_type = s.ColumnText(4);
        d.message_id = s.ColumnText(5);
        d.topic_arn = s.ColumnText(6);
        d.account_id = s.ColumnText(7);
        d.raw = s.ColumnInt(8) != 0;
        d.body = s.ColumnText(9);
        d.policy = s.ColumnText(10);
        d.attempts = static_cast<int>(s.ColumnInt(11));
        d.next_attempt = FromMillis(s.ColumnInt(12));
        out.push_back(std::move(d));
      }
    }));
    return out;
  }

  Result<std::optional<TimePoint>> NextDue() override {
    std::optional<TimePoint> next;
    BERTH_RETURN_IF_ERROR(db_.Read([&](Connection& c) -> Status {
      BERTH_ASSIGN_OR_RETURN(auto s, c.Prepare("SELECT min(next_attempt) FROM sns_deliveries"));
      BERTH_ASSIGN_OR_RETURN(bool row, s.Step());
      if (row && !s.ColumnIsNull(0)) next = FromMillis(s.ColumnInt(0));
      return Ok();
    }));
    return next;
  }

  Status Record(const DeliveryOutcomes& outcomes) override {
    return db_.Write([&](Connection& c) -> Status {
      BERTH_ASSIGN_OR_RETURN(auto del, c.Prepare("DELETE FROM sns_deliveries WHERE id = ?"));
      for (int64_t id : outcomes.delivered) {
        del.Bind(1, id);
        BERTH_RETURN_IF_ERROR(del.Run());
      }
      for (int64_t id : outcomes.dropped) {
        del.Bind(1, id);
        BERTH_RETURN_IF_ERROR(del.Run());
      }
      BERTH_ASSIGN_OR_RETURN(auto retry, c.Prepare("UPDATE sns_deliveries SET attempts ="
                                                   " attempts + 1, next_attempt = ? WHERE id = ?"));
      for (const auto& [id, next] : outcomes.retry) {
        retry.Bind(1, Millis(next)).Bind(2, id);
        BERTH_RETURN_IF_ERROR(retry.Run());
      }
      return Ok();
    });
  }

  Result<int64_t> QueuedDeliveries() override {
    int64_t n = 0;
    BERTH_RETURN_IF_ERROR(db_.Read([&](Connection& c) -> Status {
      BERTH_ASSIGN_OR_RETURN(auto s, c.Prepare("SELECT count(*) FROM sns_deliveries"));
      BERTH_ASSIGN_OR_RETURN(bool row, s.Step());
      if (row) n = s.ColumnInt(0);
      return Ok();
    }));
    return n;
  }

 private:
  store::Database& db_;
};

}  // namespace

Result<std::unique_ptr<SnsStore>> OpenSqliteSnsStore(store::Database& db) {
  BERTH_RETURN_IF_ERROR(db.Migrate("sns", kMigrations));
  return std::unique_ptr<SnsStore>(new SqliteSnsStore(db));
}

}  // namespace berth::services::sns
