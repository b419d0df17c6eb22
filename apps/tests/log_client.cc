// log.collect: the log service end to end, as a client of logd (started by svcmgr with
// `lookup = log`, manual start: svc.start=log_client).
//   - a line written through logd (WriteLog) reads back with this program's name as its
//     source and its level;
//   - the kernel's records are there too, in the same sequence: the boot banner before
//     "kernel ready", and a debug_write line of this program's as "[log_client] ...";
//   - walking the log, each record's sequence is the one asked for plus what it says was
//     missed, and the walk ends with not-found;
//   - after 300 KiB of writes the oldest records are gone from logd's 256 KiB ring: a reader
//     at 0 gets the oldest kept record with `missed` equal to its sequence, and nothing is
//     missed from there on;
//   - garbage on a connection of its own is dropped or answered with corrupt, and logd goes
//     on serving;
//   - killed, logd is restarted by svcmgr; the client library reconnects once, and the new
//     logd has copied the kernel log again (manifest: `control = yes`, for kill).
// Prints what it saw; the program exits 0 only if every check held.

#include "apps/tests/check_list.h"
#include "libs/rae/channel.h"
#include "libs/rae/log.h"
#include "libs/rae/main.h"
#include "libs/rae/runtime.h"
#include "libs/rae/service.h"

using raeen::Status;
using raeen::StatusName;
using raeen::rae::LogLevel;
using raeen::rae::LogRecord;
using raeen::rae::Print;
namespace rstd = raeen::rstd;
namespace sys = raeen::sys;

