#include "cli_command.hpp"

#include "cli_commands.hpp"
#include "cli_exit.hpp"
#include "cli_options.hpp"
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

std::optional<std::size_t> parseParallel(std::string_view text) {
    std::size_t value = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (text.empty() || ec != std::errc{} || end != text.data() + text.size() || value < 1 || value > kMaxParallel)
        return std::nullopt;
    return value;
}

// --computer: one name, a comma list, or @FILE (read when the command runs: parsing touches no file).
std::optional<UsageError> parseComputers(const std::string& text, Command& command) {
    if (text.empty()) return usage("--computer needs a computer name, e.g. --computer PC-042");
    if (text.starts_with("@")) {
        if (text.size() == 1 || text.size() > 32767)
            return usage("--computer @FILE needs a file of computer names, e.g. --computer @pcs.txt");
        if (std::any_of(text.begin(), text.end(), [](char c) { return static_cast<unsigned char>(c) < 0x20; }))
            return usage("--computer: " + quoteForMessage(text) + " is not a file name");
        command.computerFile = text.substr(1);
        return std::nullopt;
    }
    for (std::size_t begin = 0; begin <= text.size();) {
        const std::size_t comma = std::min(text.find(',', begin), text.size());
        const std::string name = text.substr(begin, comma - begin);
        if (const std::string problem = computerNameProblem(name); !problem.empty()) return usage("--computer: " + problem);
        if (std::none_of(command.computers.begin(), command.computers.end(),
                         [&](const std::string& known) { return equalsIgnoreCase(known, name); }))
            command.computers.push_back(name);
        if (command.computers.size() > kMaxComputers)
            return usage("--computer: at most " + std::to_string(kMaxComputers) + " computers at a time");
        begin = comma + 1;
    }
    return std::nullopt;
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
        if (args.back() == "--parallel") return usage("--parallel needs a number of computers, e.g. --parallel 8");
        if (args.back() == "--host-timeout")
            return usage("--host-timeout needs a number of seconds, e.g. --host-timeout 180");
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
    std::string timeoutText, computer, parallelText, hostTimeoutText;
    app.add_flag("--help,-h", help);
    app.add_flag("--version", version);
    app.add_flag("--json", json);
    app.add_option("--timeout", timeoutText);
    app.add_option("--computer", computer);
    app.add_option("--parallel", parallelText);
    app.add_option("--host-timeout", hostTimeoutText);

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
        const auto timeout = parseSeconds(timeoutText);
        if (!timeout)
            return usage("--timeout must be a whole number of seconds from 1 to " +
                         std::to_string(kMaxTimeout.count()) + ", not " + quoteForMessage(timeoutText));
        command.timeout = *timeout;
    }
    if (app.count("--computer") > 0) {
        if (const auto error = parseComputers(computer, command)) return *error;
        if (verb == Verb::Troubleshoot || verb == Verb::Log)
            return usage("'" + std::string(toId(verb)) + "' works on this computer only; leave out --computer");
        if (manyComputers(command) && !worksRemotely(verb))
            return usage("'" + std::string(toId(verb)) + "' takes one computer at a time; the commands for several are: "
                         "status, start, stop, restart, fix, set-start-type, repair-start-type");
    }
    if (app.count("--parallel") > 0 || app.count("--host-timeout") > 0) {
        if (!manyComputers(command))
            return usage("--parallel and --host-timeout are for several computers (--computer a,b,c or @file)");
        if (app.count("--parallel") > 0) {
            const auto parallel = parseParallel(parallelText);
            if (!parallel)
                return usage("--parallel must be a whole number from 1 to " + std::to_string(kMaxParallel) + ", not " +
                             quoteForMessage(parallelText));
            command.parallel = *parallel;
        }
        if (app.count("--host-timeout") > 0) {
            const auto limit = parseSeconds(hostTimeoutText);
            if (!limit)
                return usage("--host-timeout must be a whole number of seconds from 1 to " +
                             std::to_string(kMaxTimeout.count()) + ", not " + quoteForMessage(hostTimeoutText));
            command.hostTimeout = *limit;
        }
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
        if (!command.computers.empty() || !command.computerFile.empty()) {
            std::string list = command.computerFile.empty() ? std::string() : "@" + command.computerFile;
            for (const std::string& name : command.computers) list += (list.empty() ? "" : ",") + name;
            args.emplace_back("--computer");
            args.push_back(list);
        }
        if (command.parallel != kDefaultParallel) {
            args.emplace_back("--parallel");
            args.push_back(std::to_string(command.parallel));
        }
        if (command.hostTimeout != kDefaultHostTimeout) {
            args.emplace_back("--host-timeout");
            args.push_back(std::to_string(command.hostTimeout.count()));
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
        "  --json-line        print exactly one line of JSON, ASCII, at most 2,000 characters (Intune, ConfigMgr,\n"
        "                     remoting; one line per computer with several)\n"
        "  --timeout SECONDS  give up waiting after this long (default {}, 1 to {})\n"
        "  --computer NAME    act on another computer's services (needs rights there); several: a,b,c or @FILE\n"
        "                     (one name a line) for status, start, stop, restart, fix and the start types\n"
        "  --parallel N       with several computers: how many at once (default {}, 1 to {})\n"
        "  --host-timeout S   with several computers: the time limit for each (default {})\n"
        "  --log-dir DIR      keep the log and the undo journal in DIR (elevated: a folder only administrators\n"
        "                     can change)\n"
        "  --help             this text          --version   the version\n"
        "\n",
        kDefaultTimeout.count(), kMaxTimeout.count(), kDefaultParallel, kMaxParallel, kDefaultHostTimeout.count());
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

bool worksRemotely(Verb verb) noexcept { return verb == Verb::Status || changesServices(verb); }

std::string computerNameProblem(std::string_view name) {
    if (name.empty()) return "a computer name is empty (names are separated by commas, without spaces)";
    const bool bad = name.size() > 255 || std::any_of(name.begin(), name.end(), [](char c) {
                         return static_cast<unsigned char>(c) < 0x20 || c == ' ' || c == '/' || c == ',' || c == '@';
                     });
    return bad ? quoteForMessage(name) + " is not a computer name" : std::string();
}

std::variant<std::vector<std::string>, UsageError> parseComputerFile(std::string_view text) {
    if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);  // a UTF-8 BOM (Notepad, PowerShell 7)
    std::vector<std::string> names;
    std::size_t lineNumber = 0;
    for (std::size_t begin = 0; begin < text.size();) {
        const std::size_t end = std::min(text.find('\n', begin), text.size());
        std::string_view line = text.substr(begin, end - begin);
        begin = end + 1;
        ++lineNumber;
        line = line.substr(0, line.find('#'));
        while (!line.empty() && (line.back() == '\r' || line.back() == ' ' || line.back() == '\t')) line.remove_suffix(1);
        while (!line.empty() && (line.front() == ' ' || line.front() == '\t')) line.remove_prefix(1);
        if (line.empty()) continue;
        if (const std::string problem = computerNameProblem(line); !problem.empty())
            return usage("line " + std::to_string(lineNumber) + ": " + problem);
        if (std::none_of(names.begin(), names.end(), [&](const std::string& known) { return equalsIgnoreCase(known, line); }))
            names.emplace_back(line);
        if (names.size() > kMaxComputers) return usage("at most " + std::to_string(kMaxComputers) + " computers at a time");
    }
    if (names.empty()) return usage("no computer names in it (one a line; '#' starts a comment)");
    return names;
}

