# Packaging, included last from the top-level CMakeLists.txt.
#
# Linux: three Debian packages (cpack -G DEB from the build folder):
#   exlb-agent      the agent, its unit, its default options, the factory
#                   configuration; depends on haproxy, keepalived and nftables
#   exlb-appliance  makes a Debian machine the appliance: the first-boot
#                   prompt (guide 4.1), systemd-networkd, and the root-side
#                   step that applies the agent's network settings; used by
#                   the image
#   exlb-console    the Qt console, its desktop entry and icon (when built)
# Windows: the console's NSIS installer (installer/windows/nsis.cmake).
#
# Components rather than the default "Unspecified" install set: the packages
# take exactly what is listed here, whatever else `cmake --install` installs.

set(CPACK_PACKAGE_NAME "exlb")
set(CPACK_PACKAGE_VENDOR "exlb")
set(CPACK_PACKAGE_CONTACT "exlb maintainers <maintainers@exlb.invalid>")
set(CPACK_PACKAGE_VERSION "${PROJECT_VERSION}")
set(CPACK_RESOURCE_FILE_LICENSE "${PROJECT_SOURCE_DIR}/LICENSE")
set(CPACK_PACKAGE_DIRECTORY "${PROJECT_BINARY_DIR}/packages")
set(CPACK_COMPONENTS_GROUPING IGNORE)  # one package per component

set(exlb_installer_dir "${PROJECT_SOURCE_DIR}/installer")
set(exlb_installer_bin "${PROJECT_BINARY_DIR}/installer")

if(WIN32)
  include("${exlb_installer_dir}/windows/nsis.cmake")
