#pragma once
// What logd does, without the IPC plumbing: copies the kernel's records into its LogStore,
// appends what services write, and answers the log protocol's requests (log.ridl). logd.cc
// feeds it messages and a timer; the host tests feed it bytes and a fake kernel log.
//
// Order: every request first pulls the kernel records made since the last pull, so a record
// a service writes comes after the kernel records made before it.

#include <stddef.h>
#include <stdint.h>

#include "libs/rstd/result.h"
#include "libs/rstd/span.h"
#include "libs/rstd/string_view.h"
#include "raeen/syscall_types.h"
#include "services/logd/log_store.h"

namespace raeen::logd {

// Where the kernel's records come from: log_read in logd, a fake in the host tests.
class KernelLogReader {
 public:
  struct Record {
    sys::LogRecordHeader header;
    rstd::StringView text;  // in the caller's buffer
  };
  // A buffer of this size holds any kernel record's text.
  static constexpr size_t kMaxTextSize = 512;

  virtual ~KernelLogReader() = default;
  // The first kernel record whose sequence is >= `sequence`, as log_read reports it.
  // Errors: kNotFound when there is none yet; others end the pull.
  virtual Result<Record> Read(uint64_t sequence, rstd::Span<char> text_buffer) = 0;
};

class LogService {
 public:
  using Clock = uint64_t (*)();  // monotonic ns, for written records
  // What kernel records are filed under.
  static constexpr rstd::StringView kKernelSource = "kernel";
  // What logd's own records (lost kernel records) are filed under.
  static constexpr rstd::StringView kOwnSource = "logd";
  // A reply buffer of this size holds any reply.
  static constexpr size_t kMaxReplyBytes = protocol::log::ReadReply::kMaxBytes;

  // `kernel` may be null (no kernel records then, e.g. without the kernel-log grant). The
  // clock's reading now names this instance in read replies.
  LogService(LogStore& store, KernelLogReader* kernel, Clock clock)
      : store_(store), kernel_(kernel), clock_(clock), instance_(clock()) {}

  // Copies every kernel record made since the last pull; returns how many. Kernel records
  // that were overwritten before logd got to them become one warn record of logd's saying
  // how many. Stops at the first error other than kNotFound (and reports it as the status);
  // the next pull starts where this one stopped.
  Result<size_t> PullKernel();

  // Answers one request message; the reply goes into `reply` (kMaxReplyBytes hold any) and
  // its size is returned. A request with a readable header and a known ordinal always gets a
  // reply, with status kCorrupt (or kOutOfRange) if the rest is malformed. Errors: kCorrupt
  // for bytes that cannot be answered at all (no header, an unknown ordinal, a reply flag):
  // the caller drops them. `may_read`: the client connected as a reader ("log-reader");
  // anyone else's read is answered with kAccessDenied (kernel records hold kernel addresses).
  Result<size_t> Handle(rstd::Bytes request, rstd::Span<const sys::HandleInfo> handles,
                        rstd::Span<uint8_t> reply, bool may_read);

  // Kernel records copied, records written by clients, messages that could not be answered.
  uint64_t kernel_records() const { return kernel_records_; }
  uint64_t written_records() const { return written_records_; }
  uint64_t dropped_messages() const { return dropped_messages_; }
  // The next kernel sequence a pull asks for.
  uint64_t next_kernel_sequence() const { return next_kernel_sequence_; }
  uint64_t instance() const { return instance_; }

 private:
  Result<size_t> HandleRead(rstd::Bytes request, rstd::Span<const sys::HandleInfo> handles,
                            uint32_t transaction_id, rstd::Span<uint8_t> reply, bool may_read);
  Result<size_t> HandleWrite(rstd::Bytes request, rstd::Span<const sys::HandleInfo> handles,
                             uint32_t transaction_id, rstd::Span<uint8_t> reply);

  LogStore& store_;
  KernelLogReader* kernel_;
  Clock clock_;
  uint64_t instance_;
  uint64_t next_kernel_sequence_ = 0;
  uint64_t kernel_records_ = 0;
  uint64_t written_records_ = 0;
  uint64_t dropped_messages_ = 0;
};

// A writer's source as logd accepts it: 1 to kMaxSourceSize bytes, none of them a space or a
// control character (so that "source: text" lines stay parseable).
bool IsValidSource(rstd::StringView source);

// `text` as logd stores it, in `buffer` (at least text.size() bytes): one final newline
// dropped, control characters but tab replaced by '?'.
rstd::StringView SanitizeText(rstd::StringView text, rstd::Span<char> buffer);

}  // namespace raeen::logd
