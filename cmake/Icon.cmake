# The application icon, generated at build time from assets/wudoctor.svg (+ wudoctor-small.svg for 16-24 px)
# into the build tree: no generated binary in git.
#
# Defines:
#   WUD_ICON_FILE  the .ico path to reference from the .rc ("" when the tools are missing: the exe then simply
#                  has no icon, and the configure log says why)
#   wud_icon       a target that produces it; resources that include the icon must depend on it
#
# Use (app/CMakeLists.txt), inside wud_add_front_door():
#   if(WUD_ICON_FILE)
#       set(WUD_ICON_LINE "1 ICON \"${WUD_ICON_FILE}\"")
#       set_source_files_properties("${CMAKE_CURRENT_BINARY_DIR}/${target}.rc" PROPERTIES OBJECT_DEPENDS "${WUD_ICON_FILE}")
#       add_dependencies(${target} wud_icon)
#   endif()

find_program(WUD_RSVG_CONVERT rsvg-convert)
find_program(WUD_BASH bash)

set(_wud_icon_sources
    "${PROJECT_SOURCE_DIR}/assets/wudoctor.svg"
    "${PROJECT_SOURCE_DIR}/assets/wudoctor-small.svg"
    "${PROJECT_SOURCE_DIR}/assets/make-icon.sh")

if(WUD_RSVG_CONVERT AND WUD_BASH)
    set(WUD_ICON_FILE "${CMAKE_BINARY_DIR}/assets/wudoctor.ico")
    add_custom_command(
        OUTPUT "${WUD_ICON_FILE}"
        COMMAND "${WUD_BASH}" "${PROJECT_SOURCE_DIR}/assets/make-icon.sh" "${WUD_ICON_FILE}" "${PROJECT_SOURCE_DIR}/assets"
        DEPENDS ${_wud_icon_sources}
        COMMENT "Rendering the application icon (assets/wudoctor.svg -> wudoctor.ico)"
        VERBATIM)
    add_custom_target(wud_icon DEPENDS "${WUD_ICON_FILE}")
else()
    set(WUD_ICON_FILE "")
    add_custom_target(wud_icon)
    message(STATUS "WU Doctor icon: rsvg-convert (librsvg2-bin) not found; "
                   "building without an icon (scripts/lib.sh installs it)")
endif()
