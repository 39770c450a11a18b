// What SFC writes, read as data: its redirected output (UTF-16LE, CR-separated, localized progress) and the
// [SR] lines of CBS.log. The sample lines follow Microsoft's KB928228 and published Windows 10/11 CBS.log excerpts
// (sfc_parse.hpp lists them); the progress lines are the forms sfc prints in English, German, French, Turkish and
// Japanese Windows.
#include <catch2/catch.hpp>

#include "wud/fake_system_repair.hpp"  // utf16le()
#include "wud/sfc_parse.hpp"

#include <string>
#include <vector>

using namespace wud;
using Catch::Matchers::Equals;

namespace {

std::vector<std::string> readAll(std::string_view bytes, std::size_t piece) {
    SfcOutputReader reader;
    std::vector<std::string> lines;
    for (std::size_t at = 0; at < bytes.size(); at += piece) {
        auto more = reader.feed(bytes.substr(at, piece));
        lines.insert(lines.end(), more.begin(), more.end());
    }
    auto rest = reader.finish();
    lines.insert(lines.end(), rest.begin(), rest.end());
    return lines;
}

const std::string kEnglishRun =
    "\r\nBeginning system scan.  This process will take some time.\r\n\r\n"
    "Beginning verification phase of system scan.\r\n"
    "Verification 1% complete.\rVerification 47% complete.\rVerification 100% complete.\r\n\r\n"
    "Windows Resource Protection found corrupt files and successfully repaired them.\r\n";

}  // namespace

TEST_CASE("SFC output: UTF-16LE split at any byte gives the same lines, CR-separated progress each a line", "[sfc]") {
    const std::string bytes = utf16le(kEnglishRun);
    const std::vector<std::string> expected{"Beginning system scan.  This process will take some time.",
                                            "Beginning verification phase of system scan.",
                                            "Verification 1% complete.",
                                            "Verification 47% complete.",
                                            "Verification 100% complete.",
                                            "Windows Resource Protection found corrupt files and successfully repaired them."};
    for (const std::size_t piece : {1u, 2u, 3u, 7u, 64u, 4096u}) {
        INFO("pieces of " << piece << " bytes");
        CHECK(readAll(bytes, piece) == expected);
    }
}

TEST_CASE("SFC output: a BOM is skipped, non-ASCII and surrogate pairs survive, a last line without CR is kept", "[sfc]") {
    const std::string bytes = "\xFF\xFE" + utf16le("\xC3\x9C" "berpr\xC3\xBC" "fung 5\xC2\xA0% abgeschlossen.\rfertig \xF0\x9F\x98\x80");
    const auto lines = readAll(bytes, 3);
    REQUIRE(lines.size() == 2);
    CHECK(lines[0] == "\xC3\x9C" "berpr\xC3\xBC" "fung 5\xC2\xA0% abgeschlossen.");
    CHECK(lines[1] == "fertig \xF0\x9F\x98\x80");
}

TEST_CASE("SFC output: a lone surrogate or half a code unit at the end becomes U+FFFD, never a crash", "[sfc]") {
    SfcOutputReader reader;
    CHECK(reader.feed(std::string("A\0\x00\xD8", 4)).empty());  // 'A' then a high surrogate, then the output ends
    const auto lines = reader.finish();
    REQUIRE(lines.size() == 1);
    CHECK(lines[0] == "A\xEF\xBF\xBD");
    SfcOutputReader odd;
    CHECK(odd.feed(std::string("B\0C", 3)).empty());
    CHECK(odd.finish() == std::vector<std::string>{"B\xEF\xBF\xBD"});
}

TEST_CASE("SFC output: 8-bit output (not UTF-16) is read as text, invalid UTF-8 replaced", "[sfc]") {
    const auto lines = readAll("Verification 10% complete.\rbad \xFF byte\r\n", 5);
    CHECK(lines == std::vector<std::string>{"Verification 10% complete.", "bad \xEF\xBF\xBD byte"});
}

