// The string SNS signs and the documents it sends, as AWS documents them.
#include "services/sns/model/messages.h"

#include <gtest/gtest.h>

#include "services/sns/model/names.h"

namespace berth::services::sns {
namespace {

MessageFields Notification() {
  MessageFields m;
  m.type = kNotification;
  m.message_id = "22b80b92-fdea-4c2c-8f9d-bdfb0c7bf324";
  m.topic_arn = "arn:aws:sns:us-west-2:123456789012:MyTopic";
  m.subject = "My First Message";
  m.message = "Hello world!";
  m.timestamp = "2012-05-02T00:54:06.655Z";
  return m;
}

TEST(StringToSign, NotificationListsItsFieldsInAwsOrder) {
  EXPECT_EQ(StringToSign(Notification()),
            "Message\nHello world!\nMessageId\n22b80b92-fdea-4c2c-8f9d-bdfb0c7bf324\n"
            "Subject\nMy First Message\nTimestamp\n2012-05-02T00:54:06.655Z\n"
            "TopicArn\narn:aws:sns:us-west-2:123456789012:MyTopic\nType\nNotification\n");
  MessageFields no_subject = Notification();
  no_subject.subject.reset();
  EXPECT_EQ(StringToSign(no_subject).find("Subject"), std::string::npos);
}

TEST(StringToSign, ConfirmationCoversTokenAndSubscribeUrl) {
  MessageFields m = Notification();
  m.type = kSubscriptionConfirmation;
  m.subject.reset();
  m.token = "tok";
  m.subscribe_url = "http://h/?Action=ConfirmSubscription";
  EXPECT_EQ(StringToSign(m),
            "Message\nHello world!\nMessageId\n22b80b92-fdea-4c2c-8f9d-bdfb0c7bf324\n"
            "SubscribeURL\nhttp://h/?Action=ConfirmSubscription\n"
            "Timestamp\n2012-05-02T00:54:06.655Z\nToken\ntok\n"
            "TopicArn\narn:aws:sns:us-west-2:123456789012:MyTopic\nType\nSubscriptionConfirmation\n");
}

TEST(NotificationJson, CarriesTheDocumentedMembers) {
  Document attributes = Document::MakeMap();
  attributes["k"]["DataType"] = "String";
  attributes["k"]["StringValue"] = "v";
  const std::string json =
      NotificationJson(Notification(), Signed{"1", "c2ln", "http://h/cert.pem"}, "http://h/u",
                       attributes);
  for (const char* member :
       {R"("Type":"Notification")", R"("Subject":"My First Message")", R"("SignatureVersion":"1")",
        R"("Signature":"c2ln")", R"("SigningCertURL":"http://h/cert.pem")",
        R"("UnsubscribeURL":"http://h/u")", R"("MessageAttributes":{"k":{"Type":"String","Value":"v"}})"})
    EXPECT_NE(json.find(member), std::string::npos) << member << " in " << json;
}

TEST(TopicArn, ParsesOnlyWellFormedTopicArns) {
  auto parts = ParseTopicArn("arn:aws:sns:us-east-1:123456789012:ops");
  ASSERT_TRUE(parts.ok());
  EXPECT_EQ(parts->account_id, "123456789012");
  EXPECT_EQ(parts->name, "ops");
  EXPECT_FALSE(ParseTopicArn("arn:aws:sqs:us-east-1:123456789012:ops").ok());
  EXPECT_FALSE(ParseTopicArn("arn:aws:sns:us-east-1:1234:ops").ok());
  EXPECT_FALSE(ParseTopicArn("arn:aws:sns:us-east-1:123456789012:bad name").ok());
  EXPECT_EQ(*TopicOfSubscription("arn:aws:sns:us-east-1:123456789012:ops:2b9c"),
            "arn:aws:sns:us-east-1:123456789012:ops");
}

}  // namespace
}  // namespace berth::services::sns
