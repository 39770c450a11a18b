# Test helpers shared by tests/ and bench/.
#
# Host build: tests run natively (label "host").
# Windows build: tests run under Wine through CMAKE_CROSSCOMPILING_EMULATOR (label "wine"), in the test
# prefix that the "wine_prefix" fixture creates once per build tree (tests/wine/prefix.sh).

set(WUD_WINEPREFIX "${CMAKE_BINARY_DIR}/wineprefix" CACHE PATH "Wine prefix the Windows tests run in")
# LANG: Wine names files in the locale's encoding; without UTF-8 it cannot create non-ASCII file names, whatever
# the caller's environment (a minimal Debian has no LANG at all). C.UTF-8 is built into Debian's libc.
set(WUD_TEST_ENV "WINEPREFIX=${WUD_WINEPREFIX}" "WINEDEBUG=-all" "WINEDLLOVERRIDES=mscoree,mshtml=" "LANG=C.UTF-8"
    "LC_ALL=C.UTF-8")

# wud_require_program(<var> <program> <debian-package>): finds a tool the tests need, or stops the configure
# with the package to install. Tests are never quietly left out because a tool is missing.
function(wud_require_program var program package)
    find_program(${var} ${program})
    if(NOT ${var})
        message(FATAL_ERROR "The tests need '${program}' (Debian package '${package}'): apt-get install ${package}, "
                            "or run scripts/test.sh, which installs everything the tests use.")
    endif()
endfunction()

# wud_add_unit_tests(<name> SOURCES <files...>): a Catch2 executable linked with wud::core and its fake SCM
# (wud::core_testing), for both builds.
function(wud_add_unit_tests name)
    cmake_parse_arguments(ARG "" "" "SOURCES;LIBRARIES" ${ARGN})
    add_executable(${name} ${ARG_SOURCES})
    target_link_libraries(${name} PRIVATE wud::core wud::core_testing Catch2::Catch2 ${ARG_LIBRARIES})
    add_test(NAME ${name} COMMAND ${name})
    if(WIN32)
        set_tests_properties(${name} PROPERTIES LABELS wine FIXTURES_REQUIRED wine_prefix ENVIRONMENT "${WUD_TEST_ENV}")
    else()
        set_tests_properties(${name} PROPERTIES LABELS host)
    endif()
endfunction()

# wud_add_wine_test(<name> SOURCES <files...> [LIBRARIES <libs...>] [LABELS <extra...>]):
# a Catch2 executable that talks to Wine's real Service Control Manager. Windows build only. Tests that
# touch services share one lock, so they never race each other on the same service.
function(wud_add_wine_test name)
    cmake_parse_arguments(ARG "" "TIMEOUT" "SOURCES;LIBRARIES;LABELS" ${ARGN})
    add_executable(${name} ${ARG_SOURCES})
    target_link_libraries(${name} PRIVATE wud::core Catch2::Catch2 ${ARG_LIBRARIES})
    add_dependencies(${name} wud_fixture_service)
    add_test(NAME ${name} COMMAND ${name})
    if(NOT ARG_TIMEOUT)
        set(ARG_TIMEOUT 300)
    endif()
    set_tests_properties(${name} PROPERTIES
        LABELS "wine;${ARG_LABELS}"
        FIXTURES_REQUIRED wine_prefix
        RESOURCE_LOCK wine_scm
        TIMEOUT ${ARG_TIMEOUT}
        ENVIRONMENT "${WUD_TEST_ENV};WUD_TEST_TMP=${CMAKE_BINARY_DIR}/test-tmp")
endfunction()
