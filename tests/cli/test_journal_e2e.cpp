// A forged undo journal against the real, elevated wudoctor.com under Wine (every Wine process is elevated, as an
// administrator's `wudoctor undo` would be). Each forged entry is what a standard user's program could write into the
// journal beside the exe on a USB stick or in Downloads — this PC's MachineGuid and name (readable by every user), a
// real finding id and title, and the change it wants made "back" — and the test checks the machine afterwards, not
// WU Doctor's words alone: the registry values, the file's bytes, the service's start type and the key's DACL stay as
// they were. Wine stores DACLs but enforces none, so "only administrators can read the key" is the unit tests' part
// (tests/unit/test_journal_guard.cpp, with the fake machine); here the key exists and is read like Windows would.
#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>

#include "cli_run.hpp"
#include "wine_helpers.hpp"

#include "wud/journal.hpp"
#include "wud/journal_guard.hpp"
#include "wud/machine_access.hpp"
#include "wud/text.hpp"
#include "wud/win32/crypto.hpp"
#include "wud/win32/machine_access.hpp"
#include "wud/win32/service_manager.hpp"

#include <nlohmann/json.hpp>

using namespace wud;
using namespace wud::test;

namespace {

constexpr const char* kWu = R"(HKLM\SOFTWARE\Policies\Microsoft\Windows\WindowsUpdate)";
constexpr const char* kIfeo = R"(HKLM\SOFTWARE\Microsoft\Windows NT\CurrentVersion\Image File Execution Options\sethc.exe)";
constexpr const char* kRun = R"(HKLM\SOFTWARE\Microsoft\Windows\CurrentVersion\Run)";
constexpr const char* kOutsideKey = R"(HKLM\SOFTWARE\WudTestOutside)";

/// What the forged entries would change, as it is now: compared before and after.
struct Snapshot {
    std::optional<RegValue> debugger, run, wuServer;
    std::optional<std::string> networks;
    StartType eventlog = StartType::Unknown;
    std::optional<std::string> outsideDacl;
    bool catroot = false, planted = false;
    friend bool operator==(const Snapshot&, const Snapshot&) = default;
};
Snapshot snapshot(const std::string& planted) {
    return Snapshot{machine().readValue(kIfeo, "Debugger"),
                    machine().readValue(kRun, "WudUpdater"),
                    machine().readValue(kWu, "WUServer"),
                    machine().readFile(system32() + R"(\drivers\etc\networks)"),
                    scm().query("Eventlog").snapshot.startType,
                    machine().keySecurity(kOutsideKey),
                    machine().pathExists(system32() + R"(\catroot2)"),
                    machine().pathExists(planted)};
}

JournalEntry forgedEntry(int id, JournalChange change) {
    JournalEntry e;
    e.id = id;
    e.time = "2026-12-06 10:00:00";
    e.machine = thisMachine(machine());
    e.findingId = "policy.no-auto-update";
    e.title = "Automatic updates are turned off by a policy";
    e.state = EntryState::Applied;
    e.changes.push_back(std::move(change));
    return e;
}

JournalChange registry(std::string key, std::string name, RegValue before) {
    JournalChange c;
    c.kind = JournalChange::Kind::Registry;
    c.key = std::move(key);
    c.name = std::move(name);
    c.before = std::move(before);
    return c;
}

/// The journal file, put back as it was (usually: none) whatever the test did, with the keys it planted.
struct Cleanup {
    std::optional<std::string> journal = machine().readFile(journalFile());
    ~Cleanup() {
        if (journal) machine().replaceFile(journalFile(), *journal);
        else ::DeleteFileW(widen(journalFile()).c_str());
        machine().deleteValue(kWu, "DisableWindowsUpdateAccess");
        machine().deleteTree(R"(C:\users\Public\wud-planted-catroot2)");
        ::RegDeleteKeyExW(HKEY_LOCAL_MACHINE, L"SOFTWARE\\WudTestOutside", KEY_WOW64_64KEY, 0);
    }
};

}  // namespace

