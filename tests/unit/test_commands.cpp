// The one table of commands (app/cli/cli_commands.hpp): every command reaches its family's parser, and the
// unknown-command message, --help and the README's command block name every one of them.
#include "cli_command.hpp"
#include "cli_commands.hpp"
#include "cli_info_command.hpp"
#include "cli_repair_system_command.hpp"
#include "cli_repairs_command.hpp"
#include "cli_scan_command.hpp"

#include <catch2/catch.hpp>

#include <fstream>
#include <set>
#include <sstream>

using namespace wud::cli;

namespace {

/// The arguments that make a command valid, beyond its name.
std::vector<std::string> minimalArgs(std::string_view name) {
    if (name == "start" || name == "stop" || name == "restart" || name == "repair-start-type") return {std::string(name), "wuauserv"};
    if (name == "set-start-type") return {std::string(name), "wuauserv", "manual"};
    if (name == "repair") return {std::string(name), "--all"};
    if (name == "explain") return {std::string(name), "0x80070422"};
    return {std::string(name)};
}

/// True when `parse` (a family's parser) takes these arguments as its command `Parsed`: not "not mine", not a usage
/// error.
template <typename Parsed, typename Parse>
bool parsesAs(Parse parse, const std::vector<std::string>& args) {
    const auto p = parse(args);
    return p && std::holds_alternative<Parsed>(*p);
}

/// True when the command's own family parses these arguments as a command.
bool familyTakes(Family family, const std::vector<std::string>& args) {
    switch (family) {
    case Family::Services: return std::holds_alternative<Command>(parse(args));
    case Family::Repairs: return parsesAs<RepairsCommand>(parseRepairsCommand, args);
    case Family::Info: return parsesAs<InfoCommand>(parseInfoCommand, args);
    case Family::RepairSystem: return parsesAs<RepairSystemCommand>(parseRepairSystemCommand, args);
    case Family::Scan: return parsesAs<ScanCommand>(parseScanCommand, args);
    }
    return false;
}

}  // namespace

TEST_CASE("Commands: every command in the table is parsed by its family, and no other family claims it", "[cli][commands]") {
    std::set<std::string_view> names;
    for (const CommandInfo& c : allCommands()) {
        INFO(c.name);
        CHECK(names.insert(c.name).second);  // once each
        CHECK(findCommand(c.name)->family == c.family);
        CHECK(familyTakes(c.family, minimalArgs(c.name)));
        for (const Family other : {Family::Repairs, Family::Info, Family::RepairSystem, Family::Scan})
            if (other != c.family) CHECK_FALSE(familyTakes(other, minimalArgs(c.name)));
    }
    CHECK(names.size() == 20);
    CHECK_FALSE(findCommand("banana"));
}

TEST_CASE("Commands: a typo names every command; --help lists every command", "[cli][commands]") {
    const std::vector<std::string> typo{"banana"};
    const auto refused = parse(typo);
    REQUIRE(std::holds_alternative<UsageError>(refused));
    const std::string reason = std::get<UsageError>(refused).reason;
    const std::string help = helpText();
    for (const CommandInfo& c : allCommands()) {
        INFO(c.name);
        CHECK(reason.find(std::string(c.name)) != std::string::npos);
        CHECK(help.find("  " + std::string(c.name)) != std::string::npos);
    }
}

#ifdef WUD_README
TEST_CASE("Commands: the README's command block names exactly the table's commands", "[cli][commands]") {
    // The README's "Command line" block: one line a command, "wudoctor <name> ..." (the host build reads the file).
    std::ifstream file(WUD_README);
    REQUIRE(file);
    std::set<std::string> inReadme;
    std::string line;
    bool inBlock = false;
    while (std::getline(file, line)) {
        if (line.starts_with("wudoctor [status]")) inBlock = true;
        if (!inBlock) continue;
        if (line.starts_with("```")) break;
        if (line.starts_with("wudoctor ")) {
            std::string name = line.substr(9, line.find_first_of(" \t", 9) - 9);
            if (name == "[status]") name = "status";
            inReadme.insert(name);
        }
    }
    std::set<std::string> inTable;
    for (const CommandInfo& c : allCommands()) inTable.insert(std::string(c.name));
    CHECK(inReadme == inTable);
}
#endif
