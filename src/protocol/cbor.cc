#include "protocol/cbor.h"

#include <cbor.h>

#include <bit>
#include <cmath>
#include <cstring>
#include <limits>
#include <optional>
#include <vector>

#include "core/time_format.h"

namespace berth::protocol {
namespace {

// Each item costs a Document (tens of bytes) however few bytes it took on the wire: a bound on
// items bounds what a small body can make us allocate.
constexpr size_t kMaxCborItems = 1 << 20;

Error Malformed(std::string why) {
  return Error{"SerializationException", "Malformed CBOR: " + why, 400};
}

// A container (or chunked string) still being read.
struct Frame {
  enum class Type { kArray, kMap, kText, kBytes } type;
  bool indefinite = false;
  uint64_t remaining = 0;  // members (arrays) or pairs (maps) still to come, when definite
  Document::List list;
  Document::Map members;
  std::optional<std::string> key;  // a map's key waiting for its value
  std::string chunks;              // an indefinite string's chunks so far
};

// The streaming decoder's state: libcbor reports one item header at a time; we build.
struct Builder {
  std::vector<Frame> stack;
  std::optional<Document> root;
  bool timestamp_tag = false;  // tag 1 seen, its item not yet
  size_t items = 0;
  std::optional<Error> error;

  void Fail(std::string why) {
    if (!error) error = Malformed(std::move(why));
  }

  bool Count() {
    if (++items > kMaxCborItems) Fail("too many items");
    return !error;
  }

  void Push(Frame frame) {
    if (error) return;
    if (timestamp_tag) return Fail("tag 1 must tag a number");
    if (stack.size() >= static_cast<size_t>(kMaxCborDepth)) return Fail("nesting too deep");
    if (!stack.empty() && (stack.back().type == Frame::Type::kText ||
                           stack.back().type == Frame::Type::kBytes))
      return Fail("an indefinite string holds only chunks of its own type");
    if (!Count()) return;
    stack.push_back(std::move(frame));
  }

  // A complete item: into its container, or the result.
  void Emit(Document value) {
    if (error) return;
    if (timestamp_tag) {
      timestamp_tag = false;
      double seconds;
      if (value.kind() == Document::Kind::kInt) {
        seconds = static_cast<double>(value.as_int());
      } else if (value.kind() == Document::Kind::kDouble && std::isfinite(value.as_double())) {
        seconds = value.as_double();
      } else {
        return Fail("tag 1 must tag a number");
      }
      // Beyond ±1e13 s (300,000 years) milliseconds overflow nothing but mean nothing either.
      if (std::fabs(seconds) > 1e13) return Fail("timestamp out of range");
      value = Document::Timestamp(timefmt::FromEpochSeconds(seconds));
    }
    while (true) {
      if (stack.empty()) {
        if (root) return Fail("more than one item");
        root = std::move(value);
        return;
      }
      Frame& top = stack.back();
      if (top.type == Frame::Type::kText || top.type == Frame::Type::kBytes)
        return Fail("an indefinite string holds only chunks of its own type");
      if (top.type == Frame::Type::kArray) {
        top.list.push_back(std::move(value));
      } else if (!top.key) {
        if (!value.is_string()) return Fail("map keys must be text");
        top.key = value.as_string();
        return;
      } else {
        top.members.emplace_back(std::move(*top.key), std::move(value));
        top.key.reset();
      }
      if (top.indefinite || --top.remaining > 0) return;
      value = Close(top);
      stack.pop_back();
    }
  }

  static Document Close(Frame& frame) {
    switch (frame.type) {
      case Frame::Type::kArray:
        return Document(std::move(frame.list));
      case Frame::Type::kMap:
        return Document::FromMembers(std::move(frame.members));
      case Frame::Type::kText:
        return Document(std::move(frame.chunks));
      case Frame::Type::kBytes:
        return Document::Blob(std::move(frame.chunks));
    }
    return Document();
  }

  void Scalar(Document value) {
    if (error || !Count()) return;
    Emit(std::move(value));
  }

