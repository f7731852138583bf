# The console's Windows installer (CPack NSIS), included by installer/cpack.cmake
# on a Windows build. It cannot be built on Debian (no Windows Qt there); see
# docs/installer.md "Windows console installer" for the recipe.
#
# On the Windows build host, after building the console:
#   windeployqt --release --no-translations <build>\console\exlb-console.exe
#     (copies Qt's DLLs and plugins beside it; install them with the
#      EXLB_WINDOWS_RUNTIME_DIR option below)
#   cpack -G NSIS -C Release            -> exlb-console-<version>-win64.exe

set(EXLB_WINDOWS_RUNTIME_DIR "" CACHE PATH
  "Folder holding the console's runtime DLLs and Qt plugins (windeployqt's output)")

if(TARGET exlb-console)
  install(TARGETS exlb-console RUNTIME DESTINATION bin COMPONENT console)
  if(EXLB_WINDOWS_RUNTIME_DIR)
    install(DIRECTORY "${EXLB_WINDOWS_RUNTIME_DIR}/" DESTINATION bin COMPONENT console)
  endif()
  # The Visual C++ runtime, from the compiler's redistributable folder.
  set(CMAKE_INSTALL_SYSTEM_RUNTIME_DESTINATION bin)
  set(CMAKE_INSTALL_SYSTEM_RUNTIME_COMPONENT console)
  include(InstallRequiredSystemLibraries)
endif()

set(CPACK_GENERATOR "NSIS")
set(CPACK_COMPONENTS_ALL console)
set(CPACK_COMPONENT_CONSOLE_DISPLAY_NAME "exlb Console")
set(CPACK_COMPONENT_CONSOLE_REQUIRED ON)
set(CPACK_PACKAGE_FILE_NAME "exlb-console-${PROJECT_VERSION}-win64")
set(CPACK_PACKAGE_INSTALL_DIRECTORY "exlb Console")
set(CPACK_PACKAGE_EXECUTABLES "exlb-console" "exlb Console")
set(CPACK_CREATE_DESKTOP_LINKS "exlb-console")
set(CPACK_NSIS_DISPLAY_NAME "exlb Console ${PROJECT_VERSION}")
set(CPACK_NSIS_PACKAGE_NAME "exlb Console")
set(CPACK_NSIS_INSTALLED_ICON_NAME "bin\\\\exlb-console.exe")
set(CPACK_NSIS_MUI_ICON "${PROJECT_SOURCE_DIR}/installer/windows/exlb-console.ico")
set(CPACK_NSIS_MUI_UNIICON "${PROJECT_SOURCE_DIR}/installer/windows/exlb-console.ico")
if(NOT EXISTS "${CPACK_NSIS_MUI_ICON}")
  # The .ico is produced from installer/console/exlb-console.svg (see docs).
  unset(CPACK_NSIS_MUI_ICON)
  unset(CPACK_NSIS_MUI_UNIICON)
endif()
set(CPACK_NSIS_ENABLE_UNINSTALL_BEFORE_INSTALL ON)
set(CPACK_NSIS_MODIFY_PATH OFF)
set(CPACK_NSIS_URL_INFO_ABOUT "https://exlb.invalid/")
# Per-machine install under "Program Files" (64-bit), upgradable in place.
set(CPACK_NSIS_INSTALL_ROOT "$PROGRAMFILES64")
set(CPACK_NSIS_EXECUTABLES_DIRECTORY "bin")
