// The error codes Windows Update shows, in plain words, with WU Doctor's next step. Pure: no Windows calls.
//
// Sources (names and meanings; the wording here is ours, the next steps map Microsoft's mitigations onto what
// WU Doctor can do):
//  - "Windows Update common errors and mitigation", Microsoft Learn:
//    https://learn.microsoft.com/troubleshoot/windows-client/deployment/common-windows-update-errors
//  - "Windows Update error codes by component" (error code reference), Microsoft Learn:
//    https://learn.microsoft.com/windows/deployment/update/windows-update-error-reference
//  - "WUA Success and Error Codes" and "WUA Networking Error Codes", Microsoft Learn:
//    https://learn.microsoft.com/windows/win32/wua_sdk/wua-success-and-error-codes-
//    https://learn.microsoft.com/windows/win32/wua_sdk/wua-networking-error-codes-
//  - the SDK headers wuerror.h (WU_E_*), winerror.h (ERROR_*, CBS_E_*, FACILITY_*), checked against mingw-w64's.
//  - "Troubleshoot Windows Update error 0x80244007" (WSUS / Configuration Manager SOAP faults), Microsoft Learn.
//  Rows past the first few of the common-errors page were written from that page as remembered and checked
//  against the SDK names; the next steps are WU Doctor's own.
//  - Windows setup errors (0xC1900101...): "Resolve Windows upgrade errors", Microsoft Learn:
//    https://learn.microsoft.com/troubleshoot/windows-client/deployment/windows-10-upgrade-resolution-procedures
#include "wud/explain.hpp"

#include "wud/enum_names.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cstdio>

