#include "tools/testrunner/qmp_client.h"

#include <fcntl.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <thread>

#include "tools/testrunner/text.h"

namespace raeen::tools::testrunner {
namespace {

// Replies larger than this are not QMP as we use it; stop rather than grow without bound.
constexpr size_t kMaxBufferedBytes = 16 << 20;

int MillisecondsUntil(QmpClient::Deadline deadline) {
  const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
      deadline - std::chrono::steady_clock::now());
  return left.count() <= 0 ? 0 : static_cast<int>(std::min<int64_t>(left.count(), 1 << 30));
}

}  // namespace

std::expected<QmpClient, std::string> QmpClient::Connect(const std::filesystem::path& socket_path,
                                                         Deadline deadline,
                                                         const std::function<bool()>& gave_up) {
  sockaddr_un address{};
  address.sun_family = AF_UNIX;
  const std::string path = socket_path.string();
  if (path.size() >= sizeof(address.sun_path)) {
    return std::unexpected("QMP socket path too long: " + path);
  }
  std::memcpy(address.sun_path, path.c_str(), path.size() + 1);

  std::string last_error = "not attempted";
  while (true) {
    UniqueFd fd(::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0));
    if (!fd.valid()) return std::unexpected(Printf("socket: %s", strerror(errno)));
    if (::connect(fd.get(), reinterpret_cast<const sockaddr*>(&address), sizeof(address)) == 0) {
      QmpClient client(std::move(fd));
      auto greeting = client.Receive(deadline);
      if (!greeting) return std::unexpected("QMP greeting: " + greeting.error());
      const JsonValue* qmp = greeting->Find("QMP");
      if (qmp == nullptr)
        return std::unexpected("QMP greeting without \"QMP\": " + greeting->Serialize());
      client.greeting_ = *qmp;
      auto negotiated = client.Execute("qmp_capabilities", JsonValue(), deadline);
      if (!negotiated) return std::unexpected("qmp_capabilities: " + negotiated.error());
      return client;
    }
    last_error = strerror(errno);
    // ENOENT: not created yet; ECONNREFUSED: created, not listening yet; EAGAIN: backlog
    // full. Anything else is real.
    if (errno != ENOENT && errno != ECONNREFUSED && errno != EAGAIN) {
      return std::unexpected(Printf("connect %s: %s", path.c_str(), last_error.c_str()));
    }
    if (gave_up()) return std::unexpected("QEMU ended before its QMP socket accepted a connection");
    if (std::chrono::steady_clock::now() >= deadline) {
      return std::unexpected(
          Printf("connect %s: %s (timed out)", path.c_str(), last_error.c_str()));
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
}

std::expected<void, std::string> QmpClient::Send(const JsonValue& message, Deadline deadline) {
  const std::string text = message.Serialize() + "\r\n";
  size_t sent = 0;
  while (sent < text.size()) {
    const ssize_t n = ::send(fd_.get(), text.data() + sent, text.size() - sent, MSG_NOSIGNAL);
    if (n > 0) {
      sent += static_cast<size_t>(n);
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && errno == EAGAIN) {
      pollfd pfd{fd_.get(), POLLOUT, 0};
      if (::poll(&pfd, 1, MillisecondsUntil(deadline)) == 0)
        return std::unexpected("QMP send timed out");
      continue;
    }
    return std::unexpected(Printf("QMP send: %s", strerror(errno)));
  }
  return {};
}

std::expected<JsonValue, std::string> QmpClient::Receive(Deadline deadline) {
  while (true) {
    // A complete value may already be buffered (QEMU often sends an event and a reply in
    // one segment).
    if (!buffer_.empty()) {
      auto prefix = JsonValue::ParsePrefix(buffer_);
      if (!prefix) return std::unexpected("bad QMP message: " + prefix.error());
      if (prefix->complete) {
        buffer_.erase(0, prefix->consumed);
        return std::move(prefix->value);
      }
      // Only whitespace (the CRLF after the previous value) may sit in front of the next one.
      if (buffer_.find_first_not_of(" \t\r\n") == std::string::npos) buffer_.clear();
    }
    if (buffer_.size() > kMaxBufferedBytes) return std::unexpected("QMP message too large");
    pollfd pfd{fd_.get(), POLLIN, 0};
    const int ready = ::poll(&pfd, 1, MillisecondsUntil(deadline));
    if (ready < 0 && errno == EINTR) continue;
    if (ready == 0) return std::unexpected("timed out waiting for QMP");
    char chunk[65536];
    const ssize_t n = ::recv(fd_.get(), chunk, sizeof(chunk), 0);
    if (n == 0) return std::unexpected("QMP connection closed");
    if (n < 0) {
      if (errno == EAGAIN || errno == EINTR) continue;
      return std::unexpected(Printf("QMP recv: %s", strerror(errno)));
    }
    buffer_.append(chunk, static_cast<size_t>(n));
  }
}

std::expected<JsonValue, std::string> QmpClient::Execute(std::string_view command,
                                                         JsonValue arguments, Deadline deadline) {
  const std::string id = Printf("testrunner-%llu", static_cast<unsigned long long>(next_id_++));
  JsonValue request = JsonValue::MakeObject({{"execute", command}});
  if (!arguments.is_null()) request.Set("arguments", std::move(arguments));
  request.Set("id", id);
  if (auto sent = Send(request, deadline); !sent) return std::unexpected(sent.error());
  while (true) {
    auto message = Receive(deadline);
    if (!message) return std::unexpected(message.error());
    if (message->Find("event") != nullptr) {
      events_.push_back(std::move(*message));
      continue;
    }
    const JsonValue* reply_id = message->Find("id");
    if (reply_id == nullptr || !reply_id->is_string() || reply_id->AsString() != id) {
      continue;  // a late reply to an earlier command that timed out
    }
    if (const JsonValue* result = message->Find("return")) return *result;
    if (const JsonValue* error = message->Find("error")) {
      const JsonValue* error_class = error->Find("class");
      const JsonValue* desc = error->Find("desc");
      return std::unexpected(Printf(
          "%.*s failed: %s: %s", static_cast<int>(command.size()), command.data(),
          error_class != nullptr && error_class->is_string() ? error_class->AsString().c_str()
                                                             : "?",
          desc != nullptr && desc->is_string() ? desc->AsString().c_str() : "?"));
    }
    return std::unexpected("QMP reply with neither return nor error: " + message->Serialize());
  }
}

std::expected<void, std::string> QmpClient::Screendump(const std::filesystem::path& path,
                                                       ScreendumpFormat format, Deadline deadline) {
  const std::filesystem::path absolute = std::filesystem::absolute(path);
  auto result =
      Execute("screendump",
              JsonValue::MakeObject({{"filename", absolute.string()},
                                     {"format", format == ScreendumpFormat::kPng ? "png" : "ppm"}}),
              deadline);
  if (!result) return std::unexpected(result.error());
  std::error_code error;
  if (std::filesystem::file_size(absolute, error) == 0 || error) {
    return std::unexpected("screendump reported success but wrote no " + absolute.string());
  }
  return {};
}

std::expected<void, std::string> QmpClient::SendKey(const std::vector<std::string>& qcodes,
                                                    Deadline deadline) {
  JsonValue::Array keys;
  for (const std::string& qcode : qcodes) {
    keys.push_back(JsonValue::MakeObject({{"type", "qcode"}, {"data", qcode}}));
  }
  auto result = Execute("send-key", JsonValue::MakeObject({{"keys", std::move(keys)}}), deadline);
  if (!result) return std::unexpected(result.error());
  return {};
}

std::expected<void, std::string> QmpClient::Quit(Deadline deadline) {
  auto result = Execute("quit", JsonValue(), deadline);
  if (!result && result.error() != "QMP connection closed") return std::unexpected(result.error());
  return {};
}

}  // namespace raeen::tools::testrunner
