// The --json-line contract through the real wudoctor.com under Wine, as an engine (Intune, PowerShell remoting,
// PsExec, ConfigMgr, Ansible) keeps it: for every command of the table of commands (app/cli/cli_commands.cpp) and
// every exit code it can give here, exactly one line on stdout, ASCII, at most 2,000 characters, valid JSON, whose
// exit_code is the process's, with `log`. Each state is planted in the test prefix (a policy value, a Disabled or
// removed service, a hung fixture, a pending restart, a damaged or forged journal) and put back after the row.
//
// What Wine cannot show is covered through the fakes, named here so the table's gaps are visible:
// - exit 3 (administrator rights needed): every Wine process is elevated (TokenIsElevated = 1). It stands for a
//   standard user's prompt on Windows: tests/unit/test_json_line.cpp "JSON line through the fake SCM: ..." (services),
//   test_repair_system_command.cpp (repair-system), test_fleet.cpp (a remote computer's access denied).
// - exit 4 for start / scan and 1 for status (a query refused while elevated): a service start that never ends and a
//   Windows Update Agent that never answers need the fake SCM / stand-in agent: test_json_line.cpp's table and
//   test_scan_e2e.cpp; Wine's SCM never refuses an elevated query.
// - fix's 5 (wuauserv not installed: a missing UsoSvc is normal before Windows 10, and fix goes on without it) would
//   mean removing Wine's own wuauserv: exitCodeFor's table in test_cli_parse.cpp.
// - --log-dir accepted while elevated: Wine ignores the security descriptor given to CreateDirectory and makes every
//   folder's owner up (S-1-5-21-0-0-0-1000), so an elevated WU Doctor under Wine refuses every --log-dir (the refusal
//   is test_cli_e2e.cpp's); the accepted folder is test_write_places.cpp's, with Windows' facts.
// Run by e2e.sh (WUD_CLI_EXE: a copy in a writable folder; WUD_CLI_RO_DIR: a copy in a read-only one).
#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>

#include "cli_line.hpp"
#include "cli_run.hpp"
#include "service_config_guard.hpp"
#include "wine_helpers.hpp"

#include "wud/checks.hpp"
#include "wud/journal.hpp"
#include "wud/journal_guard.hpp"
#include "wud/text.hpp"

#include "cli_commands.hpp"

#include <nlohmann/json.hpp>

#include <array>
#include <filesystem>
#include <functional>
#include <memory>
#include <set>

using namespace wud;
using namespace wud::test;
using nlohmann::json;

