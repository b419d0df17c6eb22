# kernel/acpi: discovery and parsing of the static ACPI tables (RSDP, XSDT/RSDT, MADT, HPET,
# MCFG, FADT, the DSDT's \_S5 constant). Included from kernel/CMakeLists.txt, so relative
# paths are relative to kernel/. Everything but the direct-map accessor is hardware-independent
# and host-tested (tests/host/kernel/acpi); tests/acpi_tests.cc checks the live tables in QEMU.
set(KERNEL_ACPI_HOST_SOURCES
  acpi/acpi_tables.cc
  acpi/fadt.cc
  acpi/generic_address.cc
  acpi/hpet_table.cc
  acpi/madt.cc
  acpi/mcfg.cc
  acpi/platform_report.cc
  acpi/platform_tables.cc
  acpi/sleep_type.cc
  acpi/table_header.cc)

set(KERNEL_ACPI_SOURCES
  ${KERNEL_ACPI_HOST_SOURCES}
  acpi/direct_map_memory.cc
  tests/acpi_tests.cc)
