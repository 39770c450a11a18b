// Service tampering: start types against Windows' default (the catalog), a service that was deleted, and the
// service's binary (ImagePath, or Parameters\ServiceDll for svchost services) or an update engine DLL renamed
// away.
//
// Sources:
// - Start types: Microsoft's defaults as recorded in core's catalog (catalog.cpp); blocker tools set them to
//   Disabled (Sordum Windows Update Blocker, Wu10Man, tsgrgo/windows-update-disabler).
// - Renamed DLLs: ChrisTitusTech/winutil renames usosvc.dll / wuaueng.dll to *.dlle (older versions:
//   *.winutil) (winutil #2962, #3247); others leave *_BAK.dll or Wu10Man_* copies (WereDev/Wu10Man #14;
//   see DESIGN.md "Blocker tools and what they leave").
// - A service key whose permissions deny SYSTEM: wumgr's "Block access to WU" adds deny entries for SYSTEM to
//   the service keys so that Windows cannot turn them back on (DESIGN.md, "Blocker tools and what they leave").
// - WaaSMedicSvc's FailureActions: winutil's "disable updates" edits WaaSMedicSvc's Start and FailureActions
//   (DESIGN.md, "Blocker tools and what they leave") so that the service controller no longer restarts Windows Update
//   Medic. The value is REG_BINARY in the SERVICE_FAILURE_ACTIONS layout with 32-bit offsets, as [MS-SCMR] 2.2.37
//   SERVICE_FAILURE_ACTIONS_WOW64 describes: dwResetPeriod, dwRebootMsgOffset, dwCommandOffset, cActions,
//   dwsaActionsOffset (5 DWORDs), then cActions SC_ACTIONs {Type, Delay}; SC_ACTION_RESTART = 1 ([MS-SCMR] 2.2.19,
//   winsvc.h). Windows' own value (kMedicFailureActions) is the one the Windows 11 22H2 (10.0.22621.1) component
//   manifest of WaaSMedicSvc sets: reset after 900 s, restart after 120 000 ms, restart after 300 000 ms, then no
//   action; Aetherinox/pause-windows-updates' windows-updates-unpause.reg writes the same bytes back. So the repair
//   writes exactly those bytes (journal first; undo puts back what was there). A value that still restarts the
//   service but differs (an administrator's own recovery settings) is left alone: it is not broken.
// - Under Wine the Windows Update service is its own exe, C:\windows\system32\wuauserv.exe (ImagePath), so the
//   ImagePath half of this check is what finds it renamed away there (DESIGN.md, Facts about the platform).
#include "check_util.hpp"

#include "wud/catalog.hpp"

#include <array>
#include <set>