namespace wud {
namespace {

using A = CodeAction;

// Next steps used by several rows.
constexpr std::string_view kStepFix =
    "Press 'Fix Windows Update' (wudoctor fix): it restarts Update Orchestrator, then Windows Update. Then check "
    "for updates again.";
constexpr std::string_view kStepResetCache =
    "Reset the update cache: stop Windows Update, BITS and Cryptographic Services, rename "
    "C:\\Windows\\SoftwareDistribution and C:\\Windows\\System32\\catroot2 aside (e.g. to *.bak: nothing is "
    "deleted), start the services again (wudoctor fix), then check for updates again.";
constexpr std::string_view kStepDism =
    "Repair Windows' own files: run 'wudoctor repair-system' as administrator (it runs 'DISM /Online /Cleanup-Image "
    "/RestoreHealth', then 'sfc /scannow', with progress and a plain result), restart the computer and try again.";
// 0x800F081F: DISM (or the update) could not find the files; a Windows ISO of this version is the source
// (Microsoft Learn, "Repair a Windows Image": /Source with /LimitAccess).
constexpr std::string_view kStepDismSource =
    "Repair Windows' component store: run 'wudoctor repair-system' as administrator (it runs 'DISM /Online "
    "/Cleanup-Image /RestoreHealth', then 'sfc /scannow'). If DISM cannot find the files either, mount a Windows ISO "
    "of exactly this version, edition and language (double-click it; say it gets X:) and run 'wudoctor "
    "repair-system --source X:\\sources\\install.wim'.";
constexpr std::string_view kStepNetwork =
    "Check the connection: run 'wudoctor check' (it shows a proxy, hosts-file lines and policies that send "
    "Windows Update nowhere), and make sure no firewall, VPN or web filter blocks Microsoft's update servers.";
constexpr std::string_view kStepRestart =
    "Restart the computer (not Shut down), let it finish its updates, then check for updates again.";
constexpr std::string_view kStepWait =
    "Nothing on this PC is broken: Microsoft's (or your organisation's) update server was busy. Try again later.";
constexpr std::string_view kStepTroubleshooter =
    "Run the Windows Update troubleshooter (wudoctor troubleshoot). If it keeps failing, restart the computer "
    "and try again.";
constexpr std::string_view kStepCheck =
    "Run 'wudoctor check': it shows what blocks Windows Update here (policies, blocker leftovers) and repairs it "
    "with 'wudoctor repair'.";

// The table, in code order. Every code in it is a failure HRESULT (bit 31 set), so its hex spelling without 0x
// always has 8 digits starting with 8 or C (see parseErrorCode's rule).
constexpr std::array kTable{
    // ---- Win32 errors inside an HRESULT (FACILITY_WIN32 = 7)
    ErrorCodeInfo{0x80070002, "ERROR_FILE_NOT_FOUND",
                  "A file the update needs is missing, usually a damaged or half-finished download.", A::ResetCache,
                  kStepResetCache, ""},
    ErrorCodeInfo{0x80070003, "ERROR_PATH_NOT_FOUND",
                  "A folder the update needs is missing, usually a damaged or half-finished download.",
                  A::ResetCache, kStepResetCache, ""},
    ErrorCodeInfo{0x80070005, "ERROR_ACCESS_DENIED",
                  "Windows Update was refused access to a file, folder or registry key it needs (antivirus, or "
                  "permissions a tool changed).",
                  A::Check, kStepCheck, "service.wuauserv.permissions"},
    ErrorCodeInfo{0x8007000D, "ERROR_INVALID_DATA",
                  "The update's data is invalid: a damaged download or a damaged component store.", A::DismSfc,
                  kStepDism, ""},
    ErrorCodeInfo{0x8007000E, "E_OUTOFMEMORY", "The computer ran out of memory while installing the update.",
                  A::Restart, kStepRestart, ""},
    ErrorCodeInfo{0x80070020, "ERROR_SHARING_VIOLATION",
                  "A file the update needs is in use by another program (often antivirus or a backup tool).",
                  A::Restart, kStepRestart, ""},
    ErrorCodeInfo{0x80070070, "ERROR_DISK_FULL", "There is not enough free space on the system drive.",
                  A::DiskSpace,
                  "Free space on the system drive (Settings > System > Storage, or Disk Cleanup), then try again. "
                  "'wudoctor check' shows how much is free.",
                  "disk-space"},
    ErrorCodeInfo{0x80070422, "ERROR_SERVICE_DISABLED",
                  "A service Windows Update needs is turned off (disabled), often by a tool that blocks updates.",
                  A::RepairServices,
                  "Run 'wudoctor check' to see which service is disabled, then 'wudoctor repair-start-type "
                  "wuauserv' (or the window's 'Set to ...' button) to give it Windows' default start type back; "
                  "then 'wudoctor fix'.",
                  "service.wuauserv.start-type"},
    ErrorCodeInfo{0x8007045B, "ERROR_SHUTDOWN_IN_PROGRESS", "The computer was shutting down during the update.",
                  A::Restart, kStepRestart, ""},
    ErrorCodeInfo{0x80070570, "ERROR_FILE_CORRUPT",
                  "A file or folder is damaged: the downloaded update or Windows' component store.", A::DismSfc,
                  kStepDism, ""},
    ErrorCodeInfo{0x800705B4, "ERROR_TIMEOUT",
                  "The operation timed out: Windows Update or a service it needs did not answer in time.", A::Fix,
                  kStepFix, ""},
    ErrorCodeInfo{0x80070643, "ERROR_INSTALL_FAILURE",
                  "The update's installer failed (often a .NET Framework or Defender update).", A::DismSfc,
                  kStepDism, ""},
    ErrorCodeInfo{0x80070652, "ERROR_INSTALL_ALREADY_RUNNING", "Another installation is already in progress.",
                  A::Wait, "Wait for the other installation to finish (or restart the computer), then try again.",
                  ""},
    ErrorCodeInfo{0x80070BC9, "ERROR_FAIL_REBOOT_REQUIRED",
                  "The operation failed; the computer must restart to roll back what was changed. Microsoft also "
                  "names a policy that controls how Windows Installer starts.",
                  A::Restart, kStepRestart, "restart-pending"},
    ErrorCodeInfo{0x80072EE2, "ERROR_WINHTTP_TIMEOUT", "The connection to the update server timed out.",
                  A::Network, kStepNetwork, "proxy"},
    ErrorCodeInfo{0x80072EE7, "ERROR_WINHTTP_NAME_NOT_RESOLVED",
                  "The update server's name could not be found (DNS, proxy, or a hosts-file line).", A::Network,
                  kStepNetwork, "hosts"},
    ErrorCodeInfo{0x80072EFD, "ERROR_WINHTTP_CANNOT_CONNECT", "The PC could not connect to the update server.",
                  A::Network, kStepNetwork, "hosts"},
    ErrorCodeInfo{0x80072EFE, "ERROR_WINHTTP_CONNECTION_ERROR",
                  "The connection to the update server broke off (firewall, proxy or web filter).", A::Network,
                  kStepNetwork, "proxy"},
    ErrorCodeInfo{0x80072F8F, "ERROR_WINHTTP_SECURE_FAILURE",
                  "The secure connection to the update server failed, most often because the PC's date and time "
                  "are wrong, or something intercepts HTTPS.",
                  A::Network,
                  "Set the date, time and time zone right (Settings > Time & language), then try again; if it "
                  "persists, check proxies and web filters ('wudoctor check').",
                  "proxy"},
    ErrorCodeInfo{0x80073701, "ERROR_SXS_ASSEMBLY_MISSING",
                  "A component the update builds on is missing from Windows' component store.", A::DismSfc,
                  kStepDism, ""},
    ErrorCodeInfo{0x80073712, "ERROR_SXS_COMPONENT_STORE_CORRUPT", "Windows' component store is damaged.",
                  A::DismSfc, kStepDism, ""},
    ErrorCodeInfo{0x8007371B, "ERROR_SXS_TRANSACTION_CLOSURE_INCOMPLETE",
                  "One or more components the update needs are missing from the component store.", A::DismSfc,
                  kStepDism, ""},
    // ---- Component-based servicing (CBS_E_*, facility 15)
    ErrorCodeInfo{0x800F081F, "CBS_E_SOURCE_MISSING",
                  "The files needed to install the update (or a feature such as .NET 3.5) could not be found.",
                  A::DismSfc, kStepDismSource, ""},
    ErrorCodeInfo{0x800F0821, "CBS_E_ABORT",
                  "The installation was stopped, often because it ran longer than the time it was allowed.",
                  A::Restart, kStepRestart, ""},
    ErrorCodeInfo{0x800F0825, "CBS_E_CANNOT_UNINSTALL",
                  "The package cannot be removed: usually a damaged component store.", A::DismSfc, kStepDism, ""},
    ErrorCodeInfo{0x800F0831, "CBS_E_STORE_CORRUPTION",
                  "Windows' component store is damaged: a file an earlier update left is missing.", A::DismSfc,
                  kStepDism, ""},
    ErrorCodeInfo{0x800F0920, "CBS_E_HANG_DETECTED",
                  "The installation stopped answering (a hang was detected), often because a restart is pending.",
                  A::Restart, kStepRestart, "restart-pending"},
    ErrorCodeInfo{0x800F0922, "CBS_E_INSTALLERS_FAILED",
                  "The update could not be installed: no connection to the update servers (a VPN, proxy), or too "
                  "little space in the System Reserved partition.",
                  A::Network, kStepNetwork, "proxy"},
    // ---- Background Intelligent Transfer (BITS, facility 32)
    ErrorCodeInfo{0x80200053, "BG_E_VALIDATION_FAILED",
                  "A downloaded file did not pass its check: a firewall or proxy probably filtered the download.",
                  A::Network, kStepNetwork, "proxy"},
    // ---- Windows Update Agent (WU_E_*, FACILITY_WINDOWSUPDATE = 36)
    ErrorCodeInfo{0x80240001, "WU_E_NO_SERVICE", "Windows Update could not provide its service.", A::Fix,
                  kStepFix, ""},
    ErrorCodeInfo{0x8024000B, "WU_E_CALL_CANCELLED",
                  "The operation was cancelled, by the user or by the service.", A::Wait,
                  "Check for updates again. If your organisation runs the update server (WSUS), tell its "
                  "administrator: Microsoft's advice is a clean-up of superseded updates there.",
                  ""},
    ErrorCodeInfo{0x8024000E, "WU_E_XML_INVALID", "Windows Update found invalid information in an update's data.",
                  A::ResetCache, kStepResetCache, ""},
    ErrorCodeInfo{0x80240016, "WU_E_INSTALL_NOT_ALLOWED",
                  "An installation was refused: another one was running, or a restart is pending.", A::Restart,
                  kStepRestart, "restart-pending"},
    ErrorCodeInfo{0x8024001E, "WU_E_SERVICE_STOP",
                  "The operation did not finish because the service or the computer was shutting down.", A::Fix,
                  kStepFix, ""},
    ErrorCodeInfo{0x80240020, "WU_E_NO_INTERACTIVE_USER",
                  "The operation needs someone signed in at the PC, and nobody was.", A::Wait,
                  "Sign in to the PC and check for updates again.", ""},
    ErrorCodeInfo{0x80240022, "WU_E_ALL_UPDATES_FAILED", "Every update in the batch failed.", A::ResetCache,
                  kStepResetCache, ""},
    ErrorCodeInfo{0x80240032, "WU_E_INVALID_CRITERIA", "The search for updates was given an invalid request.",
                  A::Troubleshooter, kStepTroubleshooter, ""},
    ErrorCodeInfo{0x80240034, "WU_E_DOWNLOAD_FAILED", "An update failed to download.", A::ResetCache,
                  kStepResetCache, ""},
    ErrorCodeInfo{0x80240438, "WU_E_PT_ENDPOINT_UNREACHABLE",
                  "There is no route to the update server: no connection, or a policy or proxy sends Windows "
                  "Update nowhere.",
                  A::Network, kStepNetwork, "policy.do-not-connect"},
    ErrorCodeInfo{0x8024043D, "WU_E_SERVICEPROP_NOTAVAIL", "A property of the update service is not available.",
                  A::Fix, kStepFix, ""},
    ErrorCodeInfo{0x80240FFF, "WU_E_UNEXPECTED", "Windows Update failed for a reason no other code covers.",
                  A::Troubleshooter, kStepTroubleshooter, ""},
    ErrorCodeInfo{0x80242006, "WU_E_UH_INVALIDMETADATA", "An update's data (metadata) is invalid.", A::ResetCache,
                  kStepResetCache, ""},
    ErrorCodeInfo{0x80242014, "WU_E_UH_POSTREBOOTSTILLPENDING",
                  "The update is waiting for the computer to restart to finish.", A::Restart, kStepRestart,
                  "restart-pending"},
    ErrorCodeInfo{0x80242016, "WU_E_UH_POSTREBOOTUNEXPECTEDSTATE",
                  "After the restart, the update was not in the state it should have been.", A::ResetCache,
                  kStepResetCache, ""},
    ErrorCodeInfo{0x80244007, "WU_E_PT_SOAPCLIENT_SOAPFAULT",
                  "The update server (often your organisation's WSUS or Configuration Manager) answered with a "
                  "SOAP fault; Microsoft also names Windows failing to renew its Windows Update cookies.",
                  A::ResetCache, kStepResetCache, ""},
    ErrorCodeInfo{0x80244010, "WU_E_PT_EXCEEDED_MAX_SERVER_TRIPS",
                  "Windows Update gave up after too many round trips to the server.", A::Wait, kStepWait, ""},
    ErrorCodeInfo{0x80244017, "WU_E_PT_HTTP_STATUS_DENIED",
                  "The update server asked for a sign-in (HTTP 401): a proxy or web filter stands in between.",
                  A::Network, kStepNetwork, "proxy"},
    ErrorCodeInfo{0x80244018, "WU_E_PT_HTTP_STATUS_FORBIDDEN",
                  "The update server refused the request (HTTP 403): often a proxy or web filter.", A::Network,
                  kStepNetwork, "proxy"},
    ErrorCodeInfo{0x80244019, "WU_E_PT_HTTP_STATUS_NOT_FOUND",
                  "The update server does not have what was asked for (HTTP 404): often a wrong or blank WSUS "
                  "server in the policies.",
                  A::Check, kStepCheck, "policy.wuserver"},
    ErrorCodeInfo{0x8024401B, "WU_E_PT_HTTP_STATUS_PROXY_AUTH_REQ",
                  "A proxy asked for a sign-in (HTTP 407) that Windows Update cannot give.", A::Network,
                  kStepNetwork, "proxy"},
    ErrorCodeInfo{0x8024401C, "WU_E_PT_HTTP_STATUS_REQUEST_TIMEOUT",
                  "The update server timed out waiting for the request (HTTP 408).", A::Network, kStepNetwork,
                  "proxy"},
    ErrorCodeInfo{0x8024401F, "WU_E_PT_HTTP_STATUS_SERVER_ERROR",
                  "The update server had an internal error (HTTP 500).", A::Wait, kStepWait, ""},
    ErrorCodeInfo{0x80244021, "WU_E_PT_HTTP_STATUS_BAD_GATEWAY",
                  "A proxy or gateway got a bad answer from the update server (HTTP 502).", A::Network, kStepNetwork,
                  "proxy"},
    ErrorCodeInfo{0x80244022, "WU_E_PT_HTTP_STATUS_SERVICE_UNAVAIL",
                  "The update server is temporarily overloaded (HTTP 503).", A::Wait,
                  "Try again later. If the PC gets its updates from your organisation's server (WSUS), tell its "
                  "administrator: that server is overloaded.",
                  "policy.wuserver"},
    ErrorCodeInfo{0x8024402C, "WU_E_PT_WINHTTP_NAME_NOT_RESOLVED",
                  "The name of the proxy or the update server could not be resolved.", A::Network, kStepNetwork,
                  "hosts"},
    ErrorCodeInfo{0x8024402F, "WU_E_PT_ECP_SUCCEEDED_WITH_ERRORS",
                  "Processing the downloaded .cab files finished with errors: Microsoft names web-filtering "
                  "software (Lightspeed Rocket) as one cause.",
                  A::Network,
                  "If a web filter runs on this network, add this PC to its exceptions; then 'wudoctor check' for "
                  "a proxy or hosts lines, and check for updates again.",
                  "proxy"},
    ErrorCodeInfo{0x8024500C, "WU_E_REDIRECTOR_CONNECT_POLICY",
                  "A policy forbids connecting to Windows Update on the Internet.", A::Check, kStepCheck,
                  "policy.do-not-connect"},
    ErrorCodeInfo{0x80246008, "WU_E_DM_FAILTOCONNECTTOBITS",
                  "Windows Update could not use BITS (Background Intelligent Transfer Service) to download.",
                  A::RepairServices,
                  "Run 'wudoctor check' and 'wudoctor status --all': if BITS is disabled, 'wudoctor "
                  "repair-start-type BITS', then 'wudoctor fix'.",
                  "service.bits.start-type"},
    ErrorCodeInfo{0x80246017, "WU_E_DM_UNAUTHORIZED_LOCAL_USER",
                  "The download failed because the local user was refused the rights to download.", A::Troubleshooter,
                  "Sign in with an administrator account and check for updates again.", ""},
    ErrorCodeInfo{0x8024A000, "WU_E_AU_NOSERVICE", "Automatic Updates could not serve the request.", A::Fix,
                  kStepFix, ""},
    ErrorCodeInfo{0x8024A004, "WU_E_AU_PAUSED", "Automatic Updates is paused.", A::Check,
                  "Resume updates in Settings > Windows Update; 'wudoctor check' shows a pause set far ahead by "
                  "a tool.",
                  "pause.too-long"},
    ErrorCodeInfo{0x8024A105, "",
                  "Windows Update's automatic-update part could not finish (Microsoft publishes no name for this "
                  "code); most often a stuck service or a damaged download.",
                  A::Fix,
                  "Press 'Fix Windows Update' (wudoctor fix) and check again; if it comes back, reset the update "
                  "cache (rename SoftwareDistribution and catroot2 aside).",
                  ""},
    ErrorCodeInfo{0x8024A10A, "USO_E_SERVICE_SHUTTING_DOWN",
                  "The Windows Update service was shutting down (it stops itself after a while with nothing to do).",
                  A::Fix, kStepFix, ""},
    ErrorCodeInfo{0x8024D009, "WU_E_SETUP_SKIP_UPDATE",
                  "Windows Update's own self-update was skipped (an update to the agent itself could not run).",
                  A::Fix, kStepFix, ""},
    // ---- Delivery Optimization (facility 208)
    ErrorCodeInfo{0x80D02002, "DO_E_DOWNLOAD_NO_PROGRESS",
                  "The download made no progress for too long (Delivery Optimization timed out).", A::Network,
                  kStepNetwork, "proxy"},
    // ---- Windows setup (feature updates / upgrades)
    ErrorCodeInfo{0xC1900101, "",
                  "A driver stopped the upgrade to a newer version of Windows, which was rolled back (Microsoft "
                  "groups every 0xC1900101-0x... code under driver errors).",
                  A::DismSfc,
                  "Update or remove drivers and unplug devices you do not need (docks, USB sticks), free 20 GB on "
                  "the system drive, run 'DISM /Online /Cleanup-Image /RestoreHealth' and 'sfc /scannow', then try "
                  "the upgrade again.",
                  ""},
    ErrorCodeInfo{0xC1900200, "",
                  "This PC does not meet the minimum requirements for the newer version of Windows.", A::None,
                  "Nothing to repair here: the upgrade cannot run on this hardware. Stay on your version (it "
                  "still gets its updates).",
                  ""},
    ErrorCodeInfo{0xC1900208, "",
                  "An app on this PC is incompatible with the newer version of Windows and blocks the upgrade.",
                  A::None, "Uninstall or update the app Setup names, then try the upgrade again.", ""},
};

constexpr bool sortedUnique() {
    for (std::size_t i = 1; i < kTable.size(); ++i)
        if (!(kTable[i - 1].code < kTable[i].code)) return false;
    return true;
}

struct Facility {
    std::uint16_t number;
    std::string_view name;
};
// FACILITY_* from winerror.h.
constexpr std::array kFacilities{
    Facility{0, "NULL"},          Facility{1, "RPC"},         Facility{2, "DISPATCH"},
    Facility{3, "STORAGE"},       Facility{4, "ITF"},         Facility{7, "WIN32"},
    Facility{8, "WINDOWS"},       Facility{9, "SECURITY"},    Facility{10, "CONTROL"},
    Facility{11, "CERT"},         Facility{12, "INTERNET"},   Facility{13, "MEDIASERVER"},
    Facility{14, "MSMQ"},         Facility{15, "SETUPAPI"},   Facility{16, "SCARD"},
    Facility{17, "COMPLUS"},      Facility{18, "AAF"},        Facility{19, "URT"},
    Facility{20, "ACS"},          Facility{21, "DPLAY"},      Facility{22, "UMI"},
    Facility{23, "SXS"},          Facility{24, "WINDOWS_CE"}, Facility{25, "HTTP"},
    Facility{26, "USERMODE_COMMONLOG"}, Facility{27, "WER"},  Facility{31, "USERMODE_FILTER_MANAGER"},
    Facility{32, "BACKGROUNDCOPY"}, Facility{33, "CONFIGURATION"}, Facility{34, "STATE_MANAGEMENT"},
    Facility{35, "METADIRECTORY"}, Facility{36, "WINDOWSUPDATE"}, Facility{37, "DIRECTORYSERVICE"},
    Facility{38, "GRAPHICS"},     Facility{39, "SHELL"},      Facility{40, "TPM_SERVICES"},
    Facility{41, "TPM_SOFTWARE"}, Facility{48, "PLA"},        Facility{49, "FVE"},
    Facility{50, "FWP"},          Facility{51, "WINRM"},      Facility{52, "NDIS"},
    Facility{53, "USERMODE_HYPERVISOR"}, Facility{54, "CMI"}, Facility{55, "USERMODE_VIRTUALIZATION"},
    Facility{56, "USERMODE_VOLMGR"}, Facility{57, "BCD"},     Facility{58, "USERMODE_VHD"},
    Facility{60, "SDIAG"},        Facility{61, "WEBSERVICES"}, Facility{80, "WINDOWS_DEFENDER"},
    Facility{81, "OPC"},          Facility{208, "DELIVERY_OPTIMIZATION"},
};

struct Win32Name {
    std::uint32_t code;
    std::string_view name;
};
// The Win32 codes worth a name when they arrive bare or in facility 7 (winerror.h). Their text comes from the
// system's message table on Windows.
constexpr std::array kWin32Names{
    Win32Name{1, "ERROR_INVALID_FUNCTION"},   Win32Name{2, "ERROR_FILE_NOT_FOUND"},
    Win32Name{3, "ERROR_PATH_NOT_FOUND"},     Win32Name{5, "ERROR_ACCESS_DENIED"},
    Win32Name{6, "ERROR_INVALID_HANDLE"},     Win32Name{8, "ERROR_NOT_ENOUGH_MEMORY"},
    Win32Name{13, "ERROR_INVALID_DATA"},      Win32Name{14, "ERROR_OUTOFMEMORY"},
    Win32Name{21, "ERROR_NOT_READY"},         Win32Name{31, "ERROR_GEN_FAILURE"},
    Win32Name{32, "ERROR_SHARING_VIOLATION"}, Win32Name{53, "ERROR_BAD_NETPATH"},
    Win32Name{87, "ERROR_INVALID_PARAMETER"}, Win32Name{112, "ERROR_DISK_FULL"},
    Win32Name{122, "ERROR_INSUFFICIENT_BUFFER"}, Win32Name{183, "ERROR_ALREADY_EXISTS"},
    Win32Name{1051, "ERROR_DEPENDENT_SERVICES_RUNNING"}, Win32Name{1053, "ERROR_SERVICE_REQUEST_TIMEOUT"},
    Win32Name{1056, "ERROR_SERVICE_ALREADY_RUNNING"}, Win32Name{1058, "ERROR_SERVICE_DISABLED"},
    Win32Name{1060, "ERROR_SERVICE_DOES_NOT_EXIST"}, Win32Name{1062, "ERROR_SERVICE_NOT_ACTIVE"},
    Win32Name{1067, "ERROR_PROCESS_ABORTED"}, Win32Name{1068, "ERROR_SERVICE_DEPENDENCY_FAIL"},
    Win32Name{1115, "ERROR_SHUTDOWN_IN_PROGRESS"}, Win32Name{1223, "ERROR_CANCELLED"},
    Win32Name{1392, "ERROR_FILE_CORRUPT"},    Win32Name{1460, "ERROR_TIMEOUT"},
    Win32Name{1603, "ERROR_INSTALL_FAILURE"}, Win32Name{1618, "ERROR_INSTALL_ALREADY_RUNNING"},
    Win32Name{1722, "RPC_S_SERVER_UNAVAILABLE"}, Win32Name{3010, "ERROR_SUCCESS_REBOOT_REQUIRED"},
    Win32Name{3017, "ERROR_FAIL_REBOOT_REQUIRED"}, Win32Name{12002, "ERROR_WINHTTP_TIMEOUT"},
    Win32Name{12007, "ERROR_WINHTTP_NAME_NOT_RESOLVED"}, Win32Name{12029, "ERROR_WINHTTP_CANNOT_CONNECT"},
    Win32Name{12030, "ERROR_WINHTTP_CONNECTION_ERROR"}, Win32Name{12175, "ERROR_WINHTTP_SECURE_FAILURE"},
    Win32Name{14081, "ERROR_SXS_ASSEMBLY_MISSING"}, Win32Name{14098, "ERROR_SXS_COMPONENT_STORE_CORRUPT"},
    Win32Name{14107, "ERROR_SXS_TRANSACTION_CLOSURE_INCOMPLETE"},
};

constexpr std::uint32_t kFacilityWin32 = 7;

bool isHexDigit(char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }
bool isDecDigit(char c) { return c >= '0' && c <= '9'; }

std::optional<std::uint32_t> hexValue(std::string_view digits) {
    if (digits.empty() || digits.size() > 8 || !std::all_of(digits.begin(), digits.end(), isHexDigit))
        return std::nullopt;
    std::uint32_t value = 0;
    const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), value, 16);
    if (ec != std::errc{} || end != digits.data() + digits.size()) return std::nullopt;
    return value;
}

}  // namespace