  void Chunk(Frame::Type type, cbor_data data, size_t length) {
    if (error || !Count()) return;
    std::string_view bytes(reinterpret_cast<const char*>(data), length);
    if (!stack.empty() && (stack.back().type == Frame::Type::kText ||
                           stack.back().type == Frame::Type::kBytes)) {
      if (stack.back().type != type)
        return Fail("an indefinite string holds only chunks of its own type");
      stack.back().chunks.append(bytes);
      return;
    }
    Emit(type == Frame::Type::kText ? Document(bytes) : Document::Blob(std::string(bytes)));
  }

  void Break() {
    if (error) return;
    if (stack.empty() || !stack.back().indefinite) return Fail("unexpected break");
    if (stack.back().key) return Fail("map key without a value");
    Document value = Close(stack.back());
    stack.pop_back();
    Emit(std::move(value));
  }
};

Builder& B(void* ctx) { return *static_cast<Builder*>(ctx); }

void OnUnsigned(void* ctx, uint64_t v) {
  if (v > static_cast<uint64_t>(std::numeric_limits<int64_t>::max())) {
    B(ctx).Scalar(Document(static_cast<double>(v)));
  } else {
    B(ctx).Scalar(Document(static_cast<int64_t>(v)));
  }
}
void OnNegative(void* ctx, uint64_t v) {
  // The value is -1 - v.
  if (v > static_cast<uint64_t>(std::numeric_limits<int64_t>::max())) {
    B(ctx).Scalar(Document(-1.0 - static_cast<double>(v)));
  } else {
    B(ctx).Scalar(Document(-1 - static_cast<int64_t>(v)));
  }
}

const cbor_callbacks kCallbacks = [] {
  cbor_callbacks cb = cbor_empty_callbacks;
  cb.uint8 = [](void* c, uint8_t v) { OnUnsigned(c, v); };
  cb.uint16 = [](void* c, uint16_t v) { OnUnsigned(c, v); };
  cb.uint32 = [](void* c, uint32_t v) { OnUnsigned(c, v); };
  cb.uint64 = [](void* c, uint64_t v) { OnUnsigned(c, v); };
  cb.negint8 = [](void* c, uint8_t v) { OnNegative(c, v); };
  cb.negint16 = [](void* c, uint16_t v) { OnNegative(c, v); };
  cb.negint32 = [](void* c, uint32_t v) { OnNegative(c, v); };
  cb.negint64 = [](void* c, uint64_t v) { OnNegative(c, v); };
  cb.byte_string = [](void* c, cbor_data d, size_t n) { B(c).Chunk(Frame::Type::kBytes, d, n); };
  cb.string = [](void* c, cbor_data d, size_t n) { B(c).Chunk(Frame::Type::kText, d, n); };
  cb.byte_string_start = [](void* c) {
    B(c).Push(Frame{.type = Frame::Type::kBytes, .indefinite = true});
  };
  cb.string_start = [](void* c) {
    B(c).Push(Frame{.type = Frame::Type::kText, .indefinite = true});
  };
  cb.indef_array_start = [](void* c) {
    B(c).Push(Frame{.type = Frame::Type::kArray, .indefinite = true});
  };
  cb.indef_map_start = [](void* c) {
    B(c).Push(Frame{.type = Frame::Type::kMap, .indefinite = true});
  };
  cb.array_start = [](void* c, size_t n) {
    if (n == 0) return B(c).Scalar(Document::MakeList());
    B(c).Push(Frame{.type = Frame::Type::kArray, .remaining = n});
  };
  cb.map_start = [](void* c, size_t n) {
    if (n == 0) return B(c).Scalar(Document::MakeMap());
    B(c).Push(Frame{.type = Frame::Type::kMap, .remaining = n});
  };
  cb.tag = [](void* c, uint64_t tag) {
    Builder& b = B(c);
    if (tag != 1) return;  // read through: the item stands for itself
    if (b.timestamp_tag) return b.Fail("tag 1 must tag a number");
    b.timestamp_tag = true;
  };
  cb.float2 = [](void* c, float v) { B(c).Scalar(Document(static_cast<double>(v))); };
  cb.float4 = [](void* c, float v) { B(c).Scalar(Document(static_cast<double>(v))); };
  cb.float8 = [](void* c, double v) { B(c).Scalar(Document(v)); };
  cb.null = [](void* c) { B(c).Scalar(Document()); };
  cb.undefined = [](void* c) { B(c).Scalar(Document()); };
  cb.boolean = [](void* c, bool v) { B(c).Scalar(Document(v)); };
  cb.indef_break = [](void* c) { B(c).Break(); };
  return cb;
}();

void Head(std::string& out, uint8_t major, uint64_t n) {
  const uint8_t m = static_cast<uint8_t>(major << 5);
  auto big_endian = [&out](uint64_t v, int bytes) {
    for (int i = bytes - 1; i >= 0; --i) out.push_back(static_cast<char>(v >> (8 * i)));
  };
  if (n < 24) {
    out.push_back(static_cast<char>(m | n));
  } else if (n <= 0xff) {
    out.push_back(static_cast<char>(m | 24));
    big_endian(n, 1);
  } else if (n <= 0xffff) {
    out.push_back(static_cast<char>(m | 25));
    big_endian(n, 2);
  } else if (n <= 0xffffffffu) {
    out.push_back(static_cast<char>(m | 26));
    big_endian(n, 4);
  } else {
    out.push_back(static_cast<char>(m | 27));
    big_endian(n, 8);
  }
}

void Double(std::string& out, double v) {
  out.push_back(static_cast<char>(0xfb));
  const uint64_t bits = std::bit_cast<uint64_t>(v);
  for (int i = 7; i >= 0; --i) out.push_back(static_cast<char>(bits >> (8 * i)));
}

}  // namespace

Result<Document> DecodeCbor(std::string_view bytes) {
  Builder builder;
  auto* data = reinterpret_cast<cbor_data>(bytes.data());
  size_t offset = 0;
  while (offset < bytes.size() && !builder.root) {
    cbor_decoder_result r =
        cbor_stream_decode(data + offset, bytes.size() - offset, &kCallbacks, &builder);
    if (builder.error) return *builder.error;
    if (r.status == CBOR_DECODER_NEDATA) return Malformed("truncated input");
    if (r.status != CBOR_DECODER_FINISHED || r.read == 0) return Malformed("invalid item");
    offset += r.read;
  }
  if (!builder.root) return Malformed("truncated input");
  if (offset != bytes.size()) return Malformed("trailing bytes after the item");
  return std::move(*builder.root);
}

void EncodeCbor(const Document& doc, std::string& out) {
  switch (doc.kind()) {
    case Document::Kind::kNull:
      out.push_back(static_cast<char>(0xf6));
      return;
    case Document::Kind::kBool:
      out.push_back(static_cast<char>(doc.as_bool() ? 0xf5 : 0xf4));
      return;
    case Document::Kind::kInt:
      if (doc.as_int() >= 0) {
        Head(out, 0, static_cast<uint64_t>(doc.as_int()));
      } else {
        Head(out, 1, static_cast<uint64_t>(-1 - doc.as_int()));
      }
      return;
    case Document::Kind::kDouble:
      Double(out, doc.as_double());
      return;
    case Document::Kind::kString:
      Head(out, 3, doc.as_string().size());
      out.append(doc.as_string());
      return;
    case Document::Kind::kBlob:
      Head(out, 2, doc.as_blob().size());
      out.append(doc.as_blob());
      return;
    case Document::Kind::kTimestamp:
      Head(out, 6, 1);
      Double(out, timefmt::EpochSeconds(doc.as_timestamp()));
      return;
    case Document::Kind::kList:
      Head(out, 4, doc.as_list().size());
      for (const Document& item : doc.as_list()) EncodeCbor(item, out);
      return;
    case Document::Kind::kMap:
      Head(out, 5, doc.as_map().size());
      for (const auto& [key, value] : doc.as_map()) {
        Head(out, 3, key.size());
        out.append(key);
        EncodeCbor(value, out);
      }
      return;
  }
}

std::string EncodeCbor(const Document& doc) {
  std::string out;
  EncodeCbor(doc, out);
  return out;
}

}  // namespace berth::protocol
