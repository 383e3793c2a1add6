#pragma once
// What logging trails deliver, run periodically (the server's housekeeper calls both):
//
// DeliverLogs: the events recorded since a trail's last delivery that its selectors select,
//   as gzipped {"Records":[…]} files under AWS's key layout
//   ([prefix/]AWSLogs/<account>/CloudTrail/<region>/YYYY/MM/DD/<account>_CloudTrail_<region>_<YYYYMMDDTHHmmZ>_<16 chars>.json.gz),
//   and, when the trail names a log group, each record as one event of the stream
//   <account>_CloudTrail_<region>. The trail's cursor and the files delivered are committed
//   together, after the bucket has them.
// DeliverDigests: for trails with log file validation, once per digest interval, a digest file
//   (AWSLogs/<account>/CloudTrail-Digest/…) listing the log files delivered since the previous
//   digest with their SHA-256, chained to the previous digest and signed SHA256withRSA, the
//   signature in the object's metadata — what `aws cloudtrail validate-logs` checks.

#include "core/clock.h"
#include "core/result.h"
#include "services/cloudtrail/cloudtrail_service.h"

namespace berth::services::cloudtrail {

Status DeliverLogs(CloudTrailService& s, TimePoint now);
Status DeliverDigests(CloudTrailService& s, TimePoint now);

}  // namespace berth::services::cloudtrail
