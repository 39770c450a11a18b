#include "cli_command.hpp"

#include "cli_checks_command.hpp"
#include "cli_exit.hpp"
#include "wud/catalog.hpp"

#include <CLI/CLI.hpp>

#include <algorithm>
#include <array>
#include <charconv>
#include <exception>
#include <sstream>

#ifndef WUD_VERSION
#define WUD_VERSION "0.0.0"
#endif

namespace wud::cli {
namespace {

struct VerbName {
    Verb verb;
    std::string_view id;
    std::string_view synopsis;
};

// One row per command: the parser, toId() and --help all read this table.
constexpr std::array kVerbs{
    VerbName{Verb::Status, "status", "status [--all] [<service>...]  show UsoSvc and wuauserv (--all: every service)"},
    VerbName{Verb::Start, "start", "start <service>...             start services and wait until they run"},
    VerbName{Verb::Stop, "stop", "stop <service>...              stop services and wait until they have stopped"},
    VerbName{Verb::Restart, "restart", "restart <service>...           stop, then start (dependents too)"},
    VerbName{Verb::Fix, "fix", "fix                            restart Update Orchestrator, then Windows Update"},
    VerbName{Verb::RepairStartType, "repair-start-type",
             "repair-start-type <service>... set Windows' default start type (old value logged)"},
    VerbName{Verb::Troubleshoot, "troubleshoot", "troubleshoot                   open the Windows Update troubleshooter"},
    VerbName{Verb::Report, "report", "report                         print the report (as the window's Copy report)"},
    VerbName{Verb::Log, "log", "log                            print the log file's path"},
};

bool takesServices(Verb verb) noexcept {
    return verb == Verb::Status || verb == Verb::Start || verb == Verb::Stop || verb == Verb::Restart ||
           verb == Verb::RepairStartType;
}

std::string knownNames() {
    std::string names;
    for (const CatalogEntry& entry : catalog()) {
        if (!names.empty()) names += ", ";
        names += entry.name;
    }
    return names;
}

std::string knownCommands() {
    std::string names;
    for (const VerbName& v : kVerbs) {
        if (!names.empty()) names += ", ";
        names += v.id;
    }
    return names;
}

std::size_t catalogIndex(std::string_view name) {
    const auto entries = catalog();
    for (std::size_t i = 0; i < entries.size(); ++i)
        if (entries[i].name == name) return i;
    return entries.size();
}

UsageError usage(std::string reason) { return UsageError{std::move(reason)}; }

std::optional<std::chrono::seconds> parseTimeout(std::string_view text) {
    if (text.empty() || text.size() > 9) return std::nullopt;
    std::uint32_t value = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc{} || end != text.data() + text.size()) return std::nullopt;
    const std::chrono::seconds seconds{value};
    if (seconds < std::chrono::seconds{1} || seconds > kMaxTimeout) return std::nullopt;
    return seconds;
}

// Turns what CLI11 refused into one plain line. CLI11's own texts name its internals ("ExtrasError",
// "TEXT REQUIRED"), so they are only the last resort.
UsageError explain(const CLI::ParseError& error, const std::vector<std::string>& extras, bool haveVerb,
                   std::string_view verbId) {
    const std::string name = error.get_name();
    // CLI11 names an ExtrasError after the app ("wudoctor"), so it is recognised by its exit code. It is thrown
    // before the caller can read app.remaining(): the refused arguments are then only in its text ("The following
    // argument(s) was/were not expected: b a"), in reverse, as parse() hands CLI11 the arguments reversed.
    const bool extrasError = error.get_exit_code() == static_cast<int>(CLI::ExitCodes::ExtrasError);
    std::vector<std::string> refused = extras;
    if (extrasError && refused.empty()) {
        const std::string what = error.what();
        if (const auto colon = what.find(": "); colon != std::string::npos) {
            std::istringstream words(what.substr(colon + 2));
            for (std::string word; words >> word;) refused.insert(refused.begin(), word);
        }
    }
    if (extrasError && !refused.empty()) {
        const std::string& first = refused.front();
        if (first.size() > 1 && first[0] == '-')
            return usage("unknown option " + quoteForMessage(first) + " (see wudoctor --help)");
        if (!haveVerb)
            return usage("unknown command " + quoteForMessage(first) + "; the commands are: " + knownCommands());
        return usage("'" + std::string(verbId) + "' takes no further arguments, but got " + quoteForMessage(first));
    }
    if (name == "ArgumentMismatch" || name == "RequiredError") {
        std::string what = error.what();
        if (what.find("timeout") != std::string::npos)
            return usage("--timeout needs a number of seconds, e.g. --timeout 60");
        if (what.find("computer") != std::string::npos)
            return usage("--computer needs a computer name, e.g. --computer PC-042");
    }
    std::string what = error.what();
    std::replace_if(what.begin(), what.end(), [](char c) { return c == '\n' || c == '\r'; }, ' ');
    return usage(quoteForMessage(what, 200) + " (see wudoctor --help)");
}

}  // namespace

