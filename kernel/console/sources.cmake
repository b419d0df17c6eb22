# kernel/console: the serial port, the PSF console font and the framebuffer text console.
# Included from kernel/CMakeLists.txt, so relative paths are relative to kernel/.

# The console font comes from Debian (docs: third-party code and data are never copied into
# the repository); ./rae fetches console-setup-linux and passes the path.
set(RAEEN_PSF_FONT "" CACHE FILEPATH
    "console-setup-linux's Uni2-Terminus20x10.psf.gz, the kernel console font (set by ./rae)")
if(NOT RAEEN_PSF_FONT)
  message(FATAL_ERROR
    "RAEEN_PSF_FONT is not set: the kernel console needs console-setup-linux's "
    "Uni2-Terminus20x10.psf.gz. Run ./rae build, which fetches console-setup-linux and "
    "passes -DRAEEN_PSF_FONT=<path>.")
endif()
cmake_path(ABSOLUTE_PATH RAEEN_PSF_FONT BASE_DIRECTORY "${CMAKE_BINARY_DIR}"
           OUTPUT_VARIABLE _raeen_psf_font)
if(NOT EXISTS "${_raeen_psf_font}" OR IS_DIRECTORY "${_raeen_psf_font}")
  message(FATAL_ERROR
    "RAEEN_PSF_FONT=${RAEEN_PSF_FONT} does not name a file. Run ./rae build, which fetches "
    "console-setup-linux (Uni2-Terminus20x10.psf.gz) and passes its path.")
endif()

# The font, uncompressed, in the build directory: embedded by console/font_data.S and read by
# the host tests. Rebuilt whenever the input file changes.
set(KERNEL_CONSOLE_FONT_FILE "${CMAKE_CURRENT_BINARY_DIR}/console/console_font.psf")
if(_raeen_psf_font MATCHES "\\.gz$")
  find_program(RAEEN_GZIP gzip REQUIRED)
  add_custom_command(
    OUTPUT "${KERNEL_CONSOLE_FONT_FILE}"
    COMMAND sh -c "\"$0\" -dc \"$1\" > \"$2.tmp\" && mv \"$2.tmp\" \"$2\""
            "${RAEEN_GZIP}" "${_raeen_psf_font}" "${KERNEL_CONSOLE_FONT_FILE}"
    DEPENDS "${_raeen_psf_font}"
    COMMENT "Decompressing the console font"
    VERBATIM)
else()
  add_custom_command(
    OUTPUT "${KERNEL_CONSOLE_FONT_FILE}"
    COMMAND "${CMAKE_COMMAND}" -E copy "${_raeen_psf_font}" "${KERNEL_CONSOLE_FONT_FILE}"
    DEPENDS "${_raeen_psf_font}"
    COMMENT "Copying the console font"
    VERBATIM)
endif()
# For other directories (tests/host/kernel/console): depend on this target and read the
# RAEEN_FONT_FILE property for the path.
add_custom_target(kernel_console_font DEPENDS "${KERNEL_CONSOLE_FONT_FILE}")
set_target_properties(kernel_console_font PROPERTIES RAEEN_FONT_FILE "${KERNEL_CONSOLE_FONT_FILE}")

# .incbin is not seen by the compiler's dependency scan: OBJECT_DEPENDS reassembles
# font_data.S when the font changes.
set_source_files_properties(console/font_data.S PROPERTIES
  COMPILE_DEFINITIONS "RAEEN_CONSOLE_FONT_FILE=\"${KERNEL_CONSOLE_FONT_FILE}\""
  OBJECT_DEPENDS "${KERNEL_CONSOLE_FONT_FILE}")

set(KERNEL_CONSOLE_HOST_SOURCES
  console/escape_parser.cc
  console/framebuffer_console.cc
  console/psf_font.cc
  console/utf8_decoder.cc)

# Listing the generated font makes the kernel target run the custom command that creates it.
set(KERNEL_CONSOLE_SOURCES
  ${KERNEL_CONSOLE_HOST_SOURCES}
  arch/x86_64/serial.cc
  console/builtin_font.cc
  console/font_data.S
  console/framebuffer_handover.cc
  "${KERNEL_CONSOLE_FONT_FILE}")