TEST_CASE("SFC progress: the percentage is read whatever the language", "[sfc]") {
    const std::pair<std::string_view, int> lines[] = {
        {"Verification 47% complete.", 47},
        {"\xC3\x9C" "berpr\xC3\xBC" "fung 47 % abgeschlossen.", 47},           // German: space
        {"V\xC3\xA9rification 47\xC2\xA0% effectu\xC3\xA9" "e.", 47},           // French: no-break space
        {"V\xC3\xA9rification 47\xE2\x80\xAF% effectu\xC3\xA9" "e.", 47},       // narrow no-break space
        {"Do\xC4\x9Frulama %47 tamamland\xC4\xB1.", 47},                         // Turkish: sign first
        {"\xE6\xA4\x9C\xE8\xA8\xBC 47% \xE3\x81\x8C\xE5\xAE\x8C\xE4\xBA\x86", 47},  // Japanese
        {"47\xEF\xBC\x85", 47},                                                  // full-width percent sign
        {"\xEF\xBC\x94\xEF\xBC\x97%", 47},                                       // full-width digits
        {"\xD9\xA4\xD9\xA7\xD9\xAA", 47},                                        // Arabic-Indic digits and sign
        {"Verification 100% complete.", 100},
        {"Verification 0% complete.", 0},
        {"47.5% done", 47},
    };
    for (const auto& [line, percent] : lines) {
        INFO(line);
        CHECK(sfcPercent(line) == percent);
    }
}

TEST_CASE("SFC progress: lines without a 0-100 percentage give none", "[sfc]") {
    for (const std::string_view line : {"Beginning verification phase of system scan.",
                                        "Windows Resource Protection did not find any integrity violations.",
                                        "Verification 147% complete.", "Version 10.0.19041.1", "%", "", "\xFF\xFE%"}) {
        INFO(line);
        CHECK_FALSE(sfcPercent(line));
    }
}

