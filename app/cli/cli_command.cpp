#include "cli_command.hpp"

#include "cli_commands.hpp"
#include "cli_exit.hpp"
#include "wud/catalog.hpp"
#include "wud/text.hpp"

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <exception>
#include <ranges>

namespace wud::cli {
namespace {

// The service commands' names, for their parser and toId(); their --help lines are in the one table of commands
// (cli_commands.cpp), which a test keeps in step with this one.
struct VerbName {
    Verb verb;
    std::string_view id;
};

constexpr std::array kVerbs{
    VerbName{Verb::Status, "status"},   VerbName{Verb::Start, "start"},
    VerbName{Verb::Stop, "stop"},       VerbName{Verb::Restart, "restart"},
    VerbName{Verb::Fix, "fix"},         VerbName{Verb::RepairStartType, "repair-start-type"},
    VerbName{Verb::SetStartType, "set-start-type"}, VerbName{Verb::Troubleshoot, "troubleshoot"},
    VerbName{Verb::Report, "report"},   VerbName{Verb::Log, "log"},
};

bool takesServices(Verb verb) noexcept {
    return verb == Verb::Status || verb == Verb::Start || verb == Verb::Stop || verb == Verb::Restart ||
           verb == Verb::RepairStartType || verb == Verb::SetStartType;
}

std::string settableTypeIds() {
    std::string ids;
    for (const StartType type : kSettableStartTypes) {
        if (!ids.empty()) ids += ", ";
        ids += toId(type);
    }
    return ids;
}

std::optional<StartType> settableStartType(std::string_view id) {
    for (const StartType type : kSettableStartTypes)
        if (toId(type) == id) return type;
    return std::nullopt;
}

std::string knownNames() { return catalogNames(); }


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

// The arguments CLI11 did not take (app.allow_extras() keeps them as data: app.remaining()), in plain words.
UsageError refusedArguments(const std::vector<std::string>& refused, bool haveVerb, std::string_view verbId) {
    const std::string& first = refused.front();
    if (first.size() > 1 && first[0] == '-')
        return usage("unknown option " + quoteForMessage(first) + " (see wudoctor --help)");
    if (!haveVerb) return usage("unknown command " + quoteForMessage(first) + "; the commands are: " + commandNames());
    return usage("'" + std::string(verbId) + "' takes no further arguments, but got " + quoteForMessage(first));
}

// Turns what CLI11 refused into one plain line, from its error type and the arguments, never from its English
// text. That text names CLI11's internals ("TEXT REQUIRED"), so it is shown only as the last resort.
UsageError explain(const CLI::ParseError& error, std::span<const std::string> args) {
    // An option that takes a value lacks it only as the last argument: CLI11 takes the next one, whatever it is.
    if (dynamic_cast<const CLI::ArgumentMismatch*>(&error) != nullptr && !args.empty()) {
        if (args.back() == "--timeout") return usage("--timeout needs a number of seconds, e.g. --timeout 60");
        if (args.back() == "--computer") return usage("--computer needs a computer name, e.g. --computer PC-042");
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
        const Utf8Char c = decodeUtf8(text, i);
        if (!c.valid) {
            out += "\xEF\xBF\xBD";  // U+FFFD
        } else if ((c.length == 1 && (c.codePoint < 0x20 || c.codePoint == 0x7F)) ||
                   (c.codePoint >= 0x80 && c.codePoint <= 0x9F)) {
            out += '?';  // C0 and C1 controls (U+0080..U+009F) can drive terminals
        } else {
            out.append(text.substr(i, c.length));
        }
        i += c.length;
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
    app.allow_extras();  // unknown arguments stay as data (remaining()); subcommands inherit it

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
        return explain(error, args);
    } catch (const std::exception&) {
        return usage("the command line could not be read (see wudoctor --help)");
    }

    if (help) return Command{.verb = Verb::Help};
    const auto [haveVerb, verb] = chosen();
    if (const std::vector<std::string> refused = app.remaining(true); !refused.empty())
        return refusedArguments(refused, haveVerb, toId(verb));
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

    if (verb == Verb::SetStartType) {
        if (services.size() != 2)
            return usage("'set-start-type' needs a service and a start type, e.g. wudoctor set-start-type wuauserv "
                         "manual; the start types are: " + settableTypeIds());
        const auto type = settableStartType(services.back());
        if (!type)
            return usage("unknown start type " + quoteForMessage(services.back()) + "; the start types are: " +
                         settableTypeIds());
        command.startType = *type;
        services.pop_back();
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
                               verb == Verb::RepairStartType || verb == Verb::SetStartType;
    if (needsServices && command.services.empty())
        return usage("'" + std::string(toId(verb)) + "' needs at least one service name, e.g. wudoctor " +
                     std::string(toId(verb)) + " wuauserv; known names: " + knownNames());
    if (command.all && !command.services.empty())
        return usage("status takes either --all or service names, not both");
    (void)haveVerb;
    return command;
}

std::vector<std::string> toArgs(const Command& command) {
    std::vector<std::string> args;
    if (command.verb == Verb::Help) return {"--help"};
    if (command.verb == Verb::Version) {
        args.emplace_back("--version");
    } else {
        args.emplace_back(toId(command.verb));
        args.insert(args.end(), command.services.begin(), command.services.end());
        if (command.verb == Verb::SetStartType) args.emplace_back(toId(command.startType));
        if (command.all) args.emplace_back("--all");
        if (command.timeout != kDefaultTimeout) {
            args.emplace_back("--timeout");
            args.push_back(std::to_string(command.timeout.count()));
        }
        if (!command.computer.empty()) {
            args.emplace_back("--computer");
            args.push_back(command.computer);
        }
    }
    if (command.json) args.emplace_back("--json");
    return args;
}

std::string helpText() {
    std::string text =
        "WU Doctor " WUD_VERSION " - shows and restarts the Windows Update services.\n"
        "\n"
        "Usage: wudoctor [<command>] [<service>...] [options]\n"
        "\n"
        "Commands (no command = status):\n";
    text += commandsHelp();
    text += fmt::format(
        "\n"
        "Options:\n"
        "  --json             print one JSON document (schema in the README)\n"
        "  --timeout SECONDS  give up waiting after this long (default {}, 1 to {})\n"
        "  --computer NAME    act on another computer's services (needs rights there)\n"
        "  --help             this text          --version   the version\n"
        "\n",
        kDefaultTimeout.count(), kMaxTimeout.count());
    text +=
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

std::optional<std::size_t> ownVerbAt(std::span<const std::string> args) {
    const auto isHelp = [](std::string_view a) { return a == "--help" || a == "-h" || a == "/?" || a == "-?"; };
    if (std::any_of(args.begin(), args.end(), isHelp)) return std::nullopt;
    for (std::size_t i = 0; i < args.size(); ++i) {
        if (args[i] == "--timeout" || args[i] == "--computer" || args[i] == "--source") {
            ++i;
            continue;
        }
        if (!args[i].starts_with("-")) return i;
    }
    return std::nullopt;
}

}  // namespace wud::cli
