// Fuzz / property test of the CLI's argument parsing. The host build runs it with ASan +
// UBSan over many random argument vectors: tokens from the real vocabulary, mutated near-valid command lines,
// garbage bytes, control characters, invalid UTF-8, non-ASCII, very long arguments and very many of them.
// Properties: parse() never throws, crashes or hangs; every vector is either a Command that keeps its
// invariants or a UsageError whose reason is one short, safe line. Under Wine, a sample of the rejected vectors
// also goes to the real wudoctor.com: exit code 2, one line on stderr, nothing written (no log folder).
// Deterministic seeds, bounded counts: a few seconds.

#include "cli_command.hpp"
#include "cli_scan_command.hpp"
#include "wud/catalog.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <array>
#include <chrono>
#include <random>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#ifdef _WIN32
#include "run_process.hpp"
#include "wud/system.hpp"
#include <windows.h>
#endif

using namespace wud;
using namespace wud::cli;

namespace {

// The real vocabulary, with the spellings users get wrong.
const std::vector<std::string> kTokens{
    "status", "start", "stop", "restart", "fix", "repair-start-type", "set-start-type", "troubleshoot", "report", "log",
    "automatic", "automatic_delayed", "manual", "disabled", "manual_trigger", "Manual",
    "help", "version", "STATUS", "Start", "--json", "--all", "--timeout", "--computer", "--help", "-h", "--version",
    "/?", "-?", "/json", "--timeout=5", "--computer=PC-042", "--json=1", "--all=yes", "--", "-", "---", "-j",
    "5", "0", "-1", "60", "86400", "86401", "4294967296", "99999999999999999999", "1e3", "0x10", " 5", "5 ",
    "PC-042", "localhost", "\\\\PC", "a/b", "UsoSvc", "usosvc", "wuauserv", "WUAUSERV", "BITS", "CryptSvc",
    "TrustedInstaller", "DoSvc", "WaaSMedicSvc", "msiserver", "nosuch", "wuauserv,UsoSvc", "", " ", "\t",
};

std::string garbage(std::mt19937& rng) {
    std::string text(rng() % 24, '\0');
    for (char& c : text) {
        switch (rng() % 6) {
        case 0: c = static_cast<char>(rng() % 0x20); break;          // control characters (NUL included)
        case 1: c = static_cast<char>(0x80 + rng() % 0x80); break;   // stray UTF-8 bytes: often invalid
        case 2: c = "-=/\\\"' ,;:"[rng() % 11]; break;
        default: c = static_cast<char>(0x20 + rng() % 0x5F); break;  // printable ASCII
        }
    }
    return text;
}

std::string nonAscii(std::mt19937& rng) {
    static constexpr std::array<std::string_view, 8> kPieces{
        "\xC3\xA9", "\xE6\x97\xA5\xE6\x9C\xAC", "\xF0\x9F\x98\x80", "\xE2\x80\xAE" /* RTL override */,
        "\xC2\x85" /* C1 NEL */, "\xEF\xBB\xBF" /* BOM */, "\xE2\x80\x8B" /* zero width */, "wu\xC3\xA4userv"};
    std::string text;
    for (std::size_t n = 1 + rng() % 4; n > 0; --n) text += kPieces[rng() % kPieces.size()];
    return text;
}

std::string randomToken(std::mt19937& rng) {
    switch (rng() % 10) {
    case 0: return garbage(rng);
    case 1: return nonAscii(rng);
    case 2: {  // a real token, one byte changed / inserted / dropped
        std::string token = kTokens[rng() % kTokens.size()];
        const std::size_t at = token.empty() ? 0 : rng() % token.size();
        switch (rng() % 3) {
        case 0: if (!token.empty()) token[at] = static_cast<char>(rng() % 256); break;
        case 1: token.insert(at, 1, static_cast<char>(rng() % 256)); break;
        default: if (!token.empty()) token.erase(at, 1); break;
        }
        return token;
    }
    case 3:
        if (rng() % 20 == 0) return std::string(5000 + rng() % 30000, "a-\xC3\xA9"[rng() % 4]);  // very long
        [[fallthrough]];
    default: return kTokens[rng() % kTokens.size()];
    }
}

std::vector<std::string> randomArguments(std::mt19937& rng) {
    std::size_t count = rng() % 7;
    if (rng() % 200 == 0) count = 100 + rng() % 400;  // very many
    std::vector<std::string> args(count);
    for (auto& arg : args) arg = randomToken(rng);
    return args;
}

bool validUtf8(std::string_view text) {
    for (std::size_t i = 0; i < text.size();) {
        const auto byte = static_cast<unsigned char>(text[i]);
        const std::size_t length = byte < 0x80 ? 1 : (byte >> 5) == 0x6 ? 2 : (byte >> 4) == 0xE ? 3 : (byte >> 3) == 0x1E ? 4 : 0;
        if (length == 0 || i + length > text.size()) return false;
        for (std::size_t k = 1; k < length; ++k)
            if ((static_cast<unsigned char>(text[i + k]) & 0xC0) != 0x80) return false;
        i += length;
    }
    return true;
}

// What a usage error may look like: one line, plain text, short, nothing that drives a terminal.
std::string problemWithReason(const std::string& reason) {
    if (reason.empty()) return "empty reason";
    if (reason.size() > 1024) return "reason longer than 1024 bytes (" + std::to_string(reason.size()) + ")";
    if (!validUtf8(reason)) return "reason is not valid UTF-8";
    for (std::size_t i = 0; i < reason.size(); ++i) {
        const auto c = static_cast<unsigned char>(reason[i]);
        if (c < 0x20 || c == 0x7F) return "control character in reason";
        if (c == 0xC2 && i + 1 < reason.size() && static_cast<unsigned char>(reason[i + 1]) < 0xA0)
            return "C1 control character in reason";
    }
    return {};
}

std::string problemWithCommand(const Command& c) {
    if (c.timeout < std::chrono::seconds{1} || c.timeout > kMaxTimeout) return "timeout out of range";
    std::size_t previous = 0;
    for (std::size_t k = 0; k < c.services.size(); ++k) {
        const CatalogEntry* entry = findInCatalog(c.services[k]);
        if (entry == nullptr || entry->name != c.services[k]) return "service not canonical: " + c.services[k];
        const auto all = catalog();
        const std::size_t index = static_cast<std::size_t>(entry - all.data());
        if (k > 0 && index <= previous) return "services not unique / not in catalog order";
        previous = index;
    }
    const bool needsServices = c.verb == Verb::Start || c.verb == Verb::Stop || c.verb == Verb::Restart ||
                               c.verb == Verb::RepairStartType || c.verb == Verb::SetStartType;
    if (needsServices && c.services.empty()) return "a service command without services";
    if (c.verb == Verb::SetStartType &&
        (c.services.size() != 1 ||
         std::find(kSettableStartTypes.begin(), kSettableStartTypes.end(), c.startType) == kSettableStartTypes.end()))
        return "set-start-type without exactly one service and a settable type";
    // What the window's elevated copy relies on: the command line toArgs writes reads back as the same command.
    const ParseResult again = parse(toArgs(c));
    if (!std::holds_alternative<Command>(again) || std::get<Command>(again) != c) return "parse(toArgs(c)) != c";
    if (c.all && !c.services.empty()) return "--all together with service names";
    for (const std::string& computer : c.computers) {
        if (computer.empty() || computer.size() > 255) return "computer name empty or too long";
        if (std::any_of(computer.begin(), computer.end(), [](char ch) {
                return static_cast<unsigned char>(ch) < 0x20 || ch == ' ' || ch == '/' || ch == ',' || ch == '@';
            }))
            return "computer name with a control character, space, slash, comma or @";
    }
    if (std::any_of(c.computerFile.begin(), c.computerFile.end(), [](char ch) { return static_cast<unsigned char>(ch) < 0x20; }))
        return "computer file name with a control character";
    if (c.parallel < 1 || c.parallel > kMaxParallel) return "--parallel out of range";
    return {};
}

std::string visible(const std::vector<std::string>& args) {
    std::string out;
    for (const auto& arg : args) {
        out += "<";
        for (const char ch : arg.substr(0, 60)) {
            const auto c = static_cast<unsigned char>(ch);
            if (c < 0x20 || c >= 0x7F) {
                static constexpr char kHex[] = "0123456789ABCDEF";
                out += "\\x";
                out += kHex[c >> 4];
                out += kHex[c & 15];
            } else {
                out += ch;
            }
        }
        out += arg.size() > 60 ? "...> " : "> ";
    }
    return out;
}

/// Runs `rounds` argument vectors made by `make` through `judge`, which parses one and returns what is wrong with the
/// answer ("" when nothing). A parser that throws is a failure too. Reports the first five failures with their
/// arguments; returns how many there were.
template <typename Make, typename Judge>
int fuzzFailures(std::mt19937& rng, int rounds, Make make, Judge judge) {
    int failures = 0;
    for (int i = 0; i < rounds && failures < 5; ++i) {
        const std::vector<std::string> args = make(rng);
        std::string problem;
        try {
            problem = judge(args);
        } catch (...) {
            problem = "the parser threw";
        }
        if (!problem.empty()) {
            ++failures;
            FAIL_CHECK(problem << " for " << visible(args));
        }
    }
    return failures;
}

}  // namespace

