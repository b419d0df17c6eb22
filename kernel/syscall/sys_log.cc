// log_read: the kernel log for the log service (services/logd).

#include "kernel/log/log.h"
#include "kernel/log/log_read.h"
#include "kernel/object/resource.h"
#include "kernel/syscall/syscall_support.h"
#include "raeen/kernel/syscalls.h"

namespace raeen::kernel::sys {

// The record is copied out of the ring under the log's lock into a kernel buffer, and only
// then to user memory: no user copy (which may fault) while a spinlock is held.
Status LogRead(HandleValue resource, uint64_t sequence, UserOut<LogRecordHeader> record,
               UserBytesOut text) {
  RAEEN_TRY_STATUS(RefPtr<Resource> log,
                   LookUp<Resource>(resource, kLogReadResourceType, kLogReadResourceRights));
  if (!log->Covers(kernel::ResourceKind::kKernelLog, 0, 1)) return Status::kWrongType;
  // Both checked before reading, so that a bad buffer is reported the same way whatever the
  // record, and a bad `record` does not fail after the text was written. (A page that is in
  // range but not writable still fails in CopyOut, with the same status.)
  if (CheckUserRange(record.address, sizeof(LogRecordHeader)) != Status::kOk ||
      CheckUserRange(text.address, text.count) != Status::kOk) {
    return Status::kInvalidArgument;
  }
  char buffer[kLogReadTextCapacity];
  RAEEN_TRY_STATUS(LogReadResult read,
                   ReadLogRecord(KernelLog(), sequence, rstd::Span<char>(buffer)));
  if (read.text.size() > text.count) {
    if (Status copied = CopyOut(record, read.header); copied != Status::kOk) return copied;
    return Status::kBufferTooSmall;
  }
  if (Status copied = CopyOut(text.address, read.text.data(), read.text.size());
      copied != Status::kOk) {
    return copied;
  }
  return CopyOut(record, read.header);
}

}  // namespace raeen::kernel::sys