namespace {

const std::string kWu(kWuPolicyKey), kAu(kAuPolicyKey);
constexpr const wchar_t* kRebootPending =
    LR"(SOFTWARE\Microsoft\Windows\CurrentVersion\Component Based Servicing\RebootPending)";

/// What a row planted, put back when the row ends.
using Planted = std::shared_ptr<void>;
Planted whenDone(std::function<void()> undo) {
    return {nullptr, [undo = std::move(undo)](void*) { undo(); }};
}
Planted both(Planted first, Planted second) { return std::make_shared<std::pair<Planted, Planted>>(first, second); }

/// Every policy value a row or test here plants: key, name.
const std::vector<std::pair<std::string, std::string>>& plantedValues() {
    static const std::vector<std::pair<std::string, std::string>> values{
        {kWu, "WUServer"}, {kWu, "WUStatusServer"}, {kAu, "UseWUServer"}, {kAu, "NoAutoUpdate"},
        {kWu, "DoNotConnectToWindowsUpdateInternetLocations"}, {kWu, "DisableWindowsUpdateAccess"},
        {kWu, "SetDisableUXWUAccess"}, {std::string(kUxSettingsKey), "PauseUpdatesExpiryTime"},
        {std::string(kExplorerPolicyKey), "SettingsPageVisibility"}};
    return values;
}

/// The catalog's services, all Manual as prefix.sh's setup leaves them (its `stock` is for the window's tests).
constexpr std::array<const char*, 8> kCatalog{"CryptSvc", "UsoSvc", "DoSvc", "BITS", "wuauserv", "TrustedInstaller",
                                              "WaaSMedicSvc", "msiserver"};

/// The prefix as every row starts and ends, whatever an earlier (or killed) run left: no planted policy, no pending
/// restart, no journal, every catalog service Manual.
void cleanPrefix() {
    for (const auto& [key, name] : plantedValues()) machine().deleteValue(key, name);
    ::RegDeleteKeyExW(HKEY_LOCAL_MACHINE, kRebootPending, KEY_WOW64_64KEY, 0);
    ::DeleteFileW(widen(journalFile()).c_str());
    for (const char* name : kCatalog) scm().setStartType(name, StartType::Manual);
}

/// A blocker's fake update server (a problem that `repair` can take back).
Planted blockedServer() {
    REQUIRE(machine().writeValue(kWu, "WUServer", regString(" ")) == 0);
    REQUIRE(machine().writeValue(kAu, "UseWUServer", regDword(1)) == 0);
    return whenDone(cleanPrefix);
}

/// Windows waits for a restart (CBS RebootPending): reset-cache and repair-system refuse (7).
Planted restartPending() {
    UniqueHkey key;
    REQUIRE(::RegCreateKeyExW(HKEY_LOCAL_MACHINE, kRebootPending, 0, nullptr, 0, KEY_WRITE | KEY_WOW64_64KEY, nullptr,
                              key.put(), nullptr) == ERROR_SUCCESS);
    return whenDone(cleanPrefix);
}

/// Update Orchestrator Disabled (and stopped): starting it fails with 1058.
Planted disabledUsoSvc() {
    auto guard = std::make_shared<ServiceConfigGuard>("UsoSvc");
    guard->setStartType(SERVICE_DISABLED);
    return guard;
}

Planted disabledWuauserv() {
    REQUIRE(scm().setStartType("wuauserv", StartType::Disabled) == 0);
    return whenDone(cleanPrefix);
}

/// The undo journal is not a journal: nothing is repaired or undone until it is moved aside (1).
Planted damagedJournal() {
    REQUIRE(runCli({"log"}).exit == 0);  // the log folder beside the copy, where the journal lives
    REQUIRE(machine().replaceFile(journalFile(), "{ this is not a journal") == 0);
    return whenDone(cleanPrefix);
}

/// A journal entry a standard user's program could write beside the exe: not sealed, so the elevated undo refuses it.
Planted forgedEntry() {
    REQUIRE(runCli({"log"}).exit == 0);
    // Designated: the entry a program could write, field by field, with the one change it asks undo to "put back".
    JournalEntry entry{.id = 1,
                       .time = "2026-12-06 10:00:00",
                       .machine = thisMachine(machine()),
                       .findingId = "policy.wuserver",
                       .title = "Windows Update is pointed at an update server that is not there",
                       .state = EntryState::Applied};
    entry.changes.push_back(JournalChange{.kind = JournalChange::Kind::Registry, .key = kWu, .name = "WUServer",
                                          .before = regString("http://10.0.0.66:8530")});
    Journal journal;
    journal.entries.push_back(entry);
    REQUIRE(machine().replaceFile(journalFile(), serializeJournal(journal)) == 0);
    return whenDone(cleanPrefix);
}

/// A catalog service removed for the row (5), created again as it was afterwards.
Planted removed(std::string service) {
    auto guard = std::make_shared<ServiceConfigGuard>(std::move(service));
    guard->uninstall();
    return guard;
}

/// A running service whose stop hangs (STOP_PENDING, the checkpoint never moves): a short --timeout gives 4.
Planted hungStop(std::string service) {
    auto guard = std::make_shared<ServiceConfigGuard>(service);
    guard->addFlags("--hang-stop --hang-limit 60000");
    REQUIRE(bringTo(scm(), service, ServiceState::Running).state == ServiceState::Running);
    return guard;
}

/// Nowhere to log: the read-only copy's folder, and a file where %ProgramData%\WUDoctor would be.
Planted nowhereToLog() {
    const std::wstring folder = widen(programDataFolder() + "\\WUDoctor"), aside = folder + L".wudtest-aside";
    REQUIRE(::MoveFileExW(folder.c_str(), aside.c_str(), 0));
    const UniqueFile blocker{::CreateFileW(folder.c_str(), GENERIC_WRITE, 0, nullptr, CREATE_NEW, 0, nullptr)};
    REQUIRE(blocker);
    return whenDone([folder, aside] {
        ::DeleteFileW(folder.c_str());
        ::MoveFileExW(aside.c_str(), folder.c_str(), 0);
    });
}

std::string readOnlyCopy() { return env("WUD_CLI_RO_DIR") + "\\wudoctor.com"; }

/// One row: what the user typed (without --json-line), the exit code they get, and the state that gives it.
struct Row {
    const char* name;  ///< what the user would see
    std::vector<std::string> args;
    int exit;
    std::function<Planted()> plant = [] { return Planted(); };
    std::function<std::string()> exe = [] { return std::string(); };
};

const std::vector<Row>& rows() {
    static const std::vector<Row> table{
        {"status of UsoSvc and wuauserv", {"status"}, 0},
        {"status of a service WU Doctor does not know", {"status", "nosuch"}, 2},
        {"status of a service that is not installed", {"status", "DoSvc"}, 5, [] { return removed("DoSvc"); }},
        {"start wuauserv", {"start", "wuauserv"}, 0},
        {"start a Disabled Update Orchestrator: repair-start-type advised", {"start", "UsoSvc"}, 1, disabledUsoSvc},
        {"start without a service", {"start"}, 2},
        {"start a service that is not installed", {"start", "DoSvc"}, 5, [] { return removed("DoSvc"); }},
        {"stop wuauserv", {"stop", "wuauserv"}, 0},
        {"stop a service whose stop hangs, past --timeout", {"stop", "WaaSMedicSvc", "--timeout", "3"}, 4,
         [] { return hungStop("WaaSMedicSvc"); }},
        {"stop with a --timeout that is not a number", {"stop", "wuauserv", "--timeout", "soon"}, 2},
        {"stop a service that is not installed", {"stop", "DoSvc"}, 5, [] { return removed("DoSvc"); }},
        {"restart wuauserv", {"restart", "wuauserv"}, 0},
        {"restart a Disabled wuauserv", {"restart", "wuauserv"}, 1, disabledWuauserv},
        {"restart a service WU Doctor does not know", {"restart", "nosuch"}, 2},
        {"restart a service whose stop hangs", {"restart", "WaaSMedicSvc", "--timeout", "3"}, 4,
         [] { return hungStop("WaaSMedicSvc"); }},
        {"restart a service that is not installed", {"restart", "DoSvc"}, 5, [] { return removed("DoSvc"); }},
        {"fix", {"fix"}, 0},
        {"fix with wuauserv Disabled", {"fix"}, 1, disabledWuauserv},
        {"fix with a service named (fix takes none)", {"fix", "wuauserv"}, 2},
        {"fix while Update Orchestrator's stop hangs", {"fix", "--timeout", "3"}, 4, [] { return hungStop("UsoSvc"); }},
        {"repair-start-type wuauserv", {"repair-start-type", "wuauserv"}, 0, disabledWuauserv},
        {"repair-start-type without a service", {"repair-start-type"}, 2},
        {"repair-start-type of a service that is not installed", {"repair-start-type", "DoSvc"}, 5,
         [] { return removed("DoSvc"); }},
        {"set-start-type wuauserv manual", {"set-start-type", "wuauserv", "manual"}, 0},
        {"set-start-type to a type that does not exist", {"set-start-type", "wuauserv", "sometimes"}, 2},
        {"set-start-type of a service that is not installed", {"set-start-type", "DoSvc", "manual"}, 5,
         [] { return removed("DoSvc"); }},
        {"troubleshoot with an argument", {"troubleshoot", "now"}, 2},
        {"report", {"report"}, 0},
        {"report with an unknown option", {"report", "--loud"}, 2},
        {"report without Update Orchestrator installed", {"report"}, 5, [] { return removed("UsoSvc"); }},
        {"log", {"log"}, 0},
        {"log with nowhere to write", {"log"}, 1, nowhereToLog, readOnlyCopy},
        {"log with an argument", {"log", "now"}, 2},
        {"check of a clean prefix", {"check"}, 0},
        {"check with an unknown option", {"check", "--deep"}, 2},
        {"check with a blocker's update server", {"check"}, 6, blockedServer},
        {"detect of a clean prefix", {"detect"}, 0},
        {"detect with a blocker's update server: remediate", {"detect"}, 1, blockedServer},
        {"detect with an argument", {"detect", "now"}, 2},
        {"repair the blocker's update server", {"repair", "policy.wuserver"}, 0, blockedServer},
        {"repair with a damaged journal", {"repair", "policy.wuserver"}, 1,
         [] { return both(blockedServer(), damagedJournal()); }},
        {"repair of a finding that does not exist", {"repair", "no.such.finding"}, 2},
        {"remediate the blocker's update server", {"remediate"}, 0, blockedServer},
        {"remediate with a damaged journal", {"remediate"}, 1,
         [] { return both(blockedServer(), damagedJournal()); }},
        {"remediate with an argument", {"remediate", "now"}, 2},
        {"undo: the journal listed", {"undo"}, 0},
        {"undo with a damaged journal", {"undo", "--all"}, 1, damagedJournal},
        {"undo of an entry that is not a number", {"undo", "first"}, 2},
        {"undo of a forged entry: refused", {"undo", "1"}, 7, forgedEntry},
        {"reset-cache --remove-old-backups with none", {"reset-cache", "--remove-old-backups"}, 0},
        {"reset-cache with an unknown option", {"reset-cache", "--hard"}, 2},
        {"reset-cache while a restart is pending: refused", {"reset-cache"}, 7, restartPending},
        {"explain a known code", {"explain", "0x80070005"}, 0},
        {"explain an unknown code", {"explain", "0x2BADF00D"}, 1},
        {"explain without a code", {"explain"}, 2},
        {"history: Wine's agent keeps none", {"history"}, 1},
        {"history --max 0", {"history", "--max", "0"}, 2},
        {"repair-system: Wine has no DISM", {"repair-system", "--scan-only"}, 1},
        {"repair-system with a --source that is not there", {"repair-system", "--source", "Z:\\no-such.wim"}, 2},
        {"repair-system while a restart is pending: refused", {"repair-system"}, 7, restartPending},
        {"scan: Wine's agent cannot search", {"scan"}, 1},
        {"scan --timeout 0", {"scan", "--timeout", "0"}, 2},
        {"a command that does not exist", {"frobnicate"}, 2},
        {"--json and --json-line together", {"status", "--json"}, 2},
    };
    return table;
}

}  // namespace