namespace {

raeen::apps::CheckList checks("log_client");

constexpr uint64_t kNone = ~uint64_t{0};

// What a walk over the whole log found.
struct Walk {
  uint64_t records = 0;
  uint64_t missed = 0;
  uint64_t banner = kNone;        // the kernel's boot banner
  uint64_t kernel_ready = kNone;  // the kernel's "kernel ready"
  uint64_t written = kNone;       // the line written through logd
  LogLevel written_level = LogLevel::kDebug;
  uint64_t printed = kNone;   // the line printed with debug_write
  bool sequence_rule = true;  // sequence == asked + missed, every time
  Status end = Status::kOk;   // why the walk stopped
  uint64_t instance = 0;      // which logd answered the first read
};

Walk WalkLog(rstd::StringView written, rstd::StringView printed) {
  Walk walk;
  for (uint64_t next = 0;;) {
    raeen::Result<LogRecord> record = raeen::rae::ReadLogRecord(next);
    if (!record.ok()) {
      walk.end = record.status();
      return walk;
    }
    if (walk.records++ == 0) walk.instance = record->instance;
    walk.missed += record->missed;
    if (record->sequence != next + record->missed) walk.sequence_rule = false;
    const rstd::StringView source = record->source();
    const rstd::StringView text = record->text();
    if (source == "kernel") {
      if (walk.banner == kNone && text.contains("RaeenOS ") && text.contains("(RaeCore)")) {
        walk.banner = record->sequence;
      }
      if (text == "kernel ready") walk.kernel_ready = record->sequence;
      if (text == printed) walk.printed = record->sequence;
    }
    if (source == "log_client" && text == written) {
      walk.written = record->sequence;
      walk.written_level = record->level;
    }
    next = record->sequence + 1;
  }
}

// logd's pid, from svcmgr's list (0 if it is not running).
uint64_t LogdPid() {
  for (uint32_t index = 0;; ++index) {
    raeen::Result<raeen::rae::TaskEntry> task = raeen::rae::TaskAt(index);
    if (!task.ok()) return 0;
    if (rstd::StringView(task->name) == "logd") return task->pid;
  }
}

int64_t Now() {
  int64_t now = 0;
  (void)sys::ClockMonotonic(&now);
  return now;
}

// The pid of the logd that replaced `old`, or 0 if none runs within 10 s.
uint64_t AwaitNewLogd(uint64_t old) {
  constexpr int64_t kPollNs = 10'000'000;
  const int64_t give_up = Now() + 10'000'000'000;
  for (;;) {
    const uint64_t pid = LogdPid();
    if (pid != 0 && pid != old) return pid;
    if (Now() >= give_up) return 0;
    (void)sys::ThreadSleep(Now() + kPollNs);
  }
}

// Garbage on a connection of its own: logd drops what it cannot answer, answers a malformed
// request of a known kind with corrupt, and goes on serving.
void CheckGarbage() {
  raeen::Result<sys::Handle> raw = raeen::rae::Connect("log");
  checks.Expect("a second connection to logd", raw.status(), Status::kOk);
  if (!raw.ok()) return;
  const uint8_t junk[] = {1, 2, 3};
  // A well-formed header with an ordinal the protocol does not have.
  const uint8_t unknown[16] = {77, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 16, 0, 0, 0};
  checks.Expect("sending three bytes", sys::ChannelWrite(*raw, junk, sizeof(junk), nullptr, 0),
                Status::kOk);
  checks.Expect("sending an unknown ordinal",
                sys::ChannelWrite(*raw, unknown, sizeof(unknown), nullptr, 0), Status::kOk);
  namespace wire = raeen::protocol::log;
  uint8_t bad[wire::WriteRequest::kMaxBytes];
  raeen::Result<raeen::ridl::Encoded> encoded =
      wire::Encode(wire::WriteRequest{LogLevel::kInfo, "log_client", "bad level"}, 5,
                   rstd::Span<uint8_t>(bad, sizeof(bad)), rstd::Span<uint32_t>());
  checks.Check("encoding a write", encoded.ok());
  if (encoded.ok()) {
    bad[16] = 9;  // the level, the first field: no such LogLevel
    uint8_t reply[wire::WriteReply::kMaxBytes];
    sys::ChannelCallArgs args = raeen::rae::BytesCall(bad, encoded->bytes, reply, sizeof(reply));
    sys::MessageSize size{};
    checks.Expect("a malformed write gets a reply", sys::ChannelCall(*raw, &args, &size),
                  Status::kOk);
    raeen::Result<wire::WriteReply> decoded =
        wire::DecodeWriteReply(rstd::Bytes(reply, size.bytes), rstd::Span<const sys::HandleInfo>());
    checks.Check("which says corrupt",
                 decoded.ok() && static_cast<Status>(decoded->status) == Status::kCorrupt);
  }
  // A writer's connection ("log") may not read: the kernel's records hold kernel addresses.
  uint8_t read[wire::ReadRequest::kMaxBytes];
  raeen::Result<raeen::ridl::Encoded> read_encoded =
      wire::Encode(wire::ReadRequest{0}, 6, rstd::Span<uint8_t>(read, sizeof(read)),
                   rstd::Span<uint32_t>());
  if (read_encoded.ok()) {
    uint8_t reply[wire::ReadReply::kMaxBytes];
    sys::ChannelCallArgs args =
        raeen::rae::BytesCall(read, read_encoded->bytes, reply, sizeof(reply));
    sys::MessageSize size{};
    checks.Expect("a read on a writer's connection", sys::ChannelCall(*raw, &args, &size),
                  Status::kOk);
    raeen::Result<wire::ReadReply> decoded =
        wire::DecodeReadReply(rstd::Bytes(reply, size.bytes), rstd::Span<const sys::HandleInfo>());
    checks.Check("is refused with access-denied",
                 decoded.ok() && static_cast<Status>(decoded->status) == Status::kAccessDenied);
  }
  (void)sys::HandleClose(*raw);
  checks.Expect("logd serves on after the garbage",
                raeen::rae::WriteLog(LogLevel::kInfo, "written after the garbage"), Status::kOk);
}

}  // namespace

