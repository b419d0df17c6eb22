// The console font, embedded in the kernel image: the uncompressed PSF2 file that
// console/sources.cmake produces from console-setup-linux's Uni2-Terminus20x10.psf.gz and
// passes in as RAEEN_CONSOLE_FONT_FILE. Parsed at run time by PsfFont::Parse
// (kernel/console/builtin_font.cc), which checks it like any other input.
    .section .rodata.raeen_console_font, "a"
    .balign 16
    .global raeen_console_font_start
    .hidden raeen_console_font_start
    .type raeen_console_font_start, @object
raeen_console_font_start:
    .incbin RAEEN_CONSOLE_FONT_FILE
    .global raeen_console_font_end
    .hidden raeen_console_font_end
raeen_console_font_end:
    .size raeen_console_font_start, raeen_console_font_end - raeen_console_font_start
