#pragma once
// Result<T>: a value or a Status, never both. Modelled on SerenityOS's ErrorOr and
// std::expected, without exceptions and without libstdc++ (see utility.h).
//
//   Result<Page*> AllocatePage();
//   RAEEN_TRY(Page* page, AllocatePage());    // propagate an error to our caller
//   Result<void> Map(...);                      // success carries no value

#include "libs/rstd/placement_new.h"
#include "libs/rstd/status.h"
#include "libs/rstd/utility.h"

namespace raeen {

// Wraps a failing status so that `return Error(Status::kNoMemory);` reads well and cannot be
// mistaken for a value of type T.
struct Error {
  constexpr explicit Error(Status s) : status(s) {}
  Status status;
};

template <typename T>
class [[nodiscard]] Result {
 public:
  Result(const T& value) : has_value_(true) { new (&storage_) T(value); }
  Result(T&& value) : has_value_(true) { new (&storage_) T(rstd::Move(value)); }
  Result(Error error) : status_(error.status), has_value_(false) {}

  Result(const Result& other) : status_(other.status_), has_value_(other.has_value_) {
    if (has_value_) new (&storage_) T(other.value());
  }
  Result(Result&& other) : status_(other.status_), has_value_(other.has_value_) {
    if (has_value_) new (&storage_) T(rstd::Move(other.value()));
  }
  Result& operator=(const Result&) = delete;
  Result& operator=(Result&&) = delete;
  ~Result() {
    if (has_value_) value().~T();
  }

  bool ok() const { return has_value_; }
  explicit operator bool() const { return has_value_; }
  Status status() const { return has_value_ ? Status::kOk : status_; }

  // Calling value() on an error is a programming error: callers check ok() or use RAEEN_TRY.
  T& value() & { return *reinterpret_cast<T*>(&storage_); }
  const T& value() const& { return *reinterpret_cast<const T*>(&storage_); }
  T&& value() && { return rstd::Move(*reinterpret_cast<T*>(&storage_)); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() { return value(); }
  const T& operator*() const { return value(); }

  T value_or(T fallback) const { return has_value_ ? value() : fallback; }

 private:
  alignas(T) unsigned char storage_[sizeof(T)];
  Status status_ = Status::kOk;
  bool has_value_;
};

template <>
class [[nodiscard]] Result<void> {
 public:
  Result() = default;
  Result(Error error) : status_(error.status) {}

  bool ok() const { return status_ == Status::kOk; }
  explicit operator bool() const { return ok(); }
  Status status() const { return status_; }
  void value() const {}

 private:
  Status status_ = Status::kOk;
};

// Status -> Result<void>, for code that computes a status.
inline Result<void> FromStatus(Status status) {
  if (status == Status::kOk) return {};
  return Error(status);
}

}  // namespace raeen

#define RAEEN_CONCAT_INNER(a, b) a##b
#define RAEEN_CONCAT(a, b) RAEEN_CONCAT_INNER(a, b)

// RAEEN_TRY(expr): evaluate a Result<void>; on error return its status from this function.
// RAEEN_TRY(decl, expr): evaluate a Result<T>; on error return, else move the value into decl.
#define RAEEN_TRY_1(expr)                                                  \
  do {                                                                     \
    auto&& raeen_try_result_ = (expr);                                     \
    if (!raeen_try_result_.ok()) return ::raeen::Error(raeen_try_result_.status()); \
  } while (0)

#define RAEEN_TRY_2_IMPL(decl, expr, tmp)                   \
  auto&& tmp = (expr);                                      \
  if (!tmp.ok()) return ::raeen::Error(tmp.status());       \
  decl = ::raeen::rstd::Move(tmp).value()

#define RAEEN_TRY_2(decl, expr) RAEEN_TRY_2_IMPL(decl, expr, RAEEN_CONCAT(raeen_try_, __LINE__))

#define RAEEN_TRY_PICK(_1, _2, name, ...) name
#define RAEEN_TRY(...) RAEEN_TRY_PICK(__VA_ARGS__, RAEEN_TRY_2, RAEEN_TRY_1, unused)(__VA_ARGS__)
