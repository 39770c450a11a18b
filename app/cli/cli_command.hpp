#pragma once
// The command line, as data: parse(arguments) -> Command | UsageError. Pure (no SCM, no console, no file
// system), so unit tests and the argument fuzzer can call it with anything.

#include <array>
#include <chrono>
#include <cstdint>
#include <span>
#include <optional>
#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "wud/enum_names.hpp"
#include "wud/model.hpp"

namespace wud::cli {

/// What the user asked for.
enum class Verb : std::uint8_t {
    Status,           ///< show UsoSvc + wuauserv (--all: the whole catalog)
    Start,
    Stop,
    Restart,
    Fix,              ///< the core's fix sequence: UsoSvc, then wuauserv
    RepairStartType,  ///< set Windows' default start type
    SetStartType,     ///< set a given start type (the window's Undo runs this in its elevated copy)
    Troubleshoot,     ///< open the built-in troubleshooter for this Windows
    Report,           ///< the same report as the window's "Copy report"
    Log,              ///< print the log file's path
    Help,
    Version,
};

/// "status", "start", ... "repair-start-type" (as typed on the command line).
std::string_view toId(Verb verb) noexcept;

/// True for the verbs that change services (and therefore are logged as actions).
constexpr bool changesServices(Verb verb) noexcept {
    return verb == Verb::Start || verb == Verb::Stop || verb == Verb::Restart || verb == Verb::Fix ||
           verb == Verb::RepairStartType || verb == Verb::SetStartType;
}

inline constexpr std::chrono::seconds kDefaultTimeout{60};
inline constexpr std::chrono::seconds kMaxTimeout{24 * 60 * 60};
/// Many computers (--computer a,b,c or @file): how many at once, and how long each may take as a whole. The remote
/// SCM can take ~21 s to answer before it falls back to named pipes; fix waits up to --timeout for each of two
/// services: 180 s covers both with room to spare.
inline constexpr std::size_t kDefaultParallel = 8;
inline constexpr std::size_t kMaxParallel = 64;
inline constexpr std::chrono::seconds kDefaultHostTimeout{180};
inline constexpr std::size_t kMaxComputers = 10000;

/// A parsed, validated command line.
struct Command {
    Verb verb = Verb::Status;
    /// Catalog key names (canonical spelling), without duplicates, in catalog order (UsoSvc before wuauserv,
    /// so a stop never lets UsoSvc restart wuauserv behind our back). Empty for status = the primary two.
    std::vector<std::string> services;
    bool all = false;   ///< status --all
    bool json = false;  ///< --json: one JSON document on stdout
    std::chrono::seconds timeout = kDefaultTimeout;
    /// --computer NAME or a,b,c: the computers, without duplicates (case-blind), in the order given; empty = this one.
    std::vector<std::string> computers;
    std::string computerFile;  ///< --computer @FILE: the names are in this file, one a line (read when it runs)
    std::size_t parallel = kDefaultParallel;                 ///< --parallel N: computers at once (1 to kMaxParallel)
    std::chrono::seconds hostTimeout = kDefaultHostTimeout;  ///< --host-timeout S: the limit for each computer
    StartType startType = StartType::Unknown;  ///< set-start-type only: one of kSettableStartTypes

    friend bool operator==(const Command&, const Command&) = default;
};

/// Why a command line was refused. Nothing was done.
struct UsageError {
    std::string reason;  ///< one line, plain words, never a raw parser message; safe to print (no control chars)

