#pragma once
// Vector<T>: the growable array vfsd needs, without libstdc++. Every operation that can
// allocate returns false when memory runs out and then leaves the vector unchanged, so that
// callers can allocate first and commit afterwards (out of memory is a Status, never a crash).
// Memory comes from the nothrow operator new: on the host the C++ library's, in user programs
// libs/rae/heap.cc's.
//
// Elements are moved with their move constructor when the storage grows; T's move constructor
// and destructor must not fail.

#include <stddef.h>
#include <stdint.h>

#include "libs/rae/heap.h"
#include "libs/rstd/placement_new.h"
#include "libs/rstd/utility.h"

namespace raeen::vfsd {

// Raw storage for `size` bytes, or null.
inline void* TryAllocate(size_t size) {
  return ::operator new (size, std::nothrow_t{});
}
inline void Deallocate(void* block) {
  ::operator delete(block);
}

template <typename T>
class Vector {
 public:
  Vector() = default;
  Vector(const Vector&) = delete;
  Vector& operator=(const Vector&) = delete;
  Vector(Vector&& other) noexcept
      : data_(other.data_), size_(other.size_), capacity_(other.capacity_) {
    other.data_ = nullptr;
    other.size_ = 0;
    other.capacity_ = 0;
  }
  Vector& operator=(Vector&& other) noexcept {
    if (this != &other) {
      Reset();
      rstd::Swap(data_, other.data_);
      rstd::Swap(size_, other.size_);
      rstd::Swap(capacity_, other.capacity_);
    }
    return *this;
  }
  ~Vector() { Reset(); }

  size_t size() const { return size_; }
  size_t capacity() const { return capacity_; }
  bool empty() const { return size_ == 0; }
  T* data() { return data_; }
  const T* data() const { return data_; }
  T& operator[](size_t i) { return data_[i]; }
  const T& operator[](size_t i) const { return data_[i]; }
  T* begin() { return data_; }
  T* end() { return data_ + size_; }
  const T* begin() const { return data_; }
  const T* end() const { return data_ + size_; }
  T& back() { return data_[size_ - 1]; }

  // Room for at least `capacity` elements; false (nothing changed) when memory runs out.
  [[nodiscard]] bool TryReserve(size_t capacity) {
    if (capacity <= capacity_) return true;
    if (capacity > kMaxElements) return false;
    T* fresh = static_cast<T*>(TryAllocate(capacity * sizeof(T)));
    if (fresh == nullptr) return false;
    for (size_t i = 0; i < size_; ++i) {
      new (&fresh[i]) T(rstd::Move(data_[i]));
      data_[i].~T();
    }
    Deallocate(data_);
    data_ = fresh;
    capacity_ = capacity;
    return true;
  }

  // Room for `extra` more elements, growing geometrically.
  [[nodiscard]] bool TryGrowFor(size_t extra) {
    if (extra > kMaxElements - size_) return false;
    size_t needed = size_ + extra;
    if (needed <= capacity_) return true;
    size_t doubled = capacity_ > kMaxElements / 2 ? kMaxElements : capacity_ * 2;
    return TryReserve(rstd::Max(needed, rstd::Max(doubled, static_cast<size_t>(4))));
  }

  [[nodiscard]] bool TryAppend(T value) { return TryInsert(size_, rstd::Move(value)); }

  // Inserts before index `at` (at <= size()).
  [[nodiscard]] bool TryInsert(size_t at, T value) {
    if (!TryGrowFor(1)) return false;
    InsertReserved(at, rstd::Move(value));
    return true;
  }

  // As TryInsert, when TryGrowFor(1) has already succeeded: cannot fail.
  void InsertReserved(size_t at, T value) {
    if (at == size_) {
      new (&data_[size_]) T(rstd::Move(value));
    } else {
      new (&data_[size_]) T(rstd::Move(data_[size_ - 1]));
      for (size_t i = size_ - 1; i > at; --i) data_[i] = rstd::Move(data_[i - 1]);
      data_[at] = rstd::Move(value);
    }
    ++size_;
  }

  void Erase(size_t at) {
    for (size_t i = at; i + 1 < size_; ++i) data_[i] = rstd::Move(data_[i + 1]);
    --size_;
    data_[size_].~T();
  }

  // Shrinks to `size` elements (size <= size()).
  void Truncate(size_t size) {
    while (size_ > size) {
      --size_;
      data_[size_].~T();
    }
  }

  // Grows to `size` value-initialized elements or shrinks to `size`. Grows to exactly `size`
  // when more storage is needed (callers that grow often call TryGrowFor first).
  [[nodiscard]] bool TryResize(size_t size) {
    if (size <= size_) {
      Truncate(size);
      return true;
    }
    if (!TryReserve(size)) return false;
    while (size_ < size) new (&data_[size_++]) T();
    return true;
  }

  // Frees the storage.
  void Reset() {
    Truncate(0);
    Deallocate(data_);
    data_ = nullptr;
    capacity_ = 0;
  }

 private:
  static constexpr size_t kMaxElements = static_cast<size_t>(-1) / 2 / sizeof(T);

  T* data_ = nullptr;
  size_t size_ = 0;
  size_t capacity_ = 0;
};

}  // namespace raeen::vfsd
