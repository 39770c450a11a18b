// Where an elevated WU Doctor may write (write_places.hpp), decided over the facts Windows gives about a folder.
// The facts stand for real Windows folders (their usual DACLs as `icacls` / GetNamedSecurityInfo show them): Wine
// makes owners and DACLs up from Unix permissions and enforces none, and reports no reparse points or hard links on
// any drive, so these rules are shown here, with facts.
#include "wud/sddl.hpp"
#include "wud/write_places.hpp"

#include <catch2/catch.hpp>

#include <set>
#include <string>

using namespace wud;

namespace {

// C:\Program Files\Tools as Windows makes it: TrustedInstaller-owned parent, inherited entries, Users read/execute.
const FolderFacts kProgramFiles{true, true, "S-1-5-80-956008885-3418522649-1831038044-1853292631-2271478464",
                                "D:AI(A;OICIID;FA;;;SY)(A;OICIID;FA;;;BA)(A;OICIID;0x1200a9;;;BU)(A;OICIIOID;GA;;;CO)"};
// A folder in Downloads: owned by the user, who has full control.
const FolderFacts kDownloads{true, true, "S-1-5-21-1004336348-1177238915-682003330-1001",
                             "D:AI(A;OICIID;FA;;;SY)(A;OICIID;FA;;;BA)(A;OICIID;FA;;;S-1-5-21-1004336348-1177238915-682003330-1001)"};
// A FAT32 / exFAT USB stick: no DACL at all, no links either.
const FolderFacts kFatStick{true, false, "", ""};
// An NTFS stick formatted with Windows' defaults: Authenticated Users may modify.
const FolderFacts kNtfsStick{true, true, "BA", "D:(A;OICI;FA;;;BA)(A;OICI;FA;;;SY)(A;OICI;0x1301bf;;;AU)(A;OICI;0x1200a9;;;BU)"};
// C:\ProgramData\WUDoctor as a standard user could make it before WU Doctor first ran elevated (squatting).
const FolderFacts kSquatted{true, true, "S-1-5-21-1004336348-1177238915-682003330-1001",
                            "D:(A;OICI;FA;;;S-1-5-21-1004336348-1177238915-682003330-1001)(A;OICI;FA;;;SY)(A;OICI;FA;;;BA)"};
// ... and as WU Doctor makes it (kProtectedFolderSddl).
const FolderFacts kOurs{true, true, "BA", "D:P(A;OICI;FA;;;SY)(A;OICI;FA;;;BA)(A;OICI;0x1200a9;;;BU)"};

}  // namespace

TEST_CASE("Write places: only folders no standard user can change are safe for an elevated WU Doctor on NTFS", "[security]") {
    CHECK(adminOnly(kProgramFiles));
    CHECK(safeForElevatedWrites(kProgramFiles));
    CHECK(adminOnly(kOurs));
    CHECK_FALSE(safeForElevatedWrites(kDownloads));  // a junction planted there would redirect the log's rotation
    CHECK_FALSE(safeForElevatedWrites(kNtfsStick));
    CHECK_FALSE(safeForElevatedWrites(kSquatted));   // the owner may rewrite the DACL at any time
    CHECK_FALSE(safeForElevatedWrites(FolderFacts{false, true, "BA", kOurs.daclSddl}));  // not there
    CHECK_FALSE(adminOnly(FolderFacts{true, true, "BA", "D:NO_ACCESS_CONTROL"}));       // a NULL DACL: anyone
    CHECK_FALSE(adminOnly(FolderFacts{true, true, "BA", ""}));                          // unreadable: assume the worst
    CHECK_FALSE(adminOnly(FolderFacts{true, true, "BA", "D:(A;;FA;;;SY)(A;;0x2;;;WD)"}));  // Everyone may add files
    CHECK(adminOnly(FolderFacts{true, true, "SY", "D:(A;;FA;;;SY)(D;;FA;;;WD)(A;;FR;;;WD)"}));  // read only for others
}

TEST_CASE("Write places: a volume with no links at all (a FAT stick) is safe to write, if not to trust", "[security]") {
    // Anyone may write files on a FAT32 stick, but no one can plant a junction or hard link there to redirect ours.
    // (What is read from there, the journal, is trusted only by its seal: journal_guard.hpp.)
    CHECK(safeForElevatedWrites(kFatStick));
    CHECK_FALSE(adminOnly(kFatStick));
}

