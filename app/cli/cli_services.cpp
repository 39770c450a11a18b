// The service commands on one computer's SCM (cli_services.hpp).
#include "cli_services.hpp"

#include "wud/catalog.hpp"
#include "wud/log.hpp"

#include <spdlog/logger.h>

namespace wud::cli {
namespace {

Answer status(const Command& command, ServicesEnv& env) {
    const auto rows = queryAll(env.scm, statusServices(command), !command.all && !command.services.empty());
    const bool remote = !env.context.computer.empty();
    const ExitCode exit = statusExitCode(rows, env.context.elevated && !remote);
    for (const StatusRow& row : rows) {
        const ServiceSnapshot& s = row.query.snapshot;
        log::get().info("status service={} installed={} state={} start_type={} pid={} error={} computer={}", s.name,
                        s.installed, toId(s.state), toId(s.startType), s.pid, row.query.error,
                        env.context.computer.empty() ? "." : env.context.computer);
    }
    return Answer{exit, statusJson(env.context, rows, exit), statusText(env.context, rows, env.colour), {}};
}

Answer act(const Command& command, ServicesEnv& env) {
    Operations ops(env.scm, env.clock);
    OperationOptions options;
    options.timeout = std::chrono::duration_cast<Millis>(command.timeout);
    options.cancel = env.cancel;
    if (env.progress)
        options.progress = [&env](const Progress& p) {
            if (!p.text.empty() && p.step != Progress::Step::Done) env.progress("  " + p.text + "\n");
        };
    // Rights on another computer are not this process's: unknown until its SCM says.
    const bool remote = !env.context.computer.empty();
    const bool elevated = env.context.elevated && !remote;
    std::vector<Outcome> outcomes;
    const auto record = [&](const ActionResult& result) {
        log::action(result);
        outcomes.push_back(toOutcome(result, elevated, remote));
    };
    const auto changeStartType = [&](const std::string& name, auto&& change) {
        const Millis begin = env.clock.now();
        const StartTypeChange result = change(name);
        log::startTypeChange(result);
        outcomes.push_back(toOutcome(result, elevated, env.clock.now() - begin, remote));
    };
    switch (command.verb) {
    case Verb::Fix:
        for (const ActionResult& result : ops.fix(options)) record(result);
        break;
    case Verb::RepairStartType:
        for (const std::string& name : command.services)
            changeStartType(name, [&](const std::string& n) { return ops.repairStartType(n, env.osBuild); });
        break;
    case Verb::SetStartType:
        for (const std::string& name : command.services)
            changeStartType(name, [&](const std::string& n) { return ops.setStartType(n, command.startType); });
        break;
    default:
        for (const std::string& name : command.services) {
            if (env.cancel != nullptr && env.cancel->cancelled()) break;
            if (command.verb == Verb::Start) record(ops.start(name, options));
            else if (command.verb == Verb::Stop) record(ops.stop(name, options));
            else record(ops.restart(name, options));
        }
    }
    const ExitCode exit = worstOf(outcomes);
    return Answer{exit, actionsJson(env.context, command.verb, outcomes, exit), outcomesText(outcomes, env.colour), {}};
}

}  // namespace

std::vector<std::string> statusServices(const Command& command) {
    std::vector<std::string> names;
    if (command.all) {
        for (const CatalogEntry& entry : catalog()) names.emplace_back(entry.name);
    } else if (!command.services.empty()) {
        names = command.services;
    } else {
        names = {std::string(kUpdateOrchestrator), std::string(kWindowsUpdate)};
    }
    return names;
}

std::vector<StatusRow> queryAll(ServiceManager& scm, const std::vector<std::string>& names, bool namedRequired) {
    std::vector<StatusRow> rows;
    for (const std::string& name : names) {
        StatusRow row;
        row.query = scm.query(name);
        if (row.query.snapshot.name.empty()) row.query.snapshot.name = name;
        const CatalogEntry* entry = findInCatalog(name);
        row.required = namedRequired || (entry != nullptr && entry->primary);
        rows.push_back(std::move(row));
    }
    return rows;
}

Answer runServices(const Command& command, ServicesEnv& env) {
    return command.verb == Verb::Status ? status(command, env) : act(command, env);
}

}  // namespace wud::cli
