#include "kernel/object/handle_table.h"

#include <gtest/gtest.h>

#include <map>
#include <random>
#include <vector>

namespace raeen::kernel {
namespace {

// A test object that records its destruction.
class TestObject final : public KernelObject {
 public:
  static constexpr Rights kDefault = Rights::kDuplicate | Rights::kTransfer | Rights::kRead |
                                     Rights::kWrite | Rights::kWait;
  TestObject(ObjectType type, int* destroyed)
      : KernelObject(type, kDefault, kDefault | Rights::kGetProperty), destroyed_(destroyed) {}
  ~TestObject() override {
    if (destroyed_ != nullptr) ++*destroyed_;
  }

 private:
  int* destroyed_;
};

RefPtr<KernelObject> MakeObject(int* destroyed = nullptr,
                                ObjectType type = ObjectType::kChannel) {
  return RefPtr<KernelObject>::Adopt(new TestObject(type, destroyed));
}

struct Fixture {
  explicit Fixture(size_t capacity) : slots(capacity), table({slots.data(), slots.size()}) {}
  std::vector<HandleSlot> slots;
  HandleTable table;
};

TEST(HandleEncoding, ValuesAreNeverZeroOrNegative) {
  EXPECT_NE(HandleEncoding::Encode(0, 0), kInvalidHandle);
  const HandleValue largest =
      HandleEncoding::Encode(HandleEncoding::kMaxSlots - 1, HandleEncoding::kGenerationMask);
  EXPECT_EQ(largest >> 31, 0u);
  EXPECT_EQ(HandleEncoding::IndexOf(largest), HandleEncoding::kMaxSlots - 1);
  EXPECT_EQ(HandleEncoding::GenerationOf(largest), HandleEncoding::kGenerationMask);
  EXPECT_EQ(HandleEncoding::IndexOf(0), HandleEncoding::kMaxSlots);
  EXPECT_EQ(HandleEncoding::IndexOf(0x8000'0001u), HandleEncoding::kMaxSlots);
}

TEST(HandleTable, LookupChecksHandleThenTypeThenRights) {
  Fixture f(4);
  HandleValue h = f.table.Add(MakeObject(), Rights::kRead | Rights::kWait).value();
  EXPECT_EQ(f.table.Get(kInvalidHandle, ObjectType::kChannel, Rights()).status(),
            Status::kBadHandle);
  EXPECT_EQ(f.table.Get(h + 1, ObjectType::kChannel, Rights()).status(), Status::kBadHandle);
  EXPECT_EQ(f.table.Get(0xffff'ffffu, ObjectType::kChannel, Rights()).status(), Status::kBadHandle);
  // Wrong type is reported before missing rights.
  EXPECT_EQ(f.table.Get(h, ObjectType::kPort, Rights::kWrite).status(), Status::kWrongType);
  EXPECT_EQ(f.table.Get(h, ObjectType::kChannel, Rights::kWrite).status(), Status::kAccessDenied);
  Result<HandleEntry> entry = f.table.Get(h, ObjectType::kChannel, Rights::kRead);
  ASSERT_TRUE(entry.ok());
  EXPECT_EQ(entry->rights, Rights::kRead | Rights::kWait);
  EXPECT_EQ(entry->object->type(), ObjectType::kChannel);
}

TEST(HandleTable, LookupOfAnyTypeChecksHandleThenRights) {
  Fixture f(4);
  HandleValue h = f.table.Add(MakeObject(), Rights::kRead | Rights::kWait).value();
  EXPECT_EQ(f.table.GetAny(kInvalidHandle, Rights()).status(), Status::kBadHandle);
  EXPECT_EQ(f.table.GetAny(h + 1, Rights::kWait).status(), Status::kBadHandle);
  EXPECT_EQ(f.table.GetAny(h, Rights::kWrite).status(), Status::kAccessDenied);
  ASSERT_TRUE(f.table.Close(h).ok());
  EXPECT_EQ(f.table.GetAny(h, Rights()).status(), Status::kBadHandle);  // stale
}

TEST(HandleTable, RightsTheTypeDoesNotHaveAreRefused) {
  Fixture f(2);
  EXPECT_EQ(f.table.Add(MakeObject(), Rights::kExecute).status(), Status::kInvalidArgument);
  EXPECT_EQ(f.table.Add(RefPtr<KernelObject>(), Rights::kRead).status(), Status::kInvalidArgument);
  EXPECT_EQ(f.table.count(), 0u);
}

TEST(HandleTable, DuplicateOnlyNarrowsRights) {
  Fixture f(4);
  const Rights original = Rights::kDuplicate | Rights::kRead | Rights::kWrite;
  HandleValue h = f.table.Add(MakeObject(), original).value();
  EXPECT_EQ(f.table.Duplicate(h, original | Rights::kTransfer).status(), Status::kAccessDenied);
  Result<HandleValue> narrower = f.table.Duplicate(h, Rights::kRead);
  ASSERT_TRUE(narrower.ok());
  EXPECT_NE(*narrower, h);
  EXPECT_EQ(f.table.Get(*narrower, ObjectType::kChannel, Rights::kWrite).status(),
            Status::kAccessDenied);
  // The narrower handle lost kDuplicate, so it cannot make copies of itself.
  EXPECT_EQ(f.table.Duplicate(*narrower, Rights::kRead).status(), Status::kAccessDenied);
  EXPECT_EQ(f.table.Duplicate(*narrower + 4, Rights()).status(), Status::kBadHandle);
}

TEST(HandleTable, TakeNeedsTransferAndFreesTheSlot) {
  Fixture f(2);
  HandleValue kept = f.table.Add(MakeObject(), Rights::kRead).value();
  EXPECT_EQ(f.table.Take(kept).status(), Status::kAccessDenied);
  HandleValue movable = f.table.Add(MakeObject(), Rights::kTransfer | Rights::kRead).value();
  Result<HandleEntry> taken = f.table.Take(movable);
  ASSERT_TRUE(taken.ok());
  EXPECT_EQ(taken->rights, Rights::kTransfer | Rights::kRead);
  EXPECT_EQ(f.table.count(), 1u);
  EXPECT_EQ(f.table.Get(movable, ObjectType::kChannel, Rights()).status(), Status::kBadHandle);
  // The object survives the move: the entry holds it.
  EXPECT_EQ(taken->object->references(), 1u);
}

TEST(HandleTable, StaleHandleIsRejectedAfterItsSlotIsReused) {
  Fixture f(1);
  int destroyed = 0;
  HandleValue first = f.table.Add(MakeObject(&destroyed), Rights::kRead).value();
  ASSERT_TRUE(f.table.Close(first).ok());
  EXPECT_EQ(destroyed, 1);
  HandleValue second = f.table.Add(MakeObject(), Rights::kRead).value();
  EXPECT_EQ(HandleEncoding::IndexOf(first), HandleEncoding::IndexOf(second));
  EXPECT_NE(first, second);
  EXPECT_EQ(f.table.Get(first, ObjectType::kChannel, Rights()).status(), Status::kBadHandle);
  EXPECT_EQ(f.table.Close(first).status(), Status::kBadHandle);
  EXPECT_TRUE(f.table.Get(second, ObjectType::kChannel, Rights()).ok());
}

TEST(HandleTable, GenerationWrapsOnlyAfterEveryGenerationOfASlot) {
  Fixture f(1);
  const HandleValue first = f.table.Add(MakeObject(), Rights::kRead).value();
  std::vector<HandleValue> seen{first};
  ASSERT_TRUE(f.table.Close(first).ok());
  for (uint32_t i = 1; i <= HandleEncoding::kGenerationMask; ++i) {
    HandleValue h = f.table.Add(MakeObject(), Rights::kRead).value();
    EXPECT_NE(h, first) << "after " << i << " reuses";
    seen.push_back(h);
    ASSERT_TRUE(f.table.Close(h).ok());
  }
  // 8192 generations later the slot's first value comes back.
  EXPECT_EQ(f.table.Add(MakeObject(), Rights::kRead).value(), first);
}

TEST(HandleTable, LeastRecentlyFreedSlotIsReusedFirst) {
  Fixture f(3);
  HandleValue a = f.table.Add(MakeObject(), Rights::kRead).value();
  HandleValue b = f.table.Add(MakeObject(), Rights::kRead).value();
  ASSERT_TRUE(f.table.Close(b).ok());
  ASSERT_TRUE(f.table.Close(a).ok());
  // Slot 2 was never used, then b's, then a's.
  EXPECT_EQ(HandleEncoding::IndexOf(f.table.Add(MakeObject(), Rights::kRead).value()), 2u);
  EXPECT_EQ(HandleEncoding::IndexOf(f.table.Add(MakeObject(), Rights::kRead).value()),
            HandleEncoding::IndexOf(b));
  EXPECT_EQ(HandleEncoding::IndexOf(f.table.Add(MakeObject(), Rights::kRead).value()),
            HandleEncoding::IndexOf(a));
}

TEST(HandleTable, FullTableRefusesWithQuotaExceededAndChangesNothing) {
  Fixture f(2);
  int destroyed = 0;
  ASSERT_TRUE(f.table.Add(MakeObject(), Rights::kRead).ok());
  HandleValue second = f.table.Add(MakeObject(), Rights::kDuplicate | Rights::kRead).value();
  EXPECT_EQ(f.table.Add(MakeObject(&destroyed), Rights::kRead).status(), Status::kQuotaExceeded);
  EXPECT_EQ(destroyed, 1);  // the refused object's reference was dropped, not leaked
  EXPECT_EQ(f.table.Duplicate(second, Rights::kRead).status(), Status::kQuotaExceeded);
  EXPECT_EQ(f.table.count(), 2u);
  ASSERT_TRUE(f.table.Close(second).ok());
  EXPECT_TRUE(f.table.Add(MakeObject(), Rights::kRead).ok());
}

TEST(HandleTable, ObjectLivesUntilItsLastHandleCloses) {
  int destroyed = 0;
  {
    Fixture f(4);
    HandleValue h = f.table.Add(MakeObject(&destroyed), Rights::kDuplicate | Rights::kRead).value();
    HandleValue copy = f.table.Duplicate(h, Rights::kRead).value();
    ASSERT_TRUE(f.table.Close(h).ok());
    EXPECT_EQ(destroyed, 0);
    ASSERT_TRUE(f.table.Close(copy).ok());
    EXPECT_EQ(destroyed, 1);
    f.table.Add(MakeObject(&destroyed), Rights::kRead).value();
  }
  EXPECT_EQ(destroyed, 2);  // the table's destructor closed the rest
}

// Random operations against a simple model: every open handle resolves to its object with
// its rights, every closed or never-issued value is rejected, and references balance.
TEST(HandleTable, RandomOperationsMatchAModel) {
  constexpr size_t kCapacity = 16;
  Fixture f(kCapacity);
  struct Open {
    KernelObject* object;
    Rights rights;
  };
  std::map<HandleValue, Open> model;
  std::vector<HandleValue> closed;
  int destroyed = 0;
  int created = 0;
  std::mt19937 random(12345);
  const Rights all = TestObject::kDefault;
  for (int step = 0; step < 20000; ++step) {
    const int op = static_cast<int>(random() % 4);
    if (op == 0) {
      const Rights rights = Rights::FromBits(random() & all.bits());
      ++created;
      Result<HandleValue> h = f.table.Add(MakeObject(&destroyed), rights);
      if (model.size() == kCapacity) {
        EXPECT_EQ(h.status(), Status::kQuotaExceeded);
        continue;
      }
      ASSERT_TRUE(h.ok());
      ASSERT_EQ(model.count(*h), 0u);
      auto got = f.table.Get(*h, ObjectType::kChannel, Rights());
      model[*h] = {got->object.get(), rights};
    } else if (model.empty()) {
      continue;
    } else {
      auto it = model.begin();
      std::advance(it, random() % model.size());
      const HandleValue h = it->first;
      if (op == 1) {
        ASSERT_TRUE(f.table.Close(h).ok());
        closed.push_back(h);
        model.erase(it);
      } else if (op == 2) {
        const Rights wanted = Rights::FromBits(random() & all.bits());
        Result<HandleValue> copy = f.table.Duplicate(h, wanted);
        if (!it->second.rights.Has(Rights::kDuplicate) || !wanted.IsSubsetOf(it->second.rights)) {
          EXPECT_EQ(copy.status(), Status::kAccessDenied);
        } else if (model.size() == kCapacity) {
          EXPECT_EQ(copy.status(), Status::kQuotaExceeded);
        } else {
          ASSERT_TRUE(copy.ok());
          model[*copy] = {it->second.object, wanted};
        }
      } else {
        auto got = f.table.Get(h, ObjectType::kChannel, Rights());
        ASSERT_TRUE(got.ok());
        EXPECT_EQ(got->object.get(), it->second.object);
        EXPECT_EQ(got->rights, it->second.rights);
      }
    }
    if (!closed.empty()) {
      const HandleValue stale = closed[random() % closed.size()];
      if (model.count(stale) == 0) {
        EXPECT_EQ(f.table.Get(stale, ObjectType::kChannel, Rights()).status(), Status::kBadHandle);
      }
    }
    ASSERT_EQ(f.table.count(), model.size());
  }
  f.table.CloseAll();
  EXPECT_EQ(destroyed, created);
}

}  // namespace
}  // namespace raeen::kernel