std::optional<std::size_t> ownVerbAt(std::span<const std::string> args) {
    const auto isHelp = [](std::string_view a) { return a == "--help" || a == "-h" || a == "/?" || a == "-?"; };
    if (std::any_of(args.begin(), args.end(), isHelp)) return std::nullopt;
    for (std::size_t i = 0; i < args.size(); ++i) {
        if (args[i] == "--timeout" || args[i] == "--computer" || args[i] == "--source" || args[i] == "--parallel" ||
            args[i] == "--host-timeout" || args[i] == "--log-dir") {
            ++i;
            continue;
        }
        if (!args[i].starts_with("-")) return i;
    }
    return std::nullopt;
}

std::optional<std::size_t> ownVerb(std::span<const std::string> args, std::string_view verb) {
    const std::optional<std::size_t> at = ownVerbAt(args);
    if (!at || args[*at] != verb) return std::nullopt;
    return at;
}

std::function<std::optional<UsageError>(const std::string&)> setFlag(bool& flag) {
    return [&flag](const std::string&) -> std::optional<UsageError> {
        flag = true;
        return std::nullopt;
    };
}

std::function<std::optional<UsageError>(const std::string&)> refusal(std::string reason) {
    return [reason = std::move(reason)](const std::string&) -> std::optional<UsageError> { return usage(reason); };
}

OwnOption timeoutNotTaken(std::string_view verb) {
    return {"--timeout", {}, refusal("'" + std::string(verb) + "' does not wait for services; leave out --timeout")};
}

std::optional<UsageError> walkOwnArguments(std::span<const std::string> args, std::size_t verbAt, bool& json,
                                           const OwnArguments& own) {
    const std::string verb(own.verb);
    for (std::size_t i = 0; i < args.size(); ++i) {
        if (i == verbAt) continue;
        const std::string& a = args[i];
        const auto option = std::find_if(own.options.begin(), own.options.end(),
                                         [&](const OwnOption& o) { return a == o.name; });
        if (a == "--json") {
            json = true;
        } else if (option != own.options.end()) {
            if (!option->needs.empty() && i + 1 >= args.size())
                return usage(a + " needs " + std::string(option->needs));
            if (auto refused = option->take(option->needs.empty() ? std::string() : args[++i])) return refused;
        } else if (a == "--computer") {
            return usage("'" + verb + "' works on this computer only; leave out --computer");
        } else if (a.starts_with("-") && !(own.notAnOption != nullptr && own.notAnOption(a))) {
            return usage("unknown option " + quoteForMessage(a) + " for '" + verb + "' (see wudoctor --help)");
        } else if (!own.positional) {
            return usage("'" + verb + "' takes no further arguments, but got " + quoteForMessage(a));
        } else if (auto refused = own.positional(a)) {
            return refused;
        }
    }
    return std::nullopt;
}

}  // namespace wud::cli
