#pragma once
// The headers that describe an object on S3's wire: what a PUT (or CopyObject with REPLACE,
// or CreateMultipartUpload) asks to store, and what GET and HEAD answer with.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/http_types.h"
#include "core/result.h"
#include "services/s3/bucket_store.h"
#include "services/s3/model/checksum.h"
#include "services/s3/object_sink.h"

namespace berth::services::s3 {

// Content-Type (binary/octet-stream when none), x-amz-meta-* (names lower-cased, at most 2 KB
// with their values: MetadataTooLarge), and the stored headers (Content-Encoding without
// aws-chunked, Content-Disposition, Content-Language, Cache-Control, Expires). Tags
// (x-amz-tagging, or a REPLACE tagging directive) are NotImplemented.
Result<ObjectWrite> ReadObjectWrite(const RequestHead& head);

// The storage class a write asks for (x-amz-storage-class), kept among the stored headers
// only when it is not STANDARD: S3 omits STANDARD on GET and HEAD, and says it in listings.
inline constexpr std::string_view kStorageClassHeader = "x-amz-storage-class";
// "" for STANDARD or no header. Errors: InvalidStorageClass.
Result<std::string> ReadStorageClass(const RequestHead& head);
// Sets (or, for "", clears) the storage class among `how`'s headers.
void SetStorageClass(ObjectWrite& how, const std::string& storage_class);
// What listings say: the kept class, else STANDARD.
std::string StorageClassOf(const std::map<std::string, std::string>& headers);

// What a streamed body must turn out to be, from Content-Length or
// x-amz-decoded-content-length, Content-MD5 and the x-amz-checksum-* header or trailer.
// Errors: MissingContentLength, EntityTooLarge, InvalidDigest, InvalidRequest.
Result<BodyExpectations> ReadBodyExpectations(const RequestHead& head, bool aws_chunked);

// Checks a body read whole (DeleteObjects, CompleteMultipartUpload) against its Content-MD5
// and x-amz-checksum-* headers. Errors: InvalidDigest, BadDigest.
Status CheckBodyDigests(const RequestHead& head, std::string_view body);

// ETag, Last-Modified, Content-Type, the stored headers and x-amz-meta-*; and the object's
// checksum when `with_checksum` (x-amz-checksum-mode: ENABLED on a whole-object read).
void WriteObjectHeaders(const ObjectInfo& info, bool with_checksum, Response& response);

std::string Quoted(std::string_view etag);

// The items of a comma-separated header list ("gzip, aws-chunked"), trimmed, empty ones dropped.
std::vector<std::string_view> HeaderList(std::string_view list);

}  // namespace berth::services::s3