TEST_CASE("CLI fuzz: random argument vectors give a valid Command or a safe usage error", "[cli][fuzz]") {
    std::mt19937 rng(6060842);
    int commands = 0, rejected = 0;
    double slowestMs = 0;
    const int failures = fuzzFailures(rng, 3000, randomArguments, [&](const std::vector<std::string>& args) {
        const auto begin = std::chrono::steady_clock::now();
        const ParseResult result = parse(args);
        slowestMs = std::max(slowestMs, std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - begin).count());
        if (const auto* error = std::get_if<UsageError>(&result)) {
            ++rejected;
            return problemWithReason(error->reason);
        }
        ++commands;
        return problemWithCommand(std::get<Command>(result));
    });
    WARN(commands << " commands, " << rejected << " usage errors; slowest parse " << slowestMs << " ms");
    CHECK(failures == 0);
    CHECK(commands > 100);   // the generator reaches valid command lines too,
    CHECK(rejected > 500);   // and plenty of invalid ones
}

TEST_CASE("CLI fuzz: scan with random arguments gives a ScanCommand in range or a safe usage error", "[cli][fuzz][scan]") {
    std::mt19937 rng(230023);
    int commands = 0;
    const auto withScan = [](std::mt19937& r) {
        std::vector<std::string> args = randomArguments(r);
        args.insert(args.begin() + static_cast<std::ptrdiff_t>(r() % (args.size() + 1)), "scan");
        return args;
    };
    const int failures = fuzzFailures(rng, 1500, withScan, [&](const std::vector<std::string>& args) -> std::string {
        const auto result = parseScanCommand(args);
        if (!result) return "";  // another word came first: not scan's line
        if (const auto* error = std::get_if<UsageError>(&*result)) return problemWithReason(error->reason);
        ++commands;
        const auto timeout = std::get<ScanCommand>(*result).timeout;
        return timeout < std::chrono::seconds{1} || timeout > kMaxTimeout ? "timeout out of range" : "";
    });
    CHECK(failures == 0);
    CHECK(commands > 0);
}

