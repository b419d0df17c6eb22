#pragma once
// A non-owning view of a contiguous array.

#include <stddef.h>

namespace raeen::rstd {

template <typename T>
class Span {
 public:
  constexpr Span() = default;
  constexpr Span(T* data, size_t size) : data_(data), size_(size) {}
  template <size_t N>
  constexpr Span(T (&array)[N]) : data_(array), size_(N) {}
  // A Span<T> converts to a Span<const T>.
  template <typename U>
    requires(__is_same(const U, T) && !__is_same(U, T))
  constexpr Span(Span<U> other) : data_(other.data()), size_(other.size()) {}

  constexpr T* data() const { return data_; }
  constexpr size_t size() const { return size_; }
  constexpr size_t size_bytes() const { return size_ * sizeof(T); }
  constexpr bool empty() const { return size_ == 0; }
  constexpr T& operator[](size_t i) const { return data_[i]; }
  constexpr T* begin() const { return data_; }
  constexpr T* end() const { return data_ + size_; }

  constexpr Span subspan(size_t offset, size_t count) const {
    if (offset > size_) offset = size_;
    if (count > size_ - offset) count = size_ - offset;
    return Span(data_ + offset, count);
  }
  constexpr Span subspan(size_t offset) const { return subspan(offset, size_); }

 private:
  T* data_ = nullptr;
  size_t size_ = 0;
};

using Bytes = Span<const unsigned char>;

}  // namespace raeen::rstd
