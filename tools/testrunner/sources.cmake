# The runner's pure logic: no processes, sockets or clocks. The host tests
# (tests/host/tools/testrunner) compile these same files with the sanitizers.
set(TESTRUNNER_LOGIC_SOURCES
  ${CMAKE_CURRENT_LIST_DIR}/ansi_stripper.cc
  ${CMAKE_CURRENT_LIST_DIR}/bench_report.cc
  ${CMAKE_CURRENT_LIST_DIR}/cli_options.cc
  ${CMAKE_CURRENT_LIST_DIR}/elf_link_base.cc
  ${CMAKE_CURRENT_LIST_DIR}/gray_image.cc
  ${CMAKE_CURRENT_LIST_DIR}/guest_markers.cc
  ${CMAKE_CURRENT_LIST_DIR}/json_value.cc
  ${CMAKE_CURRENT_LIST_DIR}/qemu_command.cc
  ${CMAKE_CURRENT_LIST_DIR}/raeen_cfg.cc
  ${CMAKE_CURRENT_LIST_DIR}/serial_decoder.cc
  ${CMAKE_CURRENT_LIST_DIR}/statistics.cc
  ${CMAKE_CURRENT_LIST_DIR}/tap_parser.cc
  ${CMAKE_CURRENT_LIST_DIR}/text.cc)

# Everything that talks to the host: processes, QEMU, QMP, files, terminals.
set(TESTRUNNER_SYSTEM_SOURCES
  ${CMAKE_CURRENT_LIST_DIR}/accel_probe.cc
  ${CMAKE_CURRENT_LIST_DIR}/bench_command.cc
  ${CMAKE_CURRENT_LIST_DIR}/boot_image.cc
  ${CMAKE_CURRENT_LIST_DIR}/boot_kaslr_scenario.cc
  ${CMAKE_CURRENT_LIST_DIR}/boot_cpus_scenario.cc
  ${CMAKE_CURRENT_LIST_DIR}/boot_uefi_scenario.cc
  ${CMAKE_CURRENT_LIST_DIR}/time_tsc_scenario.cc
  ${CMAKE_CURRENT_LIST_DIR}/mm_protection_scenarios.cc
  ${CMAKE_CURRENT_LIST_DIR}/panic_report.cc
  ${CMAKE_CURRENT_LIST_DIR}/build_paths.cc
  ${CMAKE_CURRENT_LIST_DIR}/captured_command.cc
  ${CMAKE_CURRENT_LIST_DIR}/console_framebuffer_scenario.cc
  ${CMAKE_CURRENT_LIST_DIR}/failure_report.cc
  ${CMAKE_CURRENT_LIST_DIR}/cpu_panic_scenario.cc
  ${CMAKE_CURRENT_LIST_DIR}/ktest_all_scenario.cc
  ${CMAKE_CURRENT_LIST_DIR}/ocr.cc
  ${CMAKE_CURRENT_LIST_DIR}/output_dir.cc
  ${CMAKE_CURRENT_LIST_DIR}/process.cc
  ${CMAKE_CURRENT_LIST_DIR}/qemu_session.cc
  ${CMAKE_CURRENT_LIST_DIR}/qmp_client.cc
  ${CMAKE_CURRENT_LIST_DIR}/run_command.cc
  ${CMAKE_CURRENT_LIST_DIR}/scenario.cc
  ${CMAKE_CURRENT_LIST_DIR}/scenario_command.cc
  ${CMAKE_CURRENT_LIST_DIR}/scenario_registry.cc
  ${CMAKE_CURRENT_LIST_DIR}/serial_log.cc
  ${CMAKE_CURRENT_LIST_DIR}/stop_signal.cc
  ${CMAKE_CURRENT_LIST_DIR}/terminal_raw_mode.cc)
