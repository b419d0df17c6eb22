#!/usr/bin/env bash
# Proves that tools/build/check-no-fpu fails on x87 and SSE code and passes clean code, so a
# kernel that slips FPU instructions in cannot link.
#   check_no_fpu_test.sh CHECKER OBJDUMP CLANG WORKDIR
set -euo pipefail
checker=$1 objdump=$2 clang=$3 work=$4
mkdir -p "$work"
flags=(--target=x86_64-linux-gnu -ffreestanding -O2 -c)

cat >"$work/integer.c" <<'C'
unsigned long add(unsigned long a, unsigned long b) { return a * 3 + b; }
C
cat >"$work/x87.c" <<'C'
long double scale(long double x) { return x * 1.5L; }
C
cat >"$work/sse.c" <<'C'
double half(double x) { return x / 2.0; }
C

"$clang" "${flags[@]}" -mno-sse -mno-mmx "$work/integer.c" -o "$work/integer.o"
"$clang" "${flags[@]}" -mno-sse -mno-mmx "$work/x87.c" -o "$work/x87.o"
"$clang" "${flags[@]}" "$work/sse.c" -o "$work/sse.o"

failures=0
if ! "$checker" "$objdump" "$work/integer.o"; then
  echo "FAIL: integer-only code was rejected"; failures=$((failures + 1))
fi
for bad in x87 sse; do
  if "$checker" "$objdump" "$work/$bad.o" 2>"$work/$bad.err"; then
    echo "FAIL: $bad code was accepted"; failures=$((failures + 1))
  elif ! grep -q "contains x87/MMX/SSE/AVX" "$work/$bad.err"; then
    echo "FAIL: $bad code was rejected without the explanation"; failures=$((failures + 1))
  fi
done
[[ $failures -eq 0 ]] && echo "check-no-fpu: accepts integer code, rejects x87 and SSE"
exit $failures