std::string_view toId(Verb verb) noexcept {
    for (const VerbName& v : kVerbs)
        if (v.verb == verb) return v.id;
    return verb == Verb::Help ? "help" : verb == Verb::Version ? "version" : "unknown";
}

std::string quoteForMessage(std::string_view text, std::size_t maxChars) {
    std::string out = "'";
    std::size_t chars = 0;
    std::size_t i = 0;
    while (i < text.size()) {
        if (chars == maxChars) {
            out += "\xE2\x80\xA6";  // …
            break;
        }
        const auto byte = static_cast<unsigned char>(text[i]);
        std::size_t length = byte < 0x80 ? 1 : (byte >> 5) == 0x6 ? 2 : (byte >> 4) == 0xE ? 3 : (byte >> 3) == 0x1E ? 4 : 0;
        bool valid = length != 0 && i + length <= text.size();
        for (std::size_t k = 1; valid && k < length; ++k)
            valid = (static_cast<unsigned char>(text[i + k]) & 0xC0) == 0x80;
        if (!valid) {
            out += "\xEF\xBF\xBD";  // U+FFFD
            ++i;
        } else if (length == 1) {
            out += (byte < 0x20 || byte == 0x7F) ? '?' : static_cast<char>(byte);
            i += 1;
        } else {
            // C1 controls (U+0080..U+009F) can drive terminals too.
            const bool c1 = length == 2 && byte == 0xC2 && static_cast<unsigned char>(text[i + 1]) < 0xA0;
            if (c1) out += '?';
            else out.append(text.substr(i, length));
            i += length;
        }
        ++chars;
    }
    out += "'";
    return out;
}

