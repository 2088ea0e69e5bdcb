// HIter: canonical encoding and the arrays an iterator keeps alive.
#include "model/hiter.h"

namespace mapcheck::model {

void HIter::encode(Encoder& e) const {
  e.boolean(key.has_value());
  if (key) key->encode(e);
  e.boolean(elem.has_value());
  if (elem) elem->encode(e);
  e.boolean(buckets.has_value());
  if (buckets) e.u64(buckets->v);
  e.boolean(bptr.has_value());
  if (bptr) bptr->encode(e);
  e.u64(start_bucket);
  e.u8(offset);
  e.boolean(wrapped);
  e.u8(B);
  e.u8(i);
  e.u64(bucket);
  e.boolean(check_bucket.has_value());
  if (check_bucket) e.u64(*check_bucket);
}

HIter HIter::decode(Decoder& d) {
  HIter it;
  decode_into(d, it);
  return it;
}

void HIter::decode_into(Decoder& d, HIter& it) {
  Value::decode_into(d, it.key);
  Value::decode_into(d, it.elem);
  it.buckets.reset();
  if (d.boolean()) it.buckets = ArrayId{static_cast<std::uint32_t>(d.u64())};
  it.bptr.reset();
  if (d.boolean()) it.bptr = BucketPos::decode(d);
  it.start_bucket = d.u64();
  it.offset = d.u8();
  it.wrapped = d.boolean();
  it.B = d.u8();
  it.i = d.u8();
  it.bucket = d.u64();
  it.check_bucket.reset();
  if (d.boolean()) it.check_bucket = d.u64();
}

void referenced_arrays(const HIter& it, std::vector<ArrayId>& out) {
  if (it.buckets) out.push_back(*it.buckets);
  if (it.bptr) out.push_back(it.bptr->array);
}

}  // namespace mapcheck::model
