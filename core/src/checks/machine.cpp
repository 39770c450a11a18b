// The machine around Windows Update: a pending restart, free space on the system drive, a machine-wide
// WinHTTP proxy. Advice only: none of these has a safe automatic repair.
//
// Sources:
// - Pending restart, the strong signals (each means Windows itself waits for a restart to finish servicing):
//   CBS RebootPending / RebootInProgress / PackagesPending, WindowsUpdate\Auto Update\RebootRequired,
//   Updates\UpdateExeVolatile != 0, ActiveComputerName != ComputerName. These are the keys Microsoft's
//   Configuration Manager client and dsccommunity/ComputerManagementDsc (xPendingReboot) test.
// - PostRebootReporting is not one of them: Windows Update writes it to report an update's result after the restart
//   that finished it; ConfigMgr and ComputerManagementDsc do not test it (only Salt's win_system does), so it would
//   only keep "restart first" up after the restart has happened. WU Doctor does not read it.
// - Session Manager\PendingFileRenameOperations(2) alone is not a pending restart of Windows Update: antivirus and
//   installers write it routinely (bcwilhite/PendingReboot, Test-PendingReboot.ps1, lets it be skipped as a false
//   positive; no-faff/InstallerClean #12: a "restart pending" that never goes away on Windows 11 25H2). It is shown
//   as information naming the files' owners, and gates nothing. Its format: REG_MULTI_SZ of pairs (source,
//   destination; an empty destination deletes), paths in NT form "\??\C:\..." (Microsoft Learn, MoveFileEx,
//   MOVEFILE_DELAY_UNTIL_REBOOT).
// - Disk space: Microsoft Support, "Free up drive space in Windows" / Windows 11 requirements: feature updates
//   need about 20 GB free on 64-bit Windows; monthly updates a few GB.
// - WinHTTP proxy: `netsh winhttp set proxy` stores it in ...\Internet Settings\Connections\WinHttpSettings
//   (a WINHTTP_PROXY_INFO blob: size, counter, flags, proxy length + text, bypass length + text); Windows Update
//   downloads through it (Microsoft Learn, "How the Windows Update client determines which proxy server to use").
#include "check_util.hpp"

