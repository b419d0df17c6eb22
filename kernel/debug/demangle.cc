#include "kernel/debug/demangle.h"

namespace raeen::kernel {
namespace {

constexpr size_t kMaxComponents = 16;

struct Parsed {
  rstd::StringView components[kMaxComponents];
  size_t count = 0;
  bool destructor = false;
  bool constructor = false;
  rstd::StringView parameters;
};

bool ParseSourceName(rstd::StringView text, size_t* pos, rstd::StringView* out) {
  size_t length = 0;
  size_t i = *pos;
  if (i >= text.size() || text[i] < '1' || text[i] > '9') return false;
  while (i < text.size() && text[i] >= '0' && text[i] <= '9') {
    length = length * 10 + static_cast<size_t>(text[i] - '0');
    if (length > text.size()) return false;
    ++i;
  }
  if (length > text.size() - i) return false;
  *out = text.substr(i, length);
  *pos = i + length;
  return true;
}

bool Parse(rstd::StringView text, Parsed* parsed) {
  if (!text.starts_with("_Z")) return false;
  size_t pos = 2;
  auto add = [&](rstd::StringView name) {
    if (parsed->count == kMaxComponents) return false;
    parsed->components[parsed->count++] = name;
    return true;
  };
  if (pos < text.size() && text[pos] == 'N') {
    ++pos;
    // CV and ref qualifiers of member functions.
    while (pos < text.size() && (text[pos] == 'K' || text[pos] == 'V' || text[pos] == 'r' ||
                                 text[pos] == 'R' || text[pos] == 'O')) {
      ++pos;
    }
    while (pos < text.size() && text[pos] != 'E') {
      char c = text[pos];
      if (c == 'C' && pos + 1 < text.size() && text[pos + 1] >= '1' && text[pos + 1] <= '3') {
        parsed->constructor = true;
        pos += 2;
      } else if (c == 'D' && pos + 1 < text.size() && text[pos + 1] >= '0' &&
                 text[pos + 1] <= '2') {
        parsed->destructor = true;
        pos += 2;
      } else if (c == 'L') {
        ++pos;  // internal linkage marker
      } else {
        rstd::StringView name;
        if (!ParseSourceName(text, &pos, &name) || !add(name)) return false;
      }
    }
    if (pos >= text.size()) return false;
    ++pos;  // 'E'
  } else {
    if (pos < text.size() && text[pos] == 'L') ++pos;
    rstd::StringView name;
    if (!ParseSourceName(text, &pos, &name) || !add(name)) return false;
    if (pos < text.size() && text[pos] == 'I') return false;  // template arguments: unsupported
  }
  if (parsed->count == 0) return false;
  parsed->parameters = text.substr(pos);
  return true;
}

}  // namespace

void WriteDemangled(rstd::Writer& out, rstd::StringView mangled) {
  Parsed parsed;
  if (!Parse(mangled, &parsed)) {
    out.Write(mangled);
    return;
  }
  for (size_t i = 0; i < parsed.count; ++i) {
    if (i > 0) out.Write("::");
    rstd::StringView name = parsed.components[i];
    out.Write(name.starts_with("_GLOBAL__N") ? rstd::StringView("(anonymous namespace)") : name);
  }
  rstd::StringView last = parsed.components[parsed.count - 1];
  if (parsed.constructor) {
    out.Write("::");
    out.Write(last);
  } else if (parsed.destructor) {
    out.Write("::~");
    out.Write(last);
  }
  out.Write(parsed.parameters == "v" || parsed.parameters.empty() ? "()" : "(...)");
}

}  // namespace raeen::kernel
