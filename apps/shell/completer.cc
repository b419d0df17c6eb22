#include "apps/shell/completer.h"

namespace raeen::shell {
namespace {

// Offers "<typed directory part><name>[/]" for each entry that starts with the typed prefix.
class PathCandidates final : public DirectoryVisitor {
 public:
  PathCandidates(rstd::StringView directory_part, rstd::StringView prefix, CompletionSink& sink)
      : directory_part_(directory_part), prefix_(prefix), sink_(sink) {}

  void Entry(const DirectoryEntry& entry) override {
    if (!entry.name.starts_with(prefix_)) return;
    // Hidden names only when asked for.
    if (entry.name.starts_with(".") && !prefix_.starts_with(".")) return;
    char candidate[kMaxPath];
    const size_t size = directory_part_.size() + entry.name.size() + (entry.directory ? 1 : 0);
    if (size > sizeof(candidate)) return;
    size_t at = 0;
    for (char c : directory_part_) candidate[at++] = c;
    for (char c : entry.name) candidate[at++] = c;
    if (entry.directory) candidate[at++] = '/';
    sink_.Add(rstd::StringView(candidate, at));
  }

 private:
  rstd::StringView directory_part_;
  rstd::StringView prefix_;
  CompletionSink& sink_;
};

}  // namespace

void Completer::Complete(rstd::StringView word, bool command, CompletionSink& sink) {
  // A first word with a '/' in it is a path too (./x, /bin/...).
  if (command && word.find('/') == rstd::StringView::kNpos) {
    for (const BuiltinInfo& info : Builtins()) {
      if (rstd::StringView(info.name).starts_with(word)) sink.Add(info.name);
    }
    return;
  }
  size_t slash = word.size();
  while (slash > 0 && word[slash - 1] != '/') --slash;
  const rstd::StringView directory_part = word.substr(0, slash);
  const rstd::StringView prefix = word.substr(slash);
  char buffer[kMaxPath];
  Result<rstd::StringView> directory = ResolvePath(
      state_.cwd(), directory_part.empty() ? "." : directory_part, buffer, sizeof(buffer));
  if (!directory.ok()) return;
  PathCandidates candidates(directory_part, prefix, sink);
  (void)system_.ListDirectory(*directory, candidates);
}

}  // namespace raeen::shell