ParseResult parse(std::span<const std::string> args) {
    // Windows habit: "/?" and "-?" ask for help.
    for (const std::string& arg : args)
        if (arg == "/?" || arg == "-?") return Command{.verb = Verb::Help};

    CLI::App app{"WU Doctor", "wudoctor"};
    app.set_help_flag();  // help is ours: CLI11 would print and exit
    app.allow_windows_style_options(false);
    app.require_subcommand(0, 1);

    bool help = false, version = false, json = false, all = false;
    std::string timeoutText, computer;
    app.add_flag("--help,-h", help);
    app.add_flag("--version", version);
    app.add_flag("--json", json);
    app.add_option("--timeout", timeoutText);
    app.add_option("--computer", computer);

    std::vector<std::string> services;
    std::vector<std::pair<CLI::App*, Verb>> subcommands;
    for (const VerbName& v : kVerbs) {
        CLI::App* sub = app.add_subcommand(std::string(v.id));
        sub->fallthrough();  // global options may also come after the command
        sub->set_help_flag();
        if (takesServices(v.verb)) sub->add_option("services", services);
        if (v.verb == Verb::Status) sub->add_flag("--all", all);
        subcommands.emplace_back(sub, v.verb);
    }

    // CLI11 takes the arguments in reverse order.
    std::vector<std::string> reversed(args.rbegin(), args.rend());
    const auto chosen = [&]() -> std::pair<bool, Verb> {
        for (const auto& [sub, verb] : subcommands)
            if (sub->parsed()) return {true, verb};
        return {false, Verb::Status};
    };
    try {
        app.parse(reversed);
    } catch (const CLI::ParseError& error) {
        if (help) return Command{.verb = Verb::Help};
        const auto [haveVerb, verb] = chosen();
        return explain(error, app.remaining(true), haveVerb, toId(verb));
    } catch (const std::exception&) {
        return usage("the command line could not be read (see wudoctor --help)");
    }

    if (help) return Command{.verb = Verb::Help};
    const auto [haveVerb, verb] = chosen();
    if (version) return Command{.verb = Verb::Version, .json = json};

    Command command;
    command.verb = verb;
    command.json = json;
    command.all = all;

    if (!timeoutText.empty() || app.count("--timeout") > 0) {
        const auto timeout = parseTimeout(timeoutText);
        if (!timeout)
            return usage("--timeout must be a whole number of seconds from 1 to " +
                         std::to_string(kMaxTimeout.count()) + ", not " + quoteForMessage(timeoutText));
        command.timeout = *timeout;
    }
    if (app.count("--computer") > 0) {
        if (computer.empty()) return usage("--computer needs a computer name, e.g. --computer PC-042");
        const bool bad = computer.size() > 255 || std::any_of(computer.begin(), computer.end(), [](char c) {
                             return static_cast<unsigned char>(c) < 0x20 || c == ' ' || c == '/';
                         });
        if (bad) return usage("--computer: " + quoteForMessage(computer) + " is not a computer name");
        if (verb == Verb::Troubleshoot || verb == Verb::Log)
            return usage("'" + std::string(toId(verb)) + "' works on this computer only; leave out --computer");
        command.computer = computer;
    }

    for (const std::string& name : services) {
        if (name.empty()) return usage("a service name is empty; known names: " + knownNames());
        const CatalogEntry* entry = findInCatalog(name);
        if (entry == nullptr)
            return usage("unknown service " + quoteForMessage(name) + "; known names: " + knownNames());
        const std::string canonical(entry->name);
        if (std::find(command.services.begin(), command.services.end(), canonical) == command.services.end())
            command.services.push_back(canonical);
    }
    std::sort(command.services.begin(), command.services.end(),
              [](const std::string& a, const std::string& b) { return catalogIndex(a) < catalogIndex(b); });

    const bool needsServices = verb == Verb::Start || verb == Verb::Stop || verb == Verb::Restart ||
                               verb == Verb::RepairStartType;
    if (needsServices && command.services.empty())
        return usage("'" + std::string(toId(verb)) + "' needs at least one service name, e.g. wudoctor " +
                     std::string(toId(verb)) + " wuauserv; known names: " + knownNames());
    if (command.all && !command.services.empty())
        return usage("status takes either --all or service names, not both");
    (void)haveVerb;
    return command;
}

std::string helpText() {
    std::string text =
        "WU Doctor " WUD_VERSION " - shows and restarts the Windows Update services.\n"
        "\n"
        "Usage: wudoctor [<command>] [<service>...] [options]\n"
        "\n"
        "Commands (no command = status):\n";
    for (const VerbName& v : kVerbs) text += "  " + std::string(v.synopsis) + "\n";
    text += kChecksHelp;
    text +=
        "\n"
        "Options:\n"
        "  --json             print one JSON document (schema in the README)\n"
        "  --timeout SECONDS  give up waiting after this long (default 60, 1 to 86400)\n"
        "  --computer NAME    act on another computer's services (needs rights there)\n"
        "  --help             this text          --version   the version\n"
        "\n"
        "Services (case does not matter): " +
        knownNames() +
        "\n"
        "\n"
        "Exit codes:\n";
    for (const ExitCodeInfo& info : exitCodes())
        text += "  " + std::to_string(static_cast<int>(info.code)) + "  " + std::string(info.meaning) + "\n";
    text +=
        "  With several services, the exit code is the worst one, in the order 3, 4, 1, 5, 0;\n"
        "  every service still gets its line.\n"
        "\n"
        "wudoctor.exe runs the window; given a command it behaves as wudoctor.com, in the console it was\n"
        "started from. Use wudoctor.com in scripts: it is the one a command prompt waits for.\n";
    return text;
}

}  // namespace wud::cli