int main() {
  // Lines no earlier boot or run can have made.
  const int64_t stamp = Now();
  char written_bytes[64];
  const rstd::StringView written =
      rstd::FormatTo(written_bytes, sizeof(written_bytes), "written through logd at {}", stamp);
  char printed_bytes[64];
  const rstd::StringView printed_text =
      rstd::FormatTo(printed_bytes, sizeof(printed_bytes), "printed to the kernel at {}", stamp);
  Print("{}", printed_text);
  char printed_line[80];
  const rstd::StringView printed =
      rstd::FormatTo(printed_line, sizeof(printed_line), "[log_client] {}", printed_text);

  checks.Expect("write through logd", raeen::rae::WriteLog(LogLevel::kWarn, written), Status::kOk);
  const Walk walk = WalkLog(written, printed);
  Print(
      "log_client: {} records, {} missed; banner at {}, kernel ready at {}, debug_write line "
      "at {}, written line at {}; walk ended with {}",
      walk.records, walk.missed, walk.banner, walk.kernel_ready, walk.printed, walk.written,
      StatusName(walk.end));
  checks.Expect("the walk ends with not-found", walk.end, Status::kNotFound);
  checks.Check("each record's sequence is the one asked for plus the missed ones",
               walk.sequence_rule);
  checks.Check("the kernel's boot banner is in the log", walk.banner != kNone);
  checks.Check("the kernel's 'kernel ready' is in the log", walk.kernel_ready != kNone);
  checks.Check("the banner comes before 'kernel ready'", walk.banner < walk.kernel_ready);
  checks.Check("the debug_write line is in the log as a kernel record", walk.printed != kNone);
  checks.Check("the written line is in the log", walk.written != kNone);
  checks.Check("the written line kept its level", walk.written_level == LogLevel::kWarn);
  checks.Check("the written line comes after the kernel's boot", walk.written > walk.kernel_ready);
  checks.Check("the written line comes after the debug_write line made before it",
               walk.written > walk.printed);

  // Overflow logd's 256 KiB ring: 300 records of 1000 bytes.
  char filler[1000];
  for (char& c : filler) c = 'f';
  Status flooded = Status::kOk;
  for (int i = 0; i < 300 && flooded == Status::kOk; ++i) {
    flooded = raeen::rae::WriteLog(LogLevel::kDebug, rstd::StringView(filler, sizeof(filler)));
  }
  checks.Expect("300 KiB of writes", flooded, Status::kOk);
  raeen::Result<LogRecord> oldest = raeen::rae::ReadLogRecord(0);
  checks.Expect("reading from 0 after the flood", oldest.status(), Status::kOk);
  if (oldest.ok()) {
    Print("log_client: after the flood the oldest record is {}, {} missed", oldest->sequence,
          oldest->missed);
    checks.Check("the oldest records were overwritten", oldest->sequence > 0);
    checks.Check("the reader learns how many it lost", oldest->missed == oldest->sequence);
    checks.Check("the written line is gone", walk.written < oldest->sequence);
    raeen::Result<LogRecord> following = raeen::rae::ReadLogRecord(oldest->sequence + 1);
    checks.Expect("reading on from the oldest", following.status(), Status::kOk);
    if (following.ok()) {
      checks.Check("nothing more is missed", following->missed == 0);
      checks.Check("the next record follows", following->sequence == oldest->sequence + 1);
    }
  }
  raeen::Result<LogRecord> beyond = raeen::rae::ReadLogRecord(~uint64_t{0});
  checks.Expect("reading past the newest", beyond.status(), Status::kNotFound);

  CheckGarbage();

  // logd dies (killed, as a crash would end it): svcmgr restarts it, and the next call
  // reconnects once and reaches the new instance, which copies the kernel log again.
  const uint64_t logd = LogdPid();
  checks.Check("logd is running", logd != 0);
  checks.Expect("killing logd", raeen::rae::KillTask(logd), Status::kOk);
  // Until svcmgr has restarted it: a connection made while the old logd is still being torn
  // down is svcmgr's race, not what this checks.
  const uint64_t restarted = AwaitNewLogd(logd);
  checks.Check("svcmgr restarted logd", restarted != 0);
  checks.Expect("a write after logd died",
                raeen::rae::WriteLog(LogLevel::kInfo, "written after logd's restart"), Status::kOk);
  const Walk again = WalkLog("written after logd's restart", printed);
  Print("log_client: after logd's restart {} records; banner at {}, written line at {}",
        again.records, again.banner, again.written);
  checks.Check("the restarted logd has the line", again.written != kNone);
  checks.Check("the restarted logd is another instance", again.instance != walk.instance);
  checks.Check("the restarted logd copied the kernel log again", again.kernel_ready != kNone);
  checks.Check("and not the flood", again.records < 200);
  checks.Check("a new logd's log walks by the same rule", again.sequence_rule);
  return checks.Finish();
}
