#include "libs/rstd/status.h"

namespace raeen {

const char* StatusName(Status status) {
  switch (status) {
    case Status::kOk: return "ok";
    case Status::kInvalidArgument: return "invalid-argument";
    case Status::kNotFound: return "not-found";
    case Status::kNoMemory: return "no-memory";
    case Status::kOutOfRange: return "out-of-range";
    case Status::kCorrupt: return "corrupt";
    case Status::kUnsupported: return "unsupported";
    case Status::kAccessDenied: return "access-denied";
    case Status::kBadState: return "bad-state";
    case Status::kTimedOut: return "timed-out";
    case Status::kIoError: return "io-error";
    case Status::kAlreadyExists: return "already-exists";
    case Status::kBufferTooSmall: return "buffer-too-small";
    case Status::kBadHandle: return "bad-handle";
    case Status::kWrongType: return "wrong-type";
    case Status::kQuotaExceeded: return "quota-exceeded";
    case Status::kShouldWait: return "should-wait";
    case Status::kPeerClosed: return "peer-closed";
  }
  return "unknown-status";
}

}  // namespace raeen