TEST_CASE("JSON line e2e: every command and each exit code it gives here is one ASCII line of at most 2,000 characters "
          "whose exit_code is the process's", "[json-line-e2e]") {
    cleanPrefix();
    std::set<std::pair<std::string, int>> seen;
    for (const Row& row : rows()) {
        CliRun run;
        {
            const Planted planted = row.plant();
            std::vector<std::string> args = row.args;
            args.push_back("--json-line");
            run = runCli(args, {}, row.exe());
        }
        INFO("row: " << row.name << "\n" << describe(run));
        const json line = requireOneLine(run);
        CHECK(run.exit == row.exit);
        if (run.exit == 2) {
            CHECK(line.at("verdict") == "usage_error");
            CHECK(line.at("message").is_string());
        } else {
            CHECK(line.at("command") == row.args.front());
        }
        if (run.exit != 0) CHECK(line.at("verdict") != "ok");
        seen.emplace(row.args.front(), run.exit);
    }
    cleanPrefix();
    // Every command of the table has rows, with success or its own "nothing wrong" and a usage error at least.
    for (const cli::CommandInfo& command : cli::allCommands()) {
        INFO(command.name);
        CHECK(seen.contains({std::string(command.name), 2}));
    }
}

namespace {

/// A copy of the CLI under test in a folder of its own, which the test makes and removes with what is in it: the
/// copy logs beside itself (an elevated copy may there: a Wine drive has no links), so the folder's name is in `log`.
class CopyIn {
public:
    explicit CopyIn(const std::string& folder) : folder_(folder) {
        removeTop();  // what a killed run left
        REQUIRE(std::filesystem::create_directories(std::filesystem::path(widen(folder_))));
        REQUIRE(::CopyFileW(widen(env("WUD_CLI_EXE")).c_str(), widen(exe()).c_str(), TRUE));
    }
    ~CopyIn() { removeTop(); }
    CopyIn(const CopyIn&) = delete;
    CopyIn& operator=(const CopyIn&) = delete;
    std::string exe() const { return folder_ + "\\wudoctor.com"; }
    std::string log() const { return folder_ + "\\wudoctor-logs\\wudoctor.log"; }

private:
    void removeTop() const {
        std::error_code ignored;
        std::filesystem::remove_all(std::filesystem::path(widen(folder_.substr(0, folder_.find('\\', 3)))), ignored);
    }