TEST_CASE("Write places: where the log goes, with and without administrator rights", "[security]") {
    const std::string exe = R"(E:\Tools)", lad = R"(C:\Users\Bob\AppData\Local)", pd = R"(C:\ProgramData)";
    auto folders = [](const std::vector<log::Place>& places) {
        std::vector<std::string> out;
        for (const log::Place& p : places) out.push_back(p.folder + (p.fallback ? " (fallback)" : ""));
        return out;
    };
    // Without rights: beside the exe, then LOCALAPPDATA, as always.
    CHECK(folders(logPlaces(exe, false, lad, pd, false)) ==
          std::vector<std::string>{R"(E:\Tools\wudoctor-logs)", R"(C:\Users\Bob\AppData\Local\WUDoctor\logs (fallback))"});
    // Elevated from a safe folder (Program Files, a FAT stick): beside the exe, then ProgramData; never LOCALAPPDATA.
    CHECK(folders(logPlaces(exe, true, lad, pd, true)) ==
          std::vector<std::string>{R"(E:\Tools\wudoctor-logs)", R"(C:\ProgramData\WUDoctor\logs (fallback))"});
    // Elevated from a folder a user controls: ProgramData only.
    CHECK(folders(logPlaces(exe, false, lad, pd, true)) == std::vector<std::string>{R"(C:\ProgramData\WUDoctor\logs)"});
    // ... and that is where a standard user's window looks for the elevated copy's journal.
    CHECK(elevatedLogFolder(exe, false, pd) == R"(C:\ProgramData\WUDoctor\logs)");
    CHECK(elevatedLogFolder(exe, true, pd) == R"(E:\Tools\wudoctor-logs)");
}

TEST_CASE("SDDL: entries and rights as Windows writes them", "[security]") {
    const auto aces = daclAces("O:BAD:PAI(A;OICI;FA;;;SY)(D;;0x2;;;WD)(A;CIIO;GR;;;BU)S:(AU;SA;FA;;;WD)");
    REQUIRE(aces);
    REQUIRE(aces->size() == 3);
    CHECK((*aces)[0].rights == 0x1F01FF);
    CHECK((*aces)[0].allows());
    CHECK_FALSE((*aces)[1].allows());
    CHECK((*aces)[2].inheritOnly());
    CHECK(rightsMask("CCDCLCSWRPWPDTLOCRSDRCWDWO") == 0xF01FFu);
    CHECK(rightsMask("0x1200a9") == 0x1200A9u);
    CHECK_FALSE(rightsMask("ZZ"));
    for (const char* malformed : {"O:BA", "D:(A;;FA;;;SY", "D:(A;;FA;;SY)", "D:(A;;FA;;;SY)junk"}) {
        INFO(malformed);
        CHECK_FALSE(daclAces(malformed));
    }
    CHECK(trustedSid("S-1-5-80-956008885-3418522649-1831038044-1853292631-2271478464"));
    CHECK_FALSE(trustedSid("BU"));
}

TEST_CASE("Write places: a copy run as SYSTEM or from a temporary folder logs where the copy's deletion cannot take it",
          "[security]") {
    // PsExec -c copies into ADMIN$ (C:\Windows) and deletes the copy; remote sessions and Ansible run from %TEMP%.
    const std::vector<std::string> temp{R"(C:\Users\Bob\AppData\Local\Temp\)", R"(C:\Windows\Temp)"};
    const std::vector<std::string> copies{R"(C:\Windows)"};
    CHECK(transientExe(R"(C:\Windows)", temp, copies));
    CHECK(transientExe(R"(c:\windows\temp\ansible-tmp-1\)", temp, copies));
    CHECK(transientExe(R"(C:\Users\Bob\AppData\Local\Temp)", temp, copies));
    CHECK_FALSE(transientExe(R"(C:\Windows\System32)", temp, copies));        // only ADMIN$ itself is PsExec's
    CHECK_FALSE(transientExe(R"(C:\Users\Bob\AppData\Local\Temporary)", temp, copies));  // whole components only
    CHECK_FALSE(transientExe(R"(E:\Tools)", temp, copies));

    const std::string exe = R"(C:\Windows)", lad = R"(C:\Windows\system32\config\systemprofile\AppData\Local)",
                      pd = R"(C:\ProgramData)";
    // Elevated (SYSTEM is): %ProgramData%\WUDoctor\logs only, even when the copy's folder would be safe to write.
    const auto elevated = logPlaces(exe, true, lad, pd, true, true);
    REQUIRE(elevated.size() == 1);
    CHECK(elevated[0].folder == R"(C:\ProgramData\WUDoctor\logs)");
    // Without rights: the user's own LOCALAPPDATA, never beside a copy that is about to go.
    const auto user = logPlaces(exe, false, lad, pd, false, true);
    REQUIRE(user.size() == 1);
    CHECK(user[0].folder == lad + R"(\WUDoctor\logs)");
}

