// hosts-file lines that send Windows Update or Microsoft's download hosts to 0.0.0.0 / 127.0.0.1.
//
// Sources:
// - Host names: Microsoft Learn, "Windows Update: connection endpoints" / "Manage connection endpoints for
//   Windows" (*.windowsupdate.com, *.update.microsoft.com, *.delivery.mp.microsoft.com, download.microsoft.com,
//   wustat.windows.com, ntservicepack.microsoft.com).
// - Blocking through hosts: privacy.sexy #272, WereDev/Wu10Man (its "Hosts file" tab), DESIGN.md.
#include "check_util.hpp"

#include <array>

namespace wud {
using namespace checks_detail;

namespace {

constexpr std::array<std::string_view, 8> kUpdateDomains{
    "windowsupdate.com",  "windowsupdate.microsoft.com", "update.microsoft.com",        "delivery.mp.microsoft.com",
    "do.dsp.mp.microsoft.com", "download.microsoft.com", "wustat.windows.com", "ntservicepack.microsoft.com"};

bool isUpdateHost(std::string_view host) {
    const std::string h = lowerAscii(host);
    for (const std::string_view d : kUpdateDomains)
        if (h == d || (h.size() > d.size() && h.ends_with(d) && h[h.size() - d.size() - 1] == '.')) return true;
    return false;
}

bool isBlackHole(std::string_view address) {
    return address == "0.0.0.0" || address.starts_with("127.") || address == "::1" || address == "::" ||
           address == "0:0:0:0:0:0:0:0" || address == "0:0:0:0:0:0:0:1";
}

std::vector<std::string> words(std::string_view text) {
    std::vector<std::string> out;
    std::size_t i = 0;
    while (i < text.size()) {
        while (i < text.size() && (text[i] == ' ' || text[i] == '\t')) ++i;
        const std::size_t begin = i;
        while (i < text.size() && text[i] != ' ' && text[i] != '\t') ++i;
        if (i > begin) out.emplace_back(text.substr(begin, i - begin));
    }
    return out;
}

}  // namespace

std::string hostsPath(MachineAccess& machine) { return machine.systemRoot() + "\\System32\\drivers\\etc\\hosts"; }

void checkHosts(CheckContext& context, std::vector<Finding>& out) {
    const std::string path = hostsPath(context.machine);
    const auto bytes = context.machine.readFile(path);
    if (!bytes) return;
    std::string after;
    std::vector<std::string> removed;
    Finding f;
    std::size_t lineNumber = 0;
    for (std::size_t begin = 0; begin < bytes->size();) {
        auto end = bytes->find('\n', begin);
        end = end == std::string::npos ? bytes->size() : end + 1;
        const std::string_view line(bytes->data() + begin, end - begin);
        begin = end;
        ++lineNumber;
        std::string_view body = line;
        while (!body.empty() && (body.back() == '\n' || body.back() == '\r')) body.remove_suffix(1);
        const std::string_view eol = line.substr(body.size());
        const auto hash = body.find('#');
        const auto fields = words(body.substr(0, hash));
        bool blocks = false;
        std::vector<std::string> kept;
        if (fields.size() >= 2 && isBlackHole(fields[0])) {
            for (std::size_t i = 1; i < fields.size(); ++i) {
                if (isUpdateHost(fields[i])) blocks = true;
                else kept.push_back(fields[i]);
            }
        }
        if (!blocks) {
            after.append(line);
            continue;
        }
        f.evidence.push_back(path + " line " + std::to_string(lineNumber) + ": " + std::string(body));
        removed.emplace_back(body);
        // Other hosts on the same line were not diagnosed: they stay, on a line of their own.
        if (!kept.empty()) {
            std::string rest = fields[0];
            for (const std::string& h : kept) rest += " " + h;
            after += rest + std::string(eol);
        }
    }
    if (removed.empty()) return;
    f.id = "hosts";
    f.severity = Severity::Problem;
    f.title = "The hosts file blocks Windows Update's servers";
    f.explanation = "These lines send Windows Update's addresses to nowhere, so it cannot reach Microsoft.";
    f.nextStep = "Run the repair: it removes only these lines (the other lines stay; undo puts them back).";
    f.repair.push_back(FileRewrite{path, std::move(after), std::move(removed)});
    out.push_back(std::move(f));
}

}  // namespace wud