namespace {

/// KB928228's example: a store member that could not be repaired, a file repaired from the store.
const std::string kKb928228Log =
    "2007-01-12 12:10:36, Info                  CSI    00000006 [SR] Verifying 100 (0x00000064) components\r\n"
    "2007-01-12 12:10:36, Info                  CSI    00000007 [SR] Beginning Verify and Repair transaction\r\n"
    "2007-01-12 12:10:42, Info                  CSI    00000008 [SR] Cannot repair member file [l:34{17}]"
    "\"Accessibility.dll\" of Accessibility, Version = 6.0.6000.16386, pA = PROCESSOR_ARCHITECTURE_MSIL (8), Culture "
    "neutral, VersionScope neutral, PublicKeyToken = {l:8 b:b03f5f7f11d50a3a}, Type neutral, TypeName neutral, "
    "PublicKey neutral in the store, file is missing\r\n"
    "2007-01-12 12:10:43, Info                  CSI    0000000d [SR] Repairing corrupted file "
    "[ml:520{260},l:36{18}]\"\\??\\C:\\Windows\\System32\"\\[l:22{11}]\"Example.dll\" from store\r\n"
    "2007-01-12 12:10:44, Info                  CSI    0000000e [SR] Repair complete\r\n"
    "2007-01-12 12:10:44, Info                  CBS    SQM: Initializing online with Windows opt-in: False\r\n";

/// Windows 10's forms (published CBS.log excerpts): one file named twice, a repair by copying from backup.
const std::string kWindows10Log =
    "2021-05-11 09:40:02, Info CSI 00000311 [SR] Cannot repair member file [l:11]'wdigest.dll' of "
    "Microsoft-Windows-WDigest, version 10.0.19041.1, arch amd64, nonSxS, pkt {l:8 b:31bf3856ad364e35} in the "
    "store, hash mismatch\n"
    "2021-05-11 09:40:03, Info CSI 00000313 [SR] Could not reproject corrupted file "
    "\\??\\C:\\WINDOWS\\System32\\\\wdigest.dll; source file in store is also corrupted\n"
    "2021-05-11 09:40:03, Info CSI 00000314 [SR] Repairing corrupted file \\??\\C:\\WINDOWS\\SysWOW64\\\\opencl.dll "
    "from store\n"
    "2021-05-11 09:40:04, Info CSI 00000315 [SR] Repaired file \\??\\C:\\WINDOWS\\SysWOW64\\\\opencl.dll by copying "
    "from backup\n"
    "2021-05-11 09:40:05, Info CSI 00000316 [SR] Verify complete\n";

/// One name in two folders, the second repaired later; no closing line.
const std::string kTwoFoldersLog =
    "x [SR] Could not reproject corrupted file \\??\\C:\\Windows\\System32\\\\a.dll; source file in store is also corrupted\n"
    "x [SR] Could not reproject corrupted file \\??\\C:\\Windows\\SysWOW64\\\\a.dll; source file in store is also corrupted\n"
    "x [SR] Repairing corrupted file \\??\\C:\\Windows\\SysWOW64\\\\a.dll from store\n";

/// Lines that are not [SR], and an [SR] line that names no file.
const std::string kNoFileNamedLog =
    "2021-05-11 09:35:22, Info CSI 00000004 Poqexec successfully registered in [l:12 ml:13]'SetupExecute'\n"
    "2021-05-11 09:35:29, Info CSI 00000005 Hashes for file member \\SystemRoot\\WinSxS\\x\\a.dll do not match\n"
    "2021-05-11 09:35:29, Info CSI 00000006 [SR] Verifying 100 components\n"
    "2021-05-11 09:35:29, Info CSI 00000007 [SR] Repairing corrupted file  from store\n"
    "2021-05-11 09:35:30, Info CSI 00000008 [SR] Verify complete";

/// A piece of CBS.log and what SFC's [SR] lines in it say.
struct LogCase {
    const char* what;
    std::string log;
    std::size_t srLines;
    bool complete;
    std::vector<SfcFile> files;
};

const LogCase kLogs[] = {
    {"KB928228's lines name the file repaired and the store member that could not be", kKb928228Log, 5, true,
     {{"Accessibility.dll", "", "Accessibility", SfcFileResult::NotRepaired},
      {"Example.dll", "C:\\Windows\\System32\\Example.dll", "", SfcFileResult::Repaired}}},
    {"Windows 10's forms: one file named twice is one entry and the last line decides", kWindows10Log, 5, true,
     {{"wdigest.dll", "C:\\WINDOWS\\System32\\wdigest.dll", "Microsoft-Windows-WDigest", SfcFileResult::NotRepaired},
      {"opencl.dll", "C:\\WINDOWS\\SysWOW64\\opencl.dll", "", SfcFileResult::Repaired}}},
    {"the same name in two folders is two files, a later repair of a file wins; no closing line: not complete",
     kTwoFoldersLog, 3, false,
     {{"a.dll", "C:\\Windows\\System32\\a.dll", "", SfcFileResult::NotRepaired},
      {"a.dll", "C:\\Windows\\SysWOW64\\a.dll", "", SfcFileResult::Repaired}}},
    {"lines without [SR], and [SR] lines naming no file, name no file", kNoFileNamedLog, 3, true, {}},
    {"an empty log: no [SR] line, so no result", "", 0, false, {}},
};

}  // namespace

TEST_CASE("CBS.log: the [SR] lines give the files SFC named, what became of each, and whether it finished", "[sfc]") {
    for (const LogCase& c : kLogs) {
        DYNAMIC_SECTION(c.what) {
            const SfcLogReport report = parseSfcLog(c.log);
            CHECK(report.srLines == c.srLines);
            CHECK(report.complete == c.complete);
            CHECK(report.files == c.files);
        }
    }
}

TEST_CASE("CBS.log: invalid UTF-8 in a name is replaced, never passed on", "[sfc]") {
    const SfcLogReport report = parseSfcLog("x [SR] Repairing corrupted file \\??\\C:\\W\\bad\xFF.dll from store\n");
    REQUIRE(report.files.size() == 1);
    CHECK(report.files[0].name == "bad\xEF\xBF\xBD.dll");
    CHECK(validUtf8("ok \xC3\xA9 \xC3") == "ok \xC3\xA9 \xEF\xBF\xBD");
}
