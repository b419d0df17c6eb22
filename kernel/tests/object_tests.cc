// In-kernel tests of the objects behind the IPC syscalls: channel ends carry bytes and
// handles with the right signals, a closed end is seen by its peer, ports deliver bindings,
// and waits time out. (The pure queue logic is host-tested in tests/host/kernel/object.)

#include "kernel/ktest/ktest.h"
#include "kernel/object/channel.h"
#include "kernel/object/memory_object.h"
#include "kernel/object/port.h"
#include "kernel/object/timer.h"
#include "kernel/thread/thread.h"
#include "kernel/time/monotonic_clock.h"

namespace raeen::kernel {
namespace {

constexpr uint64_t kShortNs = 2'000'000;  // 2 ms

rstd::Span<const uint8_t> Text(const char* text) {
  size_t size = 0;
  while (text[size] != 0) ++size;
  return rstd::Span<const uint8_t>(reinterpret_cast<const uint8_t*>(text), size);
}

KTEST(object, channel_carries_bytes_and_handles_with_signals) {
  RefPtr<Channel> a;
  RefPtr<Channel> b;
  KTEST_EXPECT(Channel::CreatePair(&a, &b).ok());
  if (!a || !b) return;
  KTEST_EXPECT(a->signals() == signals::kWritable);
  KTEST_EXPECT(b->signals() == signals::kWritable);

  Result<RefPtr<MemoryObject>> memory = MemoryObject::Create(4096);
  KTEST_EXPECT(memory.ok());
  if (!memory.ok()) return;
  HandleEntry sent[1] = {{RefPtr<KernelObject>::Share(memory->get()), Rights::kRead}};
  KTEST_EXPECT(a->Write(Text("ping"), rstd::Span<HandleEntry>(sent, 1)).ok());
  KTEST_EXPECT(!sent[0].object);  // taken by the channel
  KTEST_EXPECT((b->signals() & signals::kReadable) != 0);
  KTEST_EXPECT((a->signals() & signals::kReadable) == 0);

  uint8_t small[2];
  HandleEntry received[2];
  Result<ReadResult> too_small =
      b->Read(rstd::Span<uint8_t>(small, sizeof(small)), rstd::Span<HandleEntry>(received, 2));
  KTEST_EXPECT(too_small.status() == Status::kBufferTooSmall);
  uint8_t bytes[16];
  Result<ReadResult> read =
      b->Read(rstd::Span<uint8_t>(bytes, sizeof(bytes)), rstd::Span<HandleEntry>(received, 2));
  KTEST_EXPECT(read.ok());
  if (!read.ok()) return;
  KTEST_EXPECT(read->bytes == 4 && read->handles == 1);
  KTEST_EXPECT(bytes[0] == 'p' && bytes[3] == 'g');
  KTEST_EXPECT(received[0].object.get() == memory->get());
  KTEST_EXPECT(received[0].rights == Rights(Rights::kRead));
  KTEST_EXPECT((b->signals() & signals::kReadable) == 0);
  Result<ReadResult> empty =
      b->Read(rstd::Span<uint8_t>(bytes, sizeof(bytes)), rstd::Span<HandleEntry>(received, 2));
  KTEST_EXPECT(empty.status() == Status::kShouldWait);
}

KTEST(object, closing_one_end_signals_peer_closed) {
  RefPtr<Channel> a;
  RefPtr<Channel> b;
  KTEST_EXPECT(Channel::CreatePair(&a, &b).ok());
  if (!a || !b) return;
  KTEST_EXPECT(a->Write(Text("last words"), {}).ok());
  a = RefPtr<Channel>();  // the last reference: the end goes away
  KTEST_EXPECT((b->signals() & signals::kPeerClosed) != 0);
  // What was queued can still be read; then the end reports the closed peer.
  uint8_t bytes[16];
  KTEST_EXPECT(b->Read(rstd::Span<uint8_t>(bytes, sizeof(bytes)), {}).ok());
  KTEST_EXPECT(b->Read(rstd::Span<uint8_t>(bytes, sizeof(bytes)), {}).status() ==
               Status::kPeerClosed);
  KTEST_EXPECT(b->Write(Text("anyone?"), {}).status() == Status::kPeerClosed);
}

KTEST(object, full_channel_stops_being_writable) {
  RefPtr<Channel> a;
  RefPtr<Channel> b;
  KTEST_EXPECT(Channel::CreatePair(&a, &b).ok());
  if (!a || !b) return;
  uint32_t written = 0;
  while (a->Write(Text("x"), {}).ok()) ++written;
  KTEST_EXPECT(written == MessageLimits{}.max_messages);
  KTEST_EXPECT(a->Write(Text("x"), {}).status() == Status::kShouldWait);
  KTEST_EXPECT((a->signals() & signals::kWritable) == 0);
  uint8_t byte;
  KTEST_EXPECT(b->Read(rstd::Span<uint8_t>(&byte, 1), {}).ok());
  KTEST_EXPECT((a->signals() & signals::kWritable) != 0);
}

KTEST(object, wait_for_signals_times_out_and_wakes) {
  RefPtr<Channel> a;
  RefPtr<Channel> b;
  KTEST_EXPECT(Channel::CreatePair(&a, &b).ok());
  if (!a || !b) return;
  const uint64_t start = MonotonicNanoseconds();
  Result<uint32_t> timed_out = b->WaitForSignals(signals::kReadable, start + kShortNs);
  KTEST_EXPECT(timed_out.status() == Status::kTimedOut);
  KTEST_EXPECT(MonotonicNanoseconds() >= start + kShortNs);

  // A writer on another thread wakes the waiter.
  struct Writer {
    static void Run(void* end) {
      SleepFor(kShortNs);
      (void)static_cast<Channel*>(end)->Write(Text("wake"), {});
    }
  };
  KTEST_EXPECT(CreateThread("object-writer", &Writer::Run, a.get()).ok());
  Result<uint32_t> woke =
      b->WaitForSignals(signals::kReadable, MonotonicNanoseconds() + 5'000'000'000);
  KTEST_EXPECT(woke.ok() && (*woke & signals::kReadable) != 0);
  SleepFor(kShortNs);  // let the writer exit while `a` is still alive
}

KTEST(object, port_delivers_one_packet_per_binding) {
  Result<RefPtr<Port>> port = Port::Create();
  KTEST_EXPECT(port.ok());
  RefPtr<Channel> a;
  RefPtr<Channel> b;
  KTEST_EXPECT(Channel::CreatePair(&a, &b).ok());
  if (!port.ok() || !a || !b) return;
  KTEST_EXPECT((*port)->Bind(*b, signals::kReadable, 0x1234).ok());
  KTEST_EXPECT((*port)->Wait(MonotonicNanoseconds() + kShortNs).status() == Status::kTimedOut);
  KTEST_EXPECT(a->Write(Text("one"), {}).ok());
  KTEST_EXPECT(a->Write(Text("two"), {}).ok());
  Result<PortPacket> packet = (*port)->Wait(MonotonicNanoseconds() + kShortNs);
  KTEST_EXPECT(packet.ok() && packet->key == 0x1234 && (packet->signals & signals::kReadable));
  // One-shot: the second message made no second packet.
  KTEST_EXPECT((*port)->Wait(MonotonicNanoseconds() + kShortNs).status() == Status::kTimedOut);
  // A binding whose signal is already set fires at once; peer-closed reaches the port too.
  KTEST_EXPECT((*port)->Bind(*b, signals::kPeerClosed, 7).ok());
  a = RefPtr<Channel>();
  Result<PortPacket> closed = (*port)->Wait(MonotonicNanoseconds() + kShortNs);
  KTEST_EXPECT(closed.ok() && closed->key == 7 && (closed->signals & signals::kPeerClosed));
  // An object that goes away with a binding pending gives the port its room back.
  KTEST_EXPECT((*port)->Bind(*b, signals::kSignaled, 9).ok());
  b = RefPtr<Channel>();
  KTEST_EXPECT((*port)->Wait(MonotonicNanoseconds() + kShortNs).status() == Status::kTimedOut);
}

KTEST(object, timer_fires_at_its_deadline_and_can_be_moved_or_cancelled) {
  Result<RefPtr<Timer>> timer = Timer::Create();
  KTEST_EXPECT(timer.ok());
  if (!timer.ok()) return;
  const uint64_t start = MonotonicNanoseconds();
  (*timer)->Set(start + kShortNs);
  Result<uint32_t> fired =
      (*timer)->WaitForSignals(signals::kTimerFired, start + 5'000'000'000);
  KTEST_EXPECT(fired.ok());
  KTEST_EXPECT(MonotonicNanoseconds() >= start + kShortNs);
  // Set again: the signal clears until the new deadline.
  (*timer)->Set(MonotonicNanoseconds() + 1'000'000'000);
  KTEST_EXPECT(((*timer)->signals() & signals::kTimerFired) == 0);
  (*timer)->Cancel();
  KTEST_EXPECT((*timer)->WaitForSignals(signals::kTimerFired, MonotonicNanoseconds() + kShortNs)
                   .status() == Status::kTimedOut);
  // A timer destroyed while armed leaves nothing behind in the timer queue.
  (*timer)->Set(MonotonicNanoseconds() + kShortNs);
}

}  // namespace
}  // namespace raeen::kernel