TEST_CASE("a forged journal: every entry outside WU Doctor's repairs is refused by the elevated undo, nothing changed", "[journal]") {
    Cleanup cleanup;
    REQUIRE(runCli({"log"}).exit == 0);  // the log folder beside the copy, where the journal is
    REQUIRE(machine().createKey(kOutsideKey, "D:(A;CI;KA;;;SY)(A;CI;KA;;;BA)") == 0);
    // A folder any user can make, with a file in it, that a forged move-aside would put in catroot2's place.
    const std::string planted = R"(C:\users\Public\wud-planted-catroot2)";
    ::CreateDirectoryW(widen(planted).c_str(), nullptr);
    REQUIRE(machine().replaceFile(planted + R"(\catdb)", "planted") == 0);
    std::vector<JournalEntry> entries;
    // The sticky-keys backdoor, a Run key, a System32 file's bytes, a DACL outside the catalogue, a start type of a
    // service outside it, a move-aside of a user's folder onto catroot2.
    entries.push_back(forgedEntry(1, registry(kIfeo, "Debugger", regString(R"(C:\evil.exe)"))));
    entries.push_back(forgedEntry(2, registry(kRun, "WudUpdater", regString(R"(C:\Users\Public\evil.exe)"))));
    JournalChange rewrite;
    rewrite.kind = JournalChange::Kind::FileRewrite;
    rewrite.path = system32() + R"(\drivers\etc\networks)";
    rewrite.beforeBytes = "forged bytes";
    rewrite.afterBytes = machine().readFile(rewrite.path).value_or("");
    entries.push_back(forgedEntry(3, rewrite));
    JournalChange dacl;
    dacl.kind = JournalChange::Kind::KeySecurity;
    dacl.key = kOutsideKey;
    dacl.sddlBefore = "D:(A;CI;KA;;;WD)";
    dacl.sddlAfter = machine().keySecurity(kOutsideKey).value_or("");
    entries.push_back(forgedEntry(4, dacl));
    JournalChange start;
    start.kind = JournalChange::Kind::StartType;
    start.service = "Eventlog";
    start.startBefore = StartType::Disabled;
    start.startAfter = scm().query("Eventlog").snapshot.startType;
    entries.push_back(forgedEntry(5, start));
    JournalChange aside;
    aside.kind = JournalChange::Kind::MoveAside;
    aside.from = system32() + R"(\catroot2)";
    aside.to = planted;
    entries.push_back(forgedEntry(6, aside));
    // Within the catalogue, but not sealed: WUServer pointed at someone's own update server.
    JournalEntry server = forgedEntry(7, registry(kWu, "WUServer", regString("http://10.0.0.66:8530")));
    server.findingId = "policy.wuserver";
    entries.push_back(server);

    Journal journal;
    journal.entries = entries;
    REQUIRE(machine().replaceFile(journalFile(), serializeJournal(journal)) == 0);
    const Snapshot before = snapshot(planted);

    const CliRun list = runCli({"undo", "--json"});
    INFO(describe(list));
    CHECK(list.parsed().at("entries").size() == entries.size());  // listed (the journal is readable) ...

    const CliRun undo = runCli({"undo", "--all", "--json"});
    INFO(describe(undo));
    CHECK(undo.exit == 7);  // ... but refused, every one
    const nlohmann::json doc = undo.parsed();
    REQUIRE(doc.at("results").size() == entries.size());
    for (const nlohmann::json& r : doc.at("results")) {
        INFO(r.dump());
        CHECK(r.at("refused") == true);
        CHECK(r.at("ok") == false);
        CHECK(r.at("message").get<std::string>().find("Nothing was changed") != std::string::npos);
        CHECK(r.at("restored").empty());
    }
    const auto messageOf = [&](int entry) {
        for (const nlohmann::json& r : doc.at("results"))
            if (r.at("entry") == entry) return r.at("message").get<std::string>();
        return std::string();
    };
    CHECK(messageOf(1).find(std::string(kIfeo) + "\\Debugger, which WU Doctor never changes") != std::string::npos);
    CHECK(messageOf(7).find("its seal does not match") != std::string::npos);
    CHECK(snapshot(planted) == before);
    CHECK_FALSE(machine().readValue(kIfeo, "Debugger"));
}

