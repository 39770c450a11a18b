#pragma once
// The command line, as data: parse(arguments) -> Command | UsageError. Pure (no SCM, no console, no file
// system), so unit tests and the argument fuzzer can call it with anything.

#include <array>
#include <chrono>
#include <cstdint>
#include <span>
#include <optional>
#include <cstddef>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

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

/// A parsed, validated command line.
struct Command {
    Verb verb = Verb::Status;
    /// Catalog key names (canonical spelling), without duplicates, in catalog order (UsoSvc before wuauserv,
    /// so a stop never lets UsoSvc restart wuauserv behind our back). Empty for status = the primary two.
    std::vector<std::string> services;
    bool all = false;   ///< status --all
    bool json = false;  ///< --json: one JSON document on stdout
    std::chrono::seconds timeout = kDefaultTimeout;
    std::string computer;  ///< --computer NAME; empty = this computer
    StartType startType = StartType::Unknown;  ///< set-start-type only: one of kSettableStartTypes

    friend bool operator==(const Command&, const Command&) = default;
};

/// Why a command line was refused. Nothing was done.
struct UsageError {
    std::string reason;  ///< one line, plain words, never a raw parser message; safe to print (no control chars)

    friend bool operator==(const UsageError&, const UsageError&) = default;
};

using ParseResult = std::variant<Command, UsageError>;

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

/// The --help text (lists the commands, the options, the exit codes and the known service names).
std::string helpText();

/// Makes a user-supplied string safe and short enough to quote in a one-line message: control characters
/// become '?', invalid UTF-8 becomes U+FFFD, and anything past maxChars code points becomes "…".
std::string quoteForMessage(std::string_view text, std::size_t maxChars = 40);

}  // namespace wud::cli
