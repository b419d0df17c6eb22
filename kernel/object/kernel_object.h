#pragma once
// KernelObject: the one base of every object a handle can name (ARCHITECTURE.md §4). It
// carries the object's type and an intrusive reference count; handles, and kernel code that
// keeps an object beyond one call, hold references through RefPtr. The object is destroyed
// (virtual destructor, kernel heap) when the last reference goes.
//
// Reference counting uses atomics, so references may be taken and dropped on any CPU; the
// object's own state is guarded by the object (its own lock), not by the count.

#include <stdint.h>

#include "kernel/object/rights.h"

namespace raeen::kernel {

enum class ObjectType : uint8_t {
  kProcess = 1,
  kThread,
  kAddressSpace,
  kMemoryObject,
  kChannel,
  kPort,
  kInterrupt,
  kTimer,
  kResource,
};

class KernelObject {
 public:
  KernelObject(const KernelObject&) = delete;
  KernelObject& operator=(const KernelObject&) = delete;

  ObjectType type() const { return type_; }
  // Rights a new handle to an object of this type gets, and every right that means
  // something for it (a handle never has others).
  Rights default_rights() const { return default_rights_; }
  Rights valid_rights() const { return valid_rights_; }

  void Retain() { __atomic_fetch_add(&references_, 1, __ATOMIC_RELAXED); }
  // Drops one reference; destroys the object when it was the last.
  void Release() {
    if (__atomic_fetch_sub(&references_, 1, __ATOMIC_ACQ_REL) == 1) delete this;
  }
  uint32_t references() const { return __atomic_load_n(&references_, __ATOMIC_RELAXED); }

 protected:
  KernelObject(ObjectType type, Rights default_rights, Rights valid_rights)
      : type_(type), default_rights_(default_rights), valid_rights_(valid_rights) {}
  virtual ~KernelObject() = default;

 private:
  uint32_t references_ = 1;  // the creator's
  ObjectType type_;
  Rights default_rights_;
  Rights valid_rights_;
};

// An owning pointer to a KernelObject (or a type derived from it): copying retains, destroying
// releases. Adopt() takes over the reference a new object starts with.
template <typename T>
class RefPtr {
 public:
  constexpr RefPtr() = default;
  static RefPtr Adopt(T* object) { return RefPtr(object); }
  // A new reference to an object someone else already holds one to.
  static RefPtr Share(T* object) {
    if (object != nullptr) object->Retain();
    return RefPtr(object);
  }

  RefPtr(const RefPtr& other) : object_(other.object_) {
    if (object_ != nullptr) object_->Retain();
  }
  RefPtr(RefPtr&& other) : object_(other.object_) { other.object_ = nullptr; }
  // From a pointer to a derived type (a Channel to a KernelObject).
  template <typename U>
  RefPtr(RefPtr<U>&& other) : object_(other.Leak()) {}  // NOLINT: converts like a pointer
  template <typename U>
  RefPtr(const RefPtr<U>& other) : object_(other.get()) {  // NOLINT
    if (object_ != nullptr) object_->Retain();
  }
  RefPtr& operator=(RefPtr other) {
    T* old = object_;
    object_ = other.object_;
    other.object_ = old;
    return *this;
  }
  ~RefPtr() {
    if (object_ != nullptr) object_->Release();
  }

  T* get() const { return object_; }
  T* operator->() const { return object_; }
  T& operator*() const { return *object_; }
  explicit operator bool() const { return object_ != nullptr; }
  // Gives up the reference without releasing it.
  T* Leak() {
    T* object = object_;
    object_ = nullptr;
    return object;
  }

 private:
  explicit RefPtr(T* object) : object_(object) {}
  T* object_ = nullptr;
};

}  // namespace raeen::kernel