    std::string folder_;
};

std::string repeated(std::string_view text, int times) {
    std::string out;
    for (int i = 0; i < times; ++i) out += text;
    return out;
}

}  // namespace

TEST_CASE("JSON line e2e: non-ASCII paths and arguments are \\u escapes in the line that read back exactly",
          "[json-line-e2e]") {
    // A technician's tools folder named in French and Chinese: the log beside the copy is in the line as escapes.
    const CopyIn copy("C:\\wud-caf\xC3\xA9-" + std::to_string(::GetCurrentProcessId()) + "\\\xE5\xB7\xA5\xE5\x85\xB7");
    const CliRun run = runCli({"status", "--json-line"}, {}, copy.exe());
    INFO(describe(run));
    const json line = requireOneLine(run);
    CHECK(run.exit == 0);
    CHECK(line.at("log") == copy.log());
    CHECK_THAT(run.out, Catch::Contains("wud-caf\\u00e9-"));
    CHECK_THAT(run.out, Catch::Contains("\\u5de5\\u5177"));
    CHECK_THAT(readText(copy.log()), Catch::Contains("status service=wuauserv"));  // the log really is there
    // A service named in a non-ASCII spelling is refused, and the line quotes it escaped, exactly.
    const CliRun odd = runCli({"status", "W\xC3\xBC" "auserv", "--json-line"});
    INFO(describe(odd));
    const json refused = requireOneLine(odd);
    CHECK(odd.exit == 2);
    CHECK_THAT(odd.out, Catch::Contains("W\\u00fcauserv"));
    CHECK_THAT(refused.at("message").get<std::string>(), Catch::Contains("W\xC3\xBC" "auserv"));
}