TEST_CASE("CLI fuzz: valid command lines stay valid whatever the order of their options", "[cli][fuzz]") {
    // Options may come before or after the command (and between service names); the result must not change.
    std::mt19937 rng(31337);
    const std::vector<std::string> services{"UsoSvc", "wuauserv", "BITS", "CryptSvc"};
    int failures = 0;
    for (int i = 0; i < 600 && failures < 5; ++i) {
        std::vector<std::vector<std::string>> options, after;
        const bool json = rng() % 2 == 0;
        const auto timeout = 1 + rng() % kMaxTimeout.count();
        if (json) options.push_back({"--json"});
        if (rng() % 2) options.push_back({"--timeout", std::to_string(timeout)});
        std::shuffle(options.begin(), options.end(), rng);
        const std::size_t before = rng() % (options.size() + 1);
        std::vector<std::string> named;
        for (std::size_t n = 1 + rng() % 3; n > 0; --n) {
            named.push_back(services[rng() % services.size()]);
            after.push_back({named.back()});
        }
        after.insert(after.end(), options.begin() + static_cast<std::ptrdiff_t>(before), options.end());
        std::shuffle(after.begin() + 1, after.end(), rng);  // the first service stays right after the command
        std::vector<std::string> args;
        for (std::size_t k = 0; k < before; ++k) args.insert(args.end(), options[k].begin(), options[k].end());
        args.push_back("restart");
        for (const auto& group : after) args.insert(args.end(), group.begin(), group.end());

        const ParseResult result = parse(args);
        const auto* command = std::get_if<Command>(&result);
        bool ok = command != nullptr && command->verb == Verb::Restart && problemWithCommand(*command).empty() &&
                  command->json == json;
        if (ok)
            for (const auto& name : named)
                ok = ok && std::find(command->services.begin(), command->services.end(), name) != command->services.end();
        if (!ok) {
            ++failures;
            FAIL_CHECK("valid command line refused or misread: " << visible(args) << (command ? "" : std::get<UsageError>(result).reason));
        }
    }
    CHECK(failures == 0);
}