namespace wud {
using namespace checks_detail;

namespace {

// The services blocker tools go after: their binaries and renamed engine DLLs are looked for.
constexpr std::array<std::string_view, 5> kWatched{"wuauserv", "UsoSvc", "WaaSMedicSvc", "BITS", "DoSvc"};

// The update engine DLLs of Windows 10/11: checked even when no service names them (a tool may have pointed
// the service elsewhere too), but only reported when a renamed copy sits beside the missing file — under Wine
// usosvc.dll and WaaSMedicSvc.dll never exist, and that is no fault.
constexpr std::array<std::string_view, 3> kEngineDlls{"wuaueng.dll", "usosvc.dll", "WaaSMedicSvc.dll"};

/// WaaSMedicSvc's FailureActions as Windows 11 22H2's component manifest sets it (see the sources above): reset
/// period 900 s, no reboot message, no command, 3 actions at offset 20: restart after 120 000 ms, restart after
/// 300 000 ms, none.
constexpr std::array<std::uint8_t, 44> kMedicFailureActions{
    0x84, 0x03, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x03, 0x00, 0x00, 0x00,
    0x14, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0xC0, 0xD4, 0x01, 0x00, 0x01, 0x00, 0x00, 0x00,
    0xE0, 0x93, 0x04, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00};

// The catalog's defaults are those of Windows 10 2004 (19041) and later and Windows 11 (catalog.cpp): on older builds
// a service may rightly be missing (WaaSMedicSvc came with 1803), so a missing one is said only from here on.
constexpr std::uint32_t kDefaultsFromBuild = 19041;

std::string serviceKey(std::string_view name) { return std::string(kServicesKey) + "\\" + std::string(name); }

/// The file an ImagePath / ServiceDll names, as a full path.
std::string binaryPath(std::string_view command, MachineAccess& m) {
    std::string text = trim(command);
    std::string path;
    if (text.starts_with("\"")) {
        const auto close = text.find('"', 1);
        path = text.substr(1, close == std::string::npos ? std::string::npos : close - 1);
    } else {
        const std::string l = lowerAscii(text);
        auto exe = l.find(".exe");
        if (exe != std::string::npos) path = text.substr(0, exe + 4);
        else path = text.substr(0, text.find(' '));
    }
    path = expandPath(path, m);
    const std::string l = lowerAscii(path);
    if (l.starts_with("\\systemroot\\")) path = m.systemRoot() + path.substr(11);
    else if (l.starts_with("\\??\\")) path = path.substr(4);
    else if (path.find(':') == std::string::npos && !path.empty()) path = m.systemRoot() + "\\" + path;
    return path;
}

void fileFinding(MachineAccess& m, const std::string& path, const std::string& referencedBy, bool reportMissing,
                 std::set<std::string>& seen, std::vector<Finding>& out) {
    if (path.empty() || !seen.insert(lowerAscii(path)).second) return;
    if (m.fileExists(path)) return;
    const std::string folder = folderOf(path);
    const std::string name = fileNameOf(path);
    std::string renamed;
    for (const std::string& candidate : renamedCandidates(name)) {
        const std::string full = folder + "\\" + candidate;
        if (m.fileExists(full)) {
            renamed = full;
            break;
        }
    }
    if (renamed.empty() && !reportMissing) return;
    Finding f;
    f.id = "file." + lowerAscii(name);
    f.severity = Severity::Problem;
    f.evidence.push_back(path + " is missing");
    if (!referencedBy.empty()) f.evidence.push_back(referencedBy);
    if (!renamed.empty()) {
        f.evidence.push_back(renamed + " is there: the same file renamed away");
        f.title = "A Windows Update file was renamed away: " + name;
        f.explanation = "A \"disable updates\" tool renamed " + name + " so that Windows Update cannot run. The file "
                        "is still there under another name.";
        f.nextStep = "Run the repair: it renames " + fileNameOf(renamed) + " back to " + name +
                     " (nothing is deleted; undo renames it again).";
        f.repair.push_back(FileMove{renamed, path});
    } else {
        f.title = "A Windows Update file is missing: " + name;
        f.explanation = "The service needs " + name + ", and it is gone (no renamed copy was found beside it).";
        f.nextStep = "Repair Windows' own files: run  wudoctor repair-system  as administrator (DISM /Online "
                     "/Cleanup-Image /RestoreHealth, then sfc /scannow), and restart.";
    }
    out.push_back(std::move(f));
}

/// The DACL without its entries that deny SYSTEM; nullopt when there are none. SDDL: "D:<flags>(ace)(ace)...",
/// each ACE "(type;flags;rights;object;inherited object;sid)"; deny types are D and OD.
std::optional<std::string> withoutSystemDenies(std::string_view sddl, std::vector<std::string>& removed) {
    if (!sddl.starts_with("D:")) return std::nullopt;
    const auto first = sddl.find('(');
    std::string out(sddl.substr(0, first == std::string_view::npos ? sddl.size() : first));
    for (std::size_t at = first; at != std::string_view::npos && at < sddl.size();) {
        const auto close = sddl.find(')', at);
        if (close == std::string_view::npos) return std::nullopt;  // not SDDL we understand: leave it alone
        const std::string ace(sddl.substr(at, close - at + 1));
        const auto sid = ace.substr(ace.rfind(';') + 1, ace.size() - ace.rfind(';') - 2);
        const bool deny = ace.starts_with("(D;") || ace.starts_with("(OD;");
        if (deny && (sid == "SY" || sid == "S-1-5-18")) removed.push_back(ace);
        else out += ace;
        at = sddl.find('(', close);
        if (at != std::string_view::npos && at != close + 1) return std::nullopt;  // something else follows (S:...)
    }
    if (removed.empty()) return std::nullopt;
    return out;
}

}  // namespace

// Names "disable updates" tools give a file they rename away (see the sources above).
std::vector<std::string> renamedCandidates(std::string_view file) {
    const std::string name(file);
    const auto dot = name.rfind('.');
    const std::string stem = dot == std::string::npos ? name : name.substr(0, dot);
    const std::string ext = dot == std::string::npos ? std::string() : name.substr(dot);
    return {name + "e",        name + ".winutil", stem + ".winutil", stem + "_BAK" + ext, "Wu10Man_" + name,
            name + ".bak",     name + ".old",     name + ".disabled", name + ".backup",   stem + ".bak"};
}

std::span<const std::string_view> engineDlls() noexcept { return kEngineDlls; }

std::string serviceBinaryPath(std::string_view service, MachineAccess& machine) {
    const std::string key = serviceKey(service);
    const auto image = machine.readValue(key, "ImagePath");
    if (!image) return {};
    const std::string path = binaryPath(asString(*image).value_or(""), machine);
    if (lowerAscii(fileNameOf(path)) != "svchost.exe") return path;
    const auto dll = machine.readValue(key + "\\Parameters", "ServiceDll");
    return dll ? binaryPath(asString(*dll).value_or(""), machine) : std::string();
}

std::vector<RegistryTarget> serviceRepairTargets() {
    return {RegistryTarget{serviceKey("WaaSMedicSvc"), "FailureActions"}};
}

void checkServices(CheckContext& context, std::vector<Finding>& out) {
    // Every catalog service: a Disabled one blocks Windows Update whichever it is, and the verdict and the Checks
    // section speak from these same findings (never "no problems found" under a "disabled" verdict).
    for (const CatalogEntry& entry : catalog()) {
        const std::string_view name = entry.name;
        const QueryResult q = context.services.query(name);
        if (q.error != 0) continue;  // could not read: status already explains a refused query
        const std::string id = "service." + lowerAscii(name);
        if (!q.snapshot.installed) {
            if (context.osBuild < kDefaultsFromBuild) continue;
            Finding f;
            f.id = id + ".missing";
            f.severity = Severity::Warning;
            f.title = std::string(entry.friendlyName) + " (" + std::string(name) + ") is not installed";
            f.evidence.push_back(serviceKey(name) + " does not exist");
            f.explanation = "The service is gone (\"disable updates\" tools delete it). " + std::string(entry.role);
            f.nextStep = "WU Doctor cannot bring a deleted service back. Run  wudoctor repair-system  as administrator "
                         "(DISM /Online /Cleanup-Image /RestoreHealth, then SFC), restart, or use Windows' \"Reset "
                         "this PC > Keep my files\".";
            out.push_back(std::move(f));
            continue;
        }
        if (const auto sddl = context.machine.keySecurity(serviceKey(name))) {
            std::vector<std::string> removed;
            if (const auto repaired = withoutSystemDenies(*sddl, removed)) {
                Finding f;
                f.id = id + ".permissions";
                f.severity = Severity::Problem;
                f.title = "Windows is denied access to " + std::string(entry.friendlyName) + " (" + std::string(name) + ")";
                for (const std::string& ace : removed)
                    f.evidence.push_back(serviceKey(name) + " permissions deny SYSTEM: " + ace);
                f.explanation = "A \"disable updates\" tool locked Windows itself (SYSTEM) out of this service's "
                                "settings, so Windows cannot start or repair it.";
                f.nextStep = "Run the repair: it removes only the entries that deny SYSTEM (the old permissions go to "
                             "the undo journal).";
                f.repair.push_back(KeySecurityChange{serviceKey(name), *repaired});
                out.push_back(std::move(f));
            }
        }
        const StartType current = q.snapshot.startType;
        const StartType wanted = windowsDefault(entry, context.osBuild);
        if (current == StartType::Unknown || windowsSets(entry, context.osBuild, current)) continue;
        Finding f;
        f.id = id + ".start-type";
        const bool disabled = current == StartType::Disabled;
        // Windows Installer installs only some updates (.msi-packaged ones): disabled, it gets in the way rather than
        // stopping Windows Update; every other catalog service is needed for every update.
        f.severity = !disabled ? Severity::Info : name == "msiserver" ? Severity::Warning : Severity::Problem;
        f.title = std::string(entry.friendlyName) + " (" + std::string(name) + ") is " +
                  (disabled ? std::string("disabled") : "set to " + std::string(toString(current)));
        f.evidence.push_back(serviceKey(name) + "\\Start: " + std::string(toString(current)) + " (Windows' default: " +
                             std::string(toString(wanted)) + ")");
        f.explanation = disabled ? "A disabled service cannot start, so Windows Update cannot use it. " + std::string(entry.role)
                                 : "This is not Windows' default start type; it does not stop Windows Update by itself.";
        f.nextStep = "Run the repair: it sets Windows' default start type, " + std::string(toString(wanted)) +
                     " (the old one goes to the undo journal).";
        f.repair.push_back(ServiceStartChange{std::string(name), wanted});
        out.push_back(std::move(f));
    }
}

std::span<const std::uint8_t> medicFailureActionsDefault() noexcept { return kMedicFailureActions; }

void checkMedicFailureActions(CheckContext& context, std::vector<Finding>& out) {
    // WaaSMedicSvc came with Windows 10 1803 (17134); a machine without its key has the "not installed" finding.
    const std::string key = serviceKey("WaaSMedicSvc");
    if (context.osBuild < 17134 || !context.machine.keyExists(key)) return;
    const auto value = context.machine.readValue(key, "FailureActions");
    std::string evidence;
    if (!value) {
        evidence = key + "\\FailureActions is missing";
    } else {
        const auto& d = value->data;
        auto u32 = [&](std::size_t at) -> std::uint32_t {
            return d[at] | (d[at + 1] << 8) | (d[at + 2] << 16) | (static_cast<std::uint32_t>(d[at + 3]) << 24);
        };
        constexpr std::size_t kHeader = 20;   // SERVICE_FAILURE_ACTIONS_WOW64: five DWORDs
        constexpr std::uint32_t kRestart = 1; // SC_ACTION_RESTART
        if (value->type != kRegBinary || d.size() < kHeader) {
            evidence = valueEvidence(key, "FailureActions", *value) + ": not a SERVICE_FAILURE_ACTIONS value";
        } else {
            const std::uint32_t count = u32(12);
            std::size_t at = u32(16);
            if (at < kHeader || at > d.size()) at = kHeader;  // the offset as Windows writes it is 20
            bool restarts = false;
            std::uint32_t listed = 0;
            for (; listed < count && at + 8 <= d.size(); ++listed, at += 8) restarts = restarts || u32(at) == kRestart;
            if (restarts) return;
            evidence = valueEvidence(key, "FailureActions", *value) + ": " + std::to_string(listed) +
                       (listed == 1 ? " action" : " actions") + ", none restarts the service";
        }
    }
    Finding f;
    f.id = "service.waasmedicsvc.failure-actions";
    f.severity = Severity::Warning;
    f.title = "Windows Update Medic is not restarted when it stops";
    f.evidence.push_back(std::move(evidence));
    f.explanation = "Windows sets the Windows Update Medic service to be restarted if it fails; this was taken away "
                    "(\"disable updates\" tools do it), so Windows can no longer repair Windows Update by itself.";
    f.nextStep = "Run the repair: it writes back Windows' own value (restart after 2 and after 5 minutes; the old value "
                 "goes to the undo journal).";
    f.repair.push_back(RegistryChange{key, "FailureActions",
                                      RegValue{kRegBinary, {kMedicFailureActions.begin(), kMedicFailureActions.end()}}});
    out.push_back(std::move(f));
}

void checkEngineFiles(CheckContext& context, std::vector<Finding>& out) {
    MachineAccess& m = context.machine;
    std::set<std::string> seen;
    for (const std::string_view name : kWatched) {
        const std::string key = serviceKey(name);
        const auto image = m.readValue(key, "ImagePath");
        if (!image) continue;
        const std::string command = asString(*image).value_or("");
        std::string path = binaryPath(command, m);
        std::string evidence = valueEvidence(key, "ImagePath", *image);
        if (lowerAscii(fileNameOf(path)) == "svchost.exe") {
            const auto dll = m.readValue(key + "\\Parameters", "ServiceDll");
            if (!dll) continue;
            path = binaryPath(asString(*dll).value_or(""), m);
            evidence = valueEvidence(key + "\\Parameters", "ServiceDll", *dll);
        }
        fileFinding(m, path, evidence, true, seen, out);
    }
    const std::string system32 = m.systemRoot() + "\\System32";
    for (const std::string_view dll : kEngineDlls) fileFinding(m, system32 + "\\" + std::string(dll), {}, false, seen, out);
}

}  // namespace wud