TEST_CASE("an entry WU Doctor wrote undoes exactly; edited afterwards, or sealed outside its repairs, it is refused", "[journal]") {
    Cleanup cleanup;
    ::DeleteFileW(widen(journalFile()).c_str());
    REQUIRE(machine().writeValue(kWu, "DisableWindowsUpdateAccess", regDword(1)) == 0);
    const CliRun repair = runCli({"repair", "policy.disable-access", "--json"});
    INFO(describe(repair));
    REQUIRE(repair.exit == 0);
    CHECK_FALSE(machine().readValue(kWu, "DisableWindowsUpdateAccess"));
    // The first elevated repair made this PC's journal key, readable by SYSTEM and Administrators only. (Wine keeps a
    // key's DACL only while its wineserver runs — system.reg holds none — so after a restart the key shows its
    // parent's: no entry that applies to it lets users in, which the guard accepts as Windows would.)
    REQUIRE(machine().readValue(kJournalKeyStore, kJournalKeyValue));
    CHECK_FALSE(keyStoreExposed(machine().keySecurity(kJournalKeyStore).value_or("(unreadable)")));
    const int entry = repair.parsed().at("results")[0].at("entry").get<int>();
    const std::string written = machine().readFile(journalFile()).value();

    // Edited: the value it would put back changed (the hex of a DWORD 1 -> 0).
    std::string edited = written;
    const std::string from = R"("data": "01000000")";
    REQUIRE(edited.find(from) != std::string::npos);
    edited.replace(edited.find(from), from.size(), R"("data": "00000000")");
    REQUIRE(machine().replaceFile(journalFile(), edited) == 0);
    const CliRun refused = runCli({"undo", std::to_string(entry)});
    INFO(describe(refused));
    CHECK(refused.exit == 7);
    CHECK(refused.out.find("its seal does not match") != std::string::npos);
    CHECK_FALSE(machine().readValue(kWu, "DisableWindowsUpdateAccess"));

    // Sealed with this PC's own key (as if the key had leaked) but outside the repairs: still refused.
    const auto crypto = makeWin32Crypto();
    JournalGuard guard(machine(), *crypto, /*privileged=*/true);
    JournalEntry stolen = forgedEntry(entry + 1, registry(kIfeo, "Debugger", regString(R"(C:\evil.exe)")));
    std::string why;
    REQUIRE(guard.seal(stolen, why));
    CHECK(guard.verifies(stolen));
    std::string reason;
    Journal journal = parseJournal(written, reason).value();
    journal.entries.push_back(stolen);
    REQUIRE(machine().replaceFile(journalFile(), serializeJournal(journal)) == 0);
    const CliRun outside = runCli({"undo", std::to_string(entry + 1)});
    INFO(describe(outside));
    CHECK(outside.exit == 7);
    CHECK(outside.out.find("which WU Doctor never changes") != std::string::npos);
    CHECK_FALSE(machine().readValue(kIfeo, "Debugger"));

    // As written: undone byte for byte.
    const CliRun undo = runCli({"undo", std::to_string(entry)});
    INFO(describe(undo));
    REQUIRE(undo.exit == 0);
    CHECK(machine().readValue(kWu, "DisableWindowsUpdateAccess") == regDword(1));
}

TEST_CASE("Windows' HMAC-SHA256 (CNG, bcrypt.dll from System32) gives RFC 4231's answers", "[journal]") {
    // RFC 4231, test cases 1 and 2: what the journal seal stands on.
    const auto crypto = makeWin32Crypto();
    const auto hex = [](const std::optional<std::string>& bytes) { return bytes ? toHex(*bytes) : std::string("none"); };
    CHECK(hex(crypto->hmacSha256(std::string(20, '\x0b'), "Hi There")) ==
          "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7");
    CHECK(hex(crypto->hmacSha256("Jefe", "what do ya want for nothing?")) ==
          "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
    const auto a = crypto->randomBytes(32), b = crypto->randomBytes(32);
    REQUIRE(a);
    REQUIRE(b);
    CHECK(a->size() == 32);
    CHECK(*a != *b);
}