namespace wud {
using namespace checks_detail;

namespace {

/// The files a rename list will replace at the next restart, as the user knows them ("C:\\Program Files\\...").
std::vector<std::string> renameSources(const RegValue& value) {
    std::vector<std::string> sources;
    const std::vector<std::string> items = multiStrings(value);
    // Pairs: source, destination (empty: delete the source).
    for (std::size_t i = 0; i < items.size(); i += 2) {
        std::string path = items[i];
        if (path.starts_with("\\??\\")) path = path.substr(4);
        if (!path.empty()) sources.push_back(std::move(path));
    }
    return sources;
}

}  // namespace

void checkPendingRestart(CheckContext& context, std::vector<Finding>& out) {
    MachineAccess& m = context.machine;
    const std::string cbs = R"(HKLM\SOFTWARE\Microsoft\Windows\CurrentVersion\Component Based Servicing)";
    const std::string au = R"(HKLM\SOFTWARE\Microsoft\Windows\CurrentVersion\WindowsUpdate\Auto Update)";
    std::vector<std::string> reasons;
    for (const std::string& key : {cbs + "\\RebootPending", cbs + "\\RebootInProgress", cbs + "\\PackagesPending",
                                   au + "\\RebootRequired"})
        if (m.keyExists(key)) reasons.push_back(key + " exists");
    if (const auto value = m.readValue(R"(HKLM\SOFTWARE\Microsoft\Updates)", "UpdateExeVolatile");
        value && asDword(*value).value_or(0) != 0)
        reasons.push_back(valueEvidence(R"(HKLM\SOFTWARE\Microsoft\Updates)", "UpdateExeVolatile", *value));
    const std::string names = R"(HKLM\SYSTEM\CurrentControlSet\Control\ComputerName)";
    const auto active = m.readValue(names + "\\ActiveComputerName", "ComputerName");
    const auto pending = m.readValue(names + "\\ComputerName", "ComputerName");
    if (active && pending && !equalsIgnoreCase(asString(*active).value_or(""), asString(*pending).value_or("")))
        reasons.push_back("The computer is being renamed from " + asString(*active).value_or("") + " to " +
                          asString(*pending).value_or("") + " at the next restart");
    if (!reasons.empty())
        out.push_back(finding(std::string(kRestartPendingId), Severity::Warning, "A restart is pending: restart first",
                              std::move(reasons),
                              "Windows is waiting for a restart to finish installing something. Until then Windows "
                              "Update may refuse to install more, and restarting its services does not help.",
                              "Restart the PC (Start > Power > Restart, not Shut down), then check again."));

    // The rename list alone: information, never "restart first".
    const std::string session = R"(HKLM\SYSTEM\CurrentControlSet\Control\Session Manager)";
    std::vector<std::string> evidence;
    for (const std::string_view name : {"PendingFileRenameOperations", "PendingFileRenameOperations2"}) {
        const auto value = m.readValue(session, name);
        if (!value || value->data.empty()) continue;
        const std::string where = session + "\\" + std::string(name);
        if (value->type != kRegMultiSz) {
            evidence.push_back(where + " is " + regTypeName(value->type) +
                               ", not the list (REG_MULTI_SZ) Windows reads: it renames nothing");
            continue;
        }
        const std::vector<std::string> sources = renameSources(*value);
        if (sources.empty()) continue;
        constexpr std::size_t kShown = 3;
        for (std::size_t i = 0; i < sources.size() && i < kShown; ++i)
            evidence.push_back(where + ": " + sources[i]);
        if (sources.size() > kShown)
            evidence.push_back(where + ": and " + std::to_string(sources.size() - kShown) + " more");
    }
    if (evidence.empty()) return;
    out.push_back(finding(std::string(kPendingRenamesId), Severity::Info, "Some files will be replaced at the next restart",
                          std::move(evidence),
                          "Programs (antivirus and installers above all) ask Windows to replace their own files at "
                          "the next restart. That is routine and does not stop Windows Update; some antivirus "
                          "programs keep such a list all the time.",
                          "Nothing to do for Windows Update. The files named show which program asked; restarting "
                          "the PC lets it finish."));
}

std::optional<Finding> pendingRestart(CheckContext& context) {
    std::vector<Finding> findings;
    checkPendingRestart(context, findings);
    if (const Finding* pending = findFinding(findings, kRestartPendingId)) return *pending;
    return std::nullopt;
}

void checkDiskSpace(CheckContext& context, std::vector<Finding>& out) {
    const std::string root = context.machine.systemRoot();
    const std::string drive = root.size() >= 2 && root[1] == ':' ? root.substr(0, 2) + "\\" : root;
    const auto free = context.machine.freeBytes(drive);
    if (!free) return;
    constexpr std::uint64_t kGiB = 1024ull * 1024 * 1024;
    constexpr std::uint64_t kProblemBelow = 2 * kGiB;   // not even a monthly update fits
    constexpr std::uint64_t kWarningBelow = 20 * kGiB;  // a feature update does not fit
    if (*free >= kWarningBelow) return;
    Finding f;
    f.id = "disk-space";
    f.severity = *free < kProblemBelow ? Severity::Problem : Severity::Warning;
    const std::uint64_t tenths = *free * 10 / kGiB;
    f.title = "Little free space on " + drive + " (" + std::to_string(tenths / 10) + "." + std::to_string(tenths % 10) + " GB)";
    f.evidence.push_back(drive + " has " + std::to_string(*free) + " bytes free");
    f.explanation = *free < kProblemBelow ? "Windows Update needs several GB free to download and install updates."
                                          : "Monthly updates fit, but a feature update needs about 20 GB free.";
    f.nextStep = "Free up space: Settings > System > Storage > Temporary files (or Disk Cleanup > Clean up "
                 "system files).";
    out.push_back(std::move(f));
}

void checkProxy(CheckContext& context, std::vector<Finding>& out) {
    const auto value = context.machine.readValue(kWinHttpKey, "WinHttpSettings");
    if (!value || value->type != kRegBinary || value->data.size() < 16) return;
    const auto& d = value->data;
    auto u32 = [&](std::size_t at) -> std::uint32_t {
        return at + 4 <= d.size() ? d[at] | (d[at + 1] << 8) | (d[at + 2] << 16) | (static_cast<std::uint32_t>(d[at + 3]) << 24) : 0;
    };
    const std::uint32_t flags = u32(8);
    const std::uint32_t length = u32(12);
    if ((flags & 2u) == 0 || length == 0 || 16 + length > d.size()) return;  // 2 = PROXY_TYPE_PROXY
    const std::string proxy(reinterpret_cast<const char*>(d.data() + 16), length);
    const std::string l = lowerAscii(proxy);
    const bool nowhere = l.find("127.0.0.1") != std::string::npos || l.find("localhost") != std::string::npos ||
                         l.find("0.0.0.0") != std::string::npos || l.find("[::1]") != std::string::npos;
    out.push_back(finding("proxy", nowhere ? Severity::Warning : Severity::Info,
                          "Windows Update goes through a proxy: " + proxy,
                          {std::string(kWinHttpKey) + "\\WinHttpSettings: proxy " + proxy},
                          nowhere ? "The machine-wide proxy points at this PC itself: unless a program here relays "
                                    "the traffic, Windows Update cannot reach Microsoft."
                                  : "A machine-wide proxy is set (often by an organisation or a VPN). If it is gone "
                                    "or blocks Microsoft, Windows Update cannot download.",
                          "If you did not set it: in an elevated prompt run  netsh winhttp reset proxy ."));
}

}  // namespace wud