static_assert(sortedUnique(), "error_codes: keep the table sorted by code, one row per code");

constexpr auto kCodeActionIds = enumNames<A::None>({
    {A::Fix, "fix"}, {A::RepairServices, "repair-start-type"}, {A::ResetCache, "reset-cache"}, {A::Check, "check"},
    {A::DismSfc, "dism-sfc"}, {A::Network, "network"}, {A::DiskSpace, "disk-space"}, {A::Restart, "restart"},
    {A::Wait, "wait"}, {A::Troubleshooter, "troubleshoot"}, {A::Organisation, "organisation"}, {A::None, "none"}
});

std::string_view toId(CodeAction action) noexcept { return nameOf(kCodeActionIds, action, "none"); }

std::span<const ErrorCodeInfo> knownErrorCodes() noexcept { return kTable; }

const ErrorCodeInfo* findErrorCode(std::uint32_t code) noexcept {
    const auto it = std::lower_bound(kTable.begin(), kTable.end(), code,
                                     [](const ErrorCodeInfo& row, std::uint32_t c) { return row.code < c; });
    return it != kTable.end() && it->code == code ? &*it : nullptr;
}

std::variant<std::uint32_t, CodeParseError> parseErrorCode(std::string_view text) {
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
    const auto refuse = [](std::string reason) { return CodeParseError{std::move(reason)}; };
    if (text.empty()) return refuse("no error code given; e.g. wudoctor explain 0x80070422");
    if (text.size() >= 2 && text[0] == '0' && (text[1] == 'x' || text[1] == 'X')) {
        if (const auto value = hexValue(text.substr(2))) return *value;
        return refuse("after 0x an error code has 1 to 8 hex digits (0-9, A-F), e.g. 0x8024402F");
    }
    if (text[0] == '-') {
        const std::string_view digits = text.substr(1);
        if (digits.empty() || digits.size() > 10 || !std::all_of(digits.begin(), digits.end(), isDecDigit))
            return refuse("a negative error code is a decimal number from -1 to -2147483648, e.g. -2145107921");
        std::uint64_t magnitude = 0;
        std::from_chars(digits.data(), digits.data() + digits.size(), magnitude);
        if (magnitude == 0 || magnitude > 0x80000000ull)
            return refuse("a negative error code is a decimal number from -1 to -2147483648, e.g. -2145107921");
        return static_cast<std::uint32_t>(0x100000000ull - magnitude);
    }
    if (std::all_of(text.begin(), text.end(), isDecDigit)) {
        // The rule for digits only: 8 digits starting with 8 are how Windows shows a failure HRESULT without its
        // 0x (80070002); as a decimal, 80,000,000-89,999,999 is no error code anyone meets.
        if (text.size() == 8 && text[0] == '8') return *hexValue(text);
        if (text.size() > 10) return refuse("that number is too large for an error code (at most 4294967295)");
        std::uint64_t value = 0;
        std::from_chars(text.data(), text.data() + text.size(), value);
        if (value > 0xFFFFFFFFull) return refuse("that number is too large for an error code (at most 4294967295)");
        return static_cast<std::uint32_t>(value);
    }
    if (const auto value = hexValue(text)) return *value;
    return refuse("not an error code: use hex (0x8024402F or 8024402F) or decimal (-2145107921, 2149859375)");
}