TEST_CASE("Write places: --log-dir is refused to an elevated WU Doctor when non-administrators can change it", "[security]") {
    // Facts as Windows gives them (Wine makes DACLs up): see the constants above.
    CHECK(logDirProblem("D:\\logs", kOurs, kProgramFiles, true).empty());
    CHECK_THAT(logDirProblem("C:\\Users\\Bob\\Downloads\\logs", kDownloads, kDownloads, true), Catch::Contains("confused deputy"));
    CHECK_THAT(logDirProblem("E:\\logs", kNtfsStick, kNtfsStick, true), Catch::Contains("can be changed by users"));
    CHECK_THAT(logDirProblem("C:\\Users\\Bob\\ours", kOurs, kDownloads, true), Catch::Contains("is in a folder users"));
    CHECK_THAT(logDirProblem("F:\\logs", kFatStick, kFatStick, true), Catch::Contains("can be changed by users"));
    CHECK_THAT(logDirProblem("X:\\none", FolderFacts{}, kProgramFiles, true), Catch::Contains("could not be made"));
    CHECK(logDirProblem("C:\\Users\\Bob\\Downloads\\logs", kDownloads, kDownloads, false).empty());  // the user's own
}

namespace {

/// Who may write, and who may only read, by the entries of a DACL (SDDL): the SIDs with any of kWriteRights, and those
/// allowed to read without them.
struct Access {
    std::set<std::string> write, readOnly;
    bool inheritsNothing = false;  ///< "D:P": the parent's entries do not flow in
};
Access accessOf(const std::string& sddl) {
    Access access;
    const auto d = sddl.find("D:");
    access.inheritsNothing = d != std::string::npos && sddl.compare(d, 3, "D:P") == 0;
    const auto aces = daclAces(sddl.substr(d == std::string::npos ? 0 : d));
    REQUIRE(aces);
    for (const Ace& ace : *aces) {
        REQUIRE(ace.allows());  // WU Doctor's folder has no deny entries to get wrong
        ((ace.rights & kWriteRights) != 0 ? access.write : access.readOnly).insert(ace.sid);
    }
    return access;
}

}  // namespace

TEST_CASE("Write places: run as SYSTEM or from a copy, the log folder is %ProgramData%\\WUDoctor\\logs, which only "
          "SYSTEM and Administrators can change and Users can read", "[security]") {
    // Intune and PsExec -s run WU Doctor as SYSTEM (elevated, transient): the only place is the protected folder...
    const auto places = logPlaces(R"(C:\Windows)", true, R"(C:\Windows\system32\config\systemprofile\AppData\Local)",
                                  R"(C:\ProgramData)", true, true);
    REQUIRE(places.size() == 1);
    CHECK(places[0].folder == protectedLogFolder(R"(C:\ProgramData)"));
    CHECK(protectedLogFolder(R"(C:\ProgramData)") == R"(C:\ProgramData\WUDoctor\logs)");
    // ... made with these permissions from its first moment (ensureProtectedLogFolder passes kProtectedFolderSddl to
    // CreateDirectory): SYSTEM and Administrators write, Users read (0x1200a9: read, list, execute), nobody else; owned
    // by Administrators; nothing inherited. Asserted here on what WU Doctor asks for, not read back from a folder:
    // Wine ignores the security descriptor passed to CreateDirectory and enforces no DACL (README, "Wine is not
    // Windows"), so under Wine the folder would show Wine's made-up owner and DACL whatever was asked.
    const Access access = accessOf(std::string(kProtectedFolderSddl));
    CHECK(access.write == std::set<std::string>{"SY", "BA"});
    CHECK(access.readOnly == std::set<std::string>{"BU"});
    CHECK(access.inheritsNothing);
    CHECK(std::string(kProtectedFolderSddl).starts_with("O:BA"));
    CHECK(adminOnly(FolderFacts{true, true, "BA", std::string(kProtectedFolderSddl).substr(4)}));
}