#ifdef _WIN32
namespace {

std::wstring windowsPath(std::string path) {
    if (!path.empty() && path[0] == '/') {  // a Unix path from CTest: Wine's Z: drive
        std::replace(path.begin(), path.end(), '/', '\\');
        path = "Z:" + path;
    }
    return widen(path);
}

}  // namespace

TEST_CASE("CLI fuzz: the real wudoctor.com answers rejected command lines with exit 2 and does nothing", "[cli][fuzz][wine]") {
    const char* cli = std::getenv("WUD_CLI_EXE");
    const char* tmp = std::getenv("WUD_TEST_TMP");
    // Set by tests/security/CMakeLists.txt: without them this test would prove nothing, so it fails.
    REQUIRE(cli != nullptr);
    REQUIRE(tmp != nullptr);
    // A private copy: the log folder would appear beside it if the CLI did anything.
    const std::wstring dir = windowsPath(std::string(tmp) + "/cli-fuzz");
    CreateDirectoryW(windowsPath(tmp).c_str(), nullptr);
    CreateDirectoryW(dir.c_str(), nullptr);
    const std::wstring exe = dir + L"\\wudoctor.com";
    REQUIRE(CopyFileW(windowsPath(cli).c_str(), exe.c_str(), FALSE));

    std::mt19937 rng(2718);
    int runs = 0;
    for (int i = 0; i < 8000 && runs < 50; ++i) {
        auto args = randomArguments(rng);
        // What a command line can carry: no NUL, valid UTF-8 (invalid bytes cannot reach a Windows program).
        bool representable = !args.empty() && args.size() < 50;
        for (const auto& arg : args)
            representable = representable && arg.size() < 2000 && arg.find('\0') == std::string::npos && validUtf8(arg);
        if (!representable || !std::holds_alternative<UsageError>(parse(args))) continue;
        ++runs;
        const test::ProcessRun run = test::runProcess(narrow(exe), args, {.limit = std::chrono::seconds{30}});
        INFO("arguments: " << visible(args) << "\nstderr: " << run.err);
        CHECK(run.exit == 2);
        CHECK(run.err.rfind("wudoctor: ", 0) == 0);
        CHECK(std::count(run.err.begin(), run.err.end(), '\n') == 1);
    }
    CHECK(runs == 50);
    CHECK(GetFileAttributesW((dir + L"\\wudoctor-logs").c_str()) == INVALID_FILE_ATTRIBUTES);  // nothing was done
}
#endif