std::string_view facilityName(std::uint16_t facility) noexcept {
    for (const Facility& f : kFacilities)
        if (f.number == facility) return f.name;
    return {};
}

DecodedCode decodeHresult(std::uint32_t value) noexcept {
    DecodedCode d;
    d.failure = (value & 0x80000000u) != 0;
    d.customer = (value & 0x20000000u) != 0;
    d.facility = static_cast<std::uint16_t>((value >> 16) & 0x7FFu);
    d.code = static_cast<std::uint16_t>(value & 0xFFFFu);
    d.facilityName = facilityName(d.facility);
    return d;
}

std::string_view win32ErrorName(std::uint32_t code) noexcept {
    for (const Win32Name& n : kWin32Names)
        if (n.code == code) return n.name;
    return {};
}

std::string hexCode(std::uint32_t code) {
    char text[16];
    std::snprintf(text, sizeof text, "0x%08X", static_cast<unsigned>(code));
    return text;
}

CodeExplanation explainCode(std::uint32_t code, std::string (*systemMessage)(std::uint32_t)) {
    CodeExplanation e;
    // A bare Win32 code (what a service or GetLastError reports) is the same error as its HRESULT_FROM_WIN32.
    if (code != 0 && code < 0x10000u) code = 0x80070000u | code;
    e.code = code;
    e.decoded = decodeHresult(code);
    if (e.decoded.failure && e.decoded.facility == kFacilityWin32) e.win32 = e.decoded.code;
    if (e.win32 && systemMessage != nullptr) e.systemText = systemMessage(*e.win32);

    if (const ErrorCodeInfo* row = findErrorCode(code)) {
        e.known = true;
        e.name = std::string(row->name);
        e.meaning = std::string(row->meaning);
        e.action = row->action;
        e.nextStep = std::string(row->nextStep);
        e.findingId = std::string(row->findingId);
        return e;
    }
    if (code == 0) {
        e.known = true;
        e.name = "S_OK";
        e.meaning = "Success: this code means nothing went wrong.";
        e.nextStep = "Nothing to do.";
        return e;
    }
    if (e.win32) {
        e.name = std::string(win32ErrorName(*e.win32));
        e.meaning = e.systemText;
        e.known = !e.name.empty() || !e.meaning.empty();
        if (e.known) {
            e.action = A::Troubleshooter;
            e.nextStep = std::string(kStepTroubleshooter);
        }
    }
    if (!e.known) {
        e.nextStep = e.decoded.facility == 36
                         ? "WU Doctor does not know this Windows Update code. " + std::string(kStepFix) +
                               " If it comes back, run the Windows Update troubleshooter (wudoctor troubleshoot)."
                         : "WU Doctor does not know this code. Run the Windows Update troubleshooter (wudoctor "
                           "troubleshoot), and give the code as it is if you ask someone for help.";
        e.action = e.decoded.facility == 36 ? A::Fix : A::Troubleshooter;
    }
    return e;
}

std::string explanationText(const CodeExplanation& e) {
    std::string out = hexCode(e.code);
    if (!e.name.empty()) out += "  " + e.name;
    out += "\n";
    if (e.known) {
        out += "What it means: " + e.meaning + "\n";
        if (!e.systemText.empty() && e.systemText != e.meaning) out += "Windows says:  " + e.systemText + "\n";
    } else {
        out += "WU Doctor does not know this code.\n";
    }
    std::string facility = e.decoded.facilityName.empty() ? std::to_string(e.decoded.facility)
                                                          : std::string(e.decoded.facilityName) + " (" +
                                                                std::to_string(e.decoded.facility) + ")";
    out += "Decoded:       " + std::string(e.decoded.failure ? "failure" : "success") + ", facility " + facility +
           ", code " + std::to_string(e.decoded.code);
    if (e.win32) out += " (Win32 error " + std::to_string(*e.win32) + ")";
    out += "\n";
    out += "Next step:     " + e.nextStep + "\n";
    if (!e.findingId.empty()) out += "Check:         wudoctor check shows it as '" + e.findingId + "' if it applies\n";
    return out;
}

}  // namespace wud
