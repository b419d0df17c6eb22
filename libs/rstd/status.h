#pragma once
// The one status enum of RaeenOS. Every fallible operation reports one of these; each value
// says what went wrong, not where. Issue-5's contract compiler will generate this list from
// services/contracts; until then it is maintained here and the values never change meaning.

#include <stdint.h>

namespace raeen {

enum class Status : int32_t {
  kOk = 0,
  // An argument is malformed or out of its documented domain.
  kInvalidArgument = 1,
  // The named thing (file, symbol, table, protocol) does not exist.
  kNotFound = 2,
  // Memory (or another finite pool) is exhausted; the operation changed nothing.
  kNoMemory = 3,
  // An index, address or length falls outside the object it refers to.
  kOutOfRange = 4,
  // Input data failed validation (bad magic, checksum, size or structure).
  kCorrupt = 5,
  // The request is valid but this build or machine does not support it.
  kUnsupported = 6,
  // The caller lacks the right to do this.
  kAccessDenied = 7,
  // The object is not in a state where this operation makes sense.
  kBadState = 8,
  // The operation did not finish in the time allowed.
  kTimedOut = 9,
  // A device or firmware call failed.
  kIoError = 10,
  // The thing to be created already exists (e.g. a mapping over a mapping).
  kAlreadyExists = 11,
  // The output buffer is too small for the result.
  kBufferTooSmall = 12,
  // The handle value names no live handle of the calling process (never was one, closed, or
  // a stale value whose slot has been reused).
  kBadHandle = 13,
  // The handle names an object of another type than the operation works on.
  kWrongType = 14,
  // A per-process limit (memory, handles, threads) would be exceeded; nothing changed.
  kQuotaExceeded = 15,
  // The operation cannot proceed now (a full or empty queue); wait for the object's signal
  // and try again.
  kShouldWait = 16,
  // The other end of a channel is closed.
  kPeerClosed = 17,
};

// A stable, lowercase name for logs and test output ("invalid-argument").
const char* StatusName(Status status);

}  // namespace raeen
