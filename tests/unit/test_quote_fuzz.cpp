// Property test of quoteArgument / joinCommandLine: many random arguments, heavy on the characters
// that matter to Windows' command-line splitting (spaces, tabs, backslashes, quotes) plus non-ASCII and long
// ones, must come back unchanged through the CommandLineToArgvW model (host, with ASan/UBSan) and, under
// Wine, through the real CommandLineToArgvW. Deterministic seeds, bounded counts: a few seconds at most.

#include "wud/system.hpp"

#include "command_line_model.hpp"

#include <catch2/catch.hpp>

#include <array>
#include <cstdint>
#include <random>
#include <string>
#include <string_view>
#include <vector>

using namespace wud;
using wud::test::parseArguments;

namespace {

// Pieces an argument is built from, weighted toward the troublemakers. Valid UTF-8 only: the Windows side
// converts to UTF-16, where invalid bytes cannot survive anyway. No NUL: a command line cannot carry one.
constexpr std::array<std::string_view, 24> kAtoms{
    "a", "Z", "0", "-", "=", ":", " ", " ", "\t", "\\", "\\", "\\\\", "\"", "\"", "\\\"", "\"\"", "\n", "\v",
    "%", "^", "\xC3\xA9" /* é */, "\xE6\x97\xA5" /* 日 */, "\xF0\x9F\x98\x80" /* 😀 */, "\xC3\x9C" /* Ü */};

std::string randomArgument(std::mt19937& rng) {
    std::size_t atoms = rng() % 12;                    // mostly short
    if (rng() % 100 == 0) atoms = 200 + rng() % 2000;  // now and then a long one
    std::string arg;
    for (std::size_t i = 0; i < atoms; ++i) arg += kAtoms[rng() % kAtoms.size()];
    return arg;
}

std::vector<std::string> randomArguments(std::mt19937& rng) {
    std::vector<std::string> args(rng() % 8);
    for (auto& arg : args) arg = randomArgument(rng);
    return args;
}

// Printable form for failure messages (control characters would garble the test log).
std::string visible(std::string_view text) {
    std::string out;
    for (const char c : text) {
        if (c == '\t') out += "\\t";
        else if (c == '\n') out += "\\n";
        else if (c == '\v') out += "\\v";
        else out += c;
    }
    return out;
}

std::string visible(const std::vector<std::string>& args) {
    std::string out = "[";
    for (const auto& arg : args) out += (out.size() > 1 ? ", <" : "<") + visible(arg) + ">";
    return out + "]";
}

constexpr int kMaxReported = 5;  // keep the log readable if something breaks

/// Joins `rounds` random argument lists (from `seed`) with joinCommandLine and splits each back with `split`; each
/// list that does not come back unchanged is a failure, the first kMaxReported of them reported. Returns how many.
template <typename Split>
int joinedListsReadBackFailures(std::uint32_t seed, int rounds, Split split, std::string_view by) {
    std::mt19937 rng(seed);
    int failures = 0;
    for (int i = 0; i < rounds && failures < kMaxReported; ++i) {
        const auto args = randomArguments(rng);
        const std::string line = joinCommandLine(args);
        const auto back = split(line);
        if (back != args) {
            ++failures;
            FAIL_CHECK(visible(args) << " joined as <" << visible(line) << "> reads back" << by << " as " << visible(back));
        }
    }
    return failures;
}

}  // namespace

TEST_CASE("Quote fuzz: random single arguments round-trip through the CommandLineToArgvW model", "[quoting][fuzz]") {
    std::mt19937 rng(20240601);
    int failures = 0;
    for (int i = 0; i < 20000 && failures < kMaxReported; ++i) {
        const std::string arg = randomArgument(rng);
        const std::string quoted = quoteArgument(arg);
        const auto back = parseArguments(quoted);
        if (back != std::vector<std::string>{arg}) {
            ++failures;
            FAIL_CHECK("argument <" << visible(arg) << "> quoted as <" << visible(quoted) << "> reads back as "
                                     << visible(back));
        }
        // Plain words stay readable (logs show them as typed); anything else is wrapped in quotes.
        const bool plain = !arg.empty() && arg.find_first_of(" \t\n\v\"") == std::string::npos;
        if (plain && quoted != arg) {
            ++failures;
            FAIL_CHECK("plain argument <" << visible(arg) << "> was changed to <" << visible(quoted) << ">");
        }
        if (!plain && (quoted.size() < 2 || quoted.front() != '"' || quoted.back() != '"')) {
            ++failures;
            FAIL_CHECK("argument <" << visible(arg) << "> needs quotes but got <" << visible(quoted) << ">");
        }
    }
    CHECK(failures == 0);
}

TEST_CASE("Quote fuzz: random argument lists round-trip through joinCommandLine", "[quoting][fuzz]") {
    CHECK(joinedListsReadBackFailures(777, 5000, parseArguments, "") == 0);
}

#ifdef _WIN32
using wud::test::parseWithWindows;

TEST_CASE("Quote fuzz: random argument lists round-trip through the real CommandLineToArgvW", "[quoting][fuzz]") {
    CHECK(joinedListsReadBackFailures(4242, 3000, parseWithWindows, " (Windows)") == 0);
}

TEST_CASE("Quote fuzz: the model splits random raw command lines exactly as CommandLineToArgvW", "[quoting][fuzz]") {
    // Keeps the host model honest: if it drifted from the real parser, the host round trip would prove little.
    // Raw lines, not made by quoteArgument: every combination of the characters the rules are about.
    constexpr std::array<char, 6> kChars{'a', ' ', '\t', '\\', '"', 'b'};
    std::mt19937 rng(99);
    int failures = 0;
    for (int i = 0; i < 20000 && failures < kMaxReported; ++i) {
        std::string line(rng() % 14, ' ');
        for (char& c : line) c = kChars[rng() % kChars.size()];
        const auto model = parseArguments(line);
        const auto real = parseWithWindows(line);
        if (model != real) {
            ++failures;
            FAIL_CHECK("line <" << visible(line) << ">: model " << visible(model) << ", Windows " << visible(real));
        }
    }
    CHECK(failures == 0);
}
#endif
