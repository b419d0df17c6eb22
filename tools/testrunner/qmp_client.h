#pragma once
// A client for the QEMU Machine Protocol on a unix socket [QEMU docs: interop/qmp-spec]:
// greeting, capabilities negotiation, then commands, each tagged with an id so that its
// reply is told apart from asynchronous events (SHUTDOWN, STOP, ...) arriving in between.

#include <chrono>
#include <expected>
#include <filesystem>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "tools/testrunner/json_value.h"
#include "tools/testrunner/unique_fd.h"

namespace raeen::tools::testrunner {

enum class ScreendumpFormat { kPng, kPpm };

class QmpClient {
 public:
  using Deadline = std::chrono::steady_clock::time_point;

  // Connects, retrying while QEMU has not created the socket yet (it listens with wait=off
  // shortly after start), reads the greeting and leaves negotiation mode. `gave_up` is asked
  // between retries; returning true (e.g. QEMU exited) ends the attempt.
  static std::expected<QmpClient, std::string> Connect(const std::filesystem::path& socket,
                                                       Deadline deadline,
                                                       const std::function<bool()>& gave_up);

  // Runs one command and returns its "return" value; a QMP "error" reply becomes an error
  // naming its class and description.
  std::expected<JsonValue, std::string> Execute(std::string_view command, JsonValue arguments,
                                                Deadline deadline);

  // Writes the current display to `path` (made absolute: QEMU resolves relative paths
  // against its own working directory).
  std::expected<void, std::string> Screendump(const std::filesystem::path& path,
                                              ScreendumpFormat format, Deadline deadline);

  // Presses the keys together and releases them, e.g. {"ctrl", "alt", "delete"}; names are
  // QEMU QKeyCodes ("a", "ret", "shift", "f1").
  std::expected<void, std::string> SendKey(const std::vector<std::string>& qcodes,
                                           Deadline deadline);

  // Asks QEMU to exit. The connection closing before the reply arrives counts as success.
  std::expected<void, std::string> Quit(Deadline deadline);

  // The greeting's "QMP" object (version, capabilities).
  const JsonValue& greeting() const { return greeting_; }
  // Asynchronous events received so far, in order.
  const std::vector<JsonValue>& events() const { return events_; }

 private:
  explicit QmpClient(UniqueFd fd) : fd_(std::move(fd)) {}

  std::expected<void, std::string> Send(const JsonValue& message, Deadline deadline);
  // The next complete JSON value from the stream.
  std::expected<JsonValue, std::string> Receive(Deadline deadline);

  UniqueFd fd_;
  std::string buffer_;
  JsonValue greeting_;
  std::vector<JsonValue> events_;
  uint64_t next_id_ = 1;
};

}  // namespace raeen::tools::testrunner