else()
  # --- exlb-agent ----------------------------------------------------------
  install(TARGETS exlb-agent RUNTIME DESTINATION ${CMAKE_INSTALL_SBINDIR} COMPONENT agent)
  install(FILES "${exlb_installer_bin}/exlb-agent.service"
          DESTINATION lib/systemd/system COMPONENT agent)
  install(FILES "${exlb_installer_dir}/systemd/exlb-agent.default"
          DESTINATION /etc/default RENAME exlb-agent COMPONENT agent)
  install(FILES "${exlb_installer_dir}/systemd/60-exlb.conf"
          DESTINATION lib/sysctl.d COMPONENT agent)
  install(FILES "${exlb_installer_bin}/factory-config.json"
          DESTINATION ${CMAKE_INSTALL_DATADIR}/exlb COMPONENT agent)
  install(FILES "${PROJECT_SOURCE_DIR}/docs/installer.md"
          DESTINATION ${CMAKE_INSTALL_DATAROOTDIR}/doc/exlb-agent COMPONENT agent)
  install(FILES "${PROJECT_SOURCE_DIR}/LICENSE"
          DESTINATION ${CMAKE_INSTALL_DATAROOTDIR}/doc/exlb-agent RENAME copyright COMPONENT agent)

  # --- exlb-appliance ------------------------------------------------------
  install(TARGETS exlb-firstboot exlb-network-apply
          RUNTIME DESTINATION ${CMAKE_INSTALL_SBINDIR} COMPONENT appliance)
  install(PROGRAMS "${exlb_installer_dir}/firstboot/exlb-dhcp-probe"
                   "${exlb_installer_dir}/firstboot/udhcpc-report"
          DESTINATION lib/exlb COMPONENT appliance)
  install(FILES "${exlb_installer_bin}/exlb-firstboot.service"
                "${exlb_installer_bin}/exlb-network-apply.service"
                "${exlb_installer_dir}/systemd/exlb-network-apply.path"
          DESTINATION lib/systemd/system COMPONENT appliance)
  install(FILES "${PROJECT_SOURCE_DIR}/LICENSE"
          DESTINATION ${CMAKE_INSTALL_DATAROOTDIR}/doc/exlb-appliance RENAME copyright
          COMPONENT appliance)

  set(exlb_components agent appliance)

  # --- exlb-console --------------------------------------------------------
  if(TARGET exlb-console)
    install(TARGETS exlb-console RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR} COMPONENT console)
    install(FILES "${exlb_installer_dir}/console/exlb-console.desktop"
            DESTINATION ${CMAKE_INSTALL_DATADIR}/applications COMPONENT console)
    install(FILES "${exlb_installer_dir}/console/exlb-console.svg"
            DESTINATION ${CMAKE_INSTALL_DATADIR}/icons/hicolor/scalable/apps COMPONENT console)
    install(FILES "${PROJECT_SOURCE_DIR}/LICENSE"
            DESTINATION ${CMAKE_INSTALL_DATAROOTDIR}/doc/exlb-console RENAME copyright
            COMPONENT console)
    list(APPEND exlb_components console)
  endif()

  set(CPACK_GENERATOR "DEB")
  set(CPACK_COMPONENTS_ALL ${exlb_components})
  set(CPACK_DEB_COMPONENT_INSTALL ON)
  set(CPACK_PACKAGING_INSTALL_PREFIX "/usr")
  set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
  set(CPACK_DEBIAN_PACKAGE_SECTION "net")
  set(CPACK_DEBIAN_PACKAGE_PRIORITY "optional")
  set(CPACK_DEBIAN_PACKAGE_HOMEPAGE "https://exlb.invalid/")
  # Shared-library dependencies (protobuf, OpenSSL, spdlog, Qt...) from
  # dpkg-shlibdeps, plus what the programs run.
  set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
  set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
  # Debug information stays in the build folder: the appliance is small.
  set(CPACK_STRIP_FILES ON)

  set(CPACK_DEBIAN_AGENT_PACKAGE_NAME "exlb-agent")
  set(CPACK_DEBIAN_AGENT_PACKAGE_SECTION "net")
  set(CPACK_DEBIAN_AGENT_PACKAGE_DEPENDS "haproxy (>= 2.6), keepalived (>= 2.2), nftables, adduser, systemd")
  set(CPACK_DEBIAN_AGENT_DESCRIPTION "Load-balancer appliance for Microsoft Exchange: the agent\nexlb-agent keeps the appliance's configuration, renders and supervises\nHAProxy and keepalived, and serves the HTTPS management API and web page\non port 4444.")
  set(CPACK_DEBIAN_AGENT_PACKAGE_CONTROL_EXTRA
    "${exlb_installer_dir}/debian/agent/postinst"
    "${exlb_installer_dir}/debian/agent/prerm"
    "${exlb_installer_dir}/debian/agent/postrm"
    "${exlb_installer_dir}/debian/agent/conffiles")

  set(CPACK_DEBIAN_APPLIANCE_PACKAGE_NAME "exlb-appliance")
  set(CPACK_DEBIAN_APPLIANCE_PACKAGE_SECTION "admin")
  set(CPACK_DEBIAN_APPLIANCE_PACKAGE_DEPENDS
    "exlb-agent (= ${PROJECT_VERSION}), systemd, busybox, iproute2")
  set(CPACK_DEBIAN_APPLIANCE_DESCRIPTION "Makes a Debian machine an exlb virtual appliance\nThe first-boot network prompt (DHCP or static address on the console)\nand systemd-networkd as the network manager. Installed in the appliance\nimage; not meant for a general-purpose server.")
  set(CPACK_DEBIAN_APPLIANCE_PACKAGE_CONTROL_EXTRA
    "${exlb_installer_dir}/debian/appliance/postinst"
    "${exlb_installer_dir}/debian/appliance/postrm")

  set(CPACK_DEBIAN_CONSOLE_PACKAGE_NAME "exlb-console")
  set(CPACK_DEBIAN_CONSOLE_PACKAGE_SECTION "net")
  set(CPACK_DEBIAN_CONSOLE_DESCRIPTION "Desktop console for exlb load-balancer appliances\nManages many exlb clusters (master/backup pairs or standalone appliances)\nover HTTPS: staged changes, pair-wide apply and live state.")
endif()

include(CPack)