    friend bool operator==(const UsageError&, const UsageError&) = default;
};

using ParseResult = std::variant<Command, UsageError>;

/// One computer, named on the command line: this computer's SCM answers for none, a remote one's for one.
inline bool oneComputer(const Command& c) noexcept { return c.computers.size() == 1 && c.computerFile.empty(); }
/// Several computers (a list, or a file of names): each gets its own line, run in parallel.
inline bool manyComputers(const Command& c) noexcept { return c.computers.size() > 1 || !c.computerFile.empty(); }
/// The verbs that work on other computers' services over Windows' remote SCM, one computer or many.
bool worksRemotely(Verb verb) noexcept;

/// Why `name` is not a computer name WU Doctor passes to Windows (empty, too long, a control character, a space,
/// a slash or a comma), or "" when it is one. Quoted safely for a message.
std::string computerNameProblem(std::string_view name);
/// The names in a computer list file (UTF-8 text; one name a line, '#' starts a comment, blank lines and spaces
/// around a name ignored), without duplicates (case-blind), in order; a usage error names the line that is wrong.
std::variant<std::vector<std::string>, UsageError> parseComputerFile(std::string_view text);

/// Parses the arguments after the program name (UTF-8). Never throws; anything the user can type gives either
/// a Command or a UsageError. No arguments = status.
ParseResult parse(std::span<const std::string> args);

/// The start types `set-start-type` takes, by their JSON ids: automatic, automatic_delayed, manual, disabled.
inline constexpr std::array kSettableStartTypes{StartType::Automatic, StartType::AutomaticDelayed, StartType::Manual,
                                                StartType::Disabled};

/// The arguments that make parse() give back `command` (parse(toArgs(c)) == c for every valid Command).
/// The window builds the command line of its elevated copy with this, so both doors speak one language.
std::vector<std::string> toArgs(const Command& command);

/// Where the verbs that parse their own arguments (check, repair, undo, reset-cache, explain, history,
/// repair-system) find their word: the first argument that is not an option, skipping the values of the global
/// options and of --source. nullopt when there is no such word, or when --help (anywhere) asks for the general
/// help, which lists them too.
std::optional<std::size_t> ownVerbAt(std::span<const std::string> args);
/// A family's own verb looked up in its table of verbs: where it stands in args and which command it names
/// (nullopt: none, or another family's verb).
template <typename Kind, std::size_t N>
std::optional<std::pair<std::size_t, Kind>> ownVerb(std::span<const std::string> args,
                                                    const std::array<EnumName<Kind>, N>& verbs) {
    const std::optional<std::size_t> at = ownVerbAt(args);
    if (!at) return std::nullopt;
    for (const EnumName<Kind>& verb : verbs)
        if (args[*at] == verb.name) return std::pair{*at, verb.value};
    return std::nullopt;
}
/// Where a one-verb family's verb (`verb`, e.g. "scan") stands in args (nullopt: none, or another family's verb).
std::optional<std::size_t> ownVerb(std::span<const std::string> args, std::string_view verb);

/// One option a self-parsing family takes (or refuses in its own words) besides --json.
struct OwnOption {
    std::string_view name;  ///< as typed: "--source"
    /// What its value is, for the message when it is missing ("a number of seconds, e.g. --timeout 600" gives
    /// "--timeout needs a number of seconds, ..."); empty for a flag, which takes no value.
    std::string_view needs = {};
    /// Takes the option (its value, or "" for a flag); a UsageError refuses the command line.
    std::function<std::optional<UsageError>(const std::string& value)> take;
};
/// An OwnOption::take that only sets `flag`.
std::function<std::optional<UsageError>(const std::string&)> setFlag(bool& flag);
/// An OwnOption::take that refuses the option, saying `reason` (a family's own words for an option it does not take).
std::function<std::optional<UsageError>(const std::string&)> refusal(std::string reason);
/// --timeout, refused for a verb that waits for no service ("'explain' does not wait for services; ...").
OwnOption timeoutNotTaken(std::string_view verb);

/// How a self-parsing family's arguments are walked: its options, and what it does with the other arguments.
struct OwnArguments {
    std::string_view verb;            ///< as typed, for the messages ("'scan' works on this computer only; ...")
    std::vector<OwnOption> options;   ///< the options this verb takes; any other is an unknown option
    /// An argument that is not an option; empty: the verb takes none ("'scan' takes no further arguments, ...").
    std::function<std::optional<UsageError>(const std::string& argument)> positional = {};
    /// True for an argument that starts with '-' and yet is no option ("-2145107921" is an error code).
    bool (*notAnOption)(std::string_view argument) = nullptr;
};

/// Walks a self-parsing family's arguments once, all but its verb at verbAt: --json sets json, the family's options
/// go to their take() (with the next argument when they take a value), the rest to positional. --computer, an
/// option the verb does not take and an option without its value are refused in the words every family shares.
/// The first refusal ends the walk.
std::optional<UsageError> walkOwnArguments(std::span<const std::string> args, std::size_t verbAt, bool& json,
                                           const OwnArguments& own);

/// The --help text (lists the commands, the options, the exit codes and the known service names).
std::string helpText();

/// Makes a user-supplied string safe and short enough to quote in a one-line message: control characters
/// become '?', invalid UTF-8 becomes U+FFFD, and anything past maxChars code points becomes "…".
std::string quoteForMessage(std::string_view text, std::size_t maxChars = 40);

}  // namespace wud::cli