TEST_CASE("JSON line e2e: a check with more findings than fit is cut honestly: at most 2,000 characters, truncated, how "
          "many findings were left out, problems first, and the exit code still 6", "[json-line-e2e]") {
    // What blocker tools leave (policies, a pause for decades, Settings' page hidden, update hosts sent nowhere, every
    // catalog service Disabled), with a pending restart; and the technician's tools in a folder named in Japanese:
    // the line would be longer than Intune keeps.
    cleanPrefix();
    const std::string hosts = system32() + "\\drivers\\etc\\hosts";
    struct Restore {
        std::string hostsFile, hostsText;
        ~Restore() {
            machine().replaceFile(hostsFile, hostsText);
            cleanPrefix();
        }
    } restore{hosts, machine().readFile(hosts).value_or("")};
    for (const auto& [key, name] : plantedValues()) {
        const bool text = name == "WUServer" || name == "WUStatusServer";
        const RegValue value = name == "PauseUpdatesExpiryTime"   ? regString("2051-01-01T00:00:00Z")
                               : name == "SettingsPageVisibility" ? regString("hide:windowsupdate")
                               : text                             ? regString(" ")
                                                                  : regDword(1);
        REQUIRE(machine().writeValue(key, name, value) == 0);
    }
    REQUIRE(machine().replaceFile(hosts, restore.hostsText + "0.0.0.0 update.microsoft.com\r\n") == 0);
    for (const char* name : kCatalog) {
        bringTo(scm(), name, ServiceState::Stopped);
        REQUIRE(scm().setStartType(name, StartType::Disabled) == 0);
    }
    const Planted pending = restartPending();

    const CliRun whole = runCli({"check", "--json"});
    INFO(describe(whole));
    REQUIRE(whole.exit == 6);
    const json doc = whole.parsed();
    const std::size_t findings = doc.at("findings").size();
    REQUIRE(findings >= 15);

    // The copy in C:\<日本 x 37>\<日本 x 37>\<日本 x 37>: 222 characters that are 6 each in the line (the log's
    // path stays under MAX_PATH; each name under the 255 bytes of a Linux file name).
    const std::string japan = repeated("\xE6\x97\xA5\xE6\x9C\xAC", 37);
    const CopyIn copy("C:\\" + japan + "\\" + japan + "\\" + japan);
    const CliRun run = runCli({"check", "--json-line"}, {}, copy.exe());
    INFO(describe(run));
    const json line = requireOneLine(run);
    CHECK(run.exit == 6);
    CHECK(line.at("exit_code") == 6);
    CHECK(line.at("verdict") == "problems");
    REQUIRE(line.value("truncated", false));
    // The counts are whole; the list is cut from its end, and says by how many.
    CHECK(line.at("problems") == doc.at("problems"));
    REQUIRE(line.at("findings").is_array());
    REQUIRE(line.contains("omitted"));
    CHECK(line.at("omitted").at("findings").get<std::size_t>() + line.at("findings").size() == findings);
    CHECK(line.at("omitted").at("findings").get<std::size_t>() > 0);
    REQUIRE_FALSE(line.at("findings").empty());
    CHECK(line.at("findings")[0] == doc.at("findings").at(0).at("id"));
    CHECK(doc.at("findings").at(0).at("severity") == "problem");
    CHECK(line.at("log") == copy.log());  // the path is whole: the list gave way first
    CHECK(run.out.size() - 1 > 1800);               // cut to fit, not emptied
}
