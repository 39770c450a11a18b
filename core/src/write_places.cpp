// The pure half of write_places.hpp: the decisions, over facts the Win32 half reads.
#include "wud/write_places.hpp"

#include "wud/sddl.hpp"
#include "wud/text.hpp"

#include <algorithm>

namespace wud {
namespace {

std::string join(std::string_view folder, std::string_view name) {
    std::string out(folder);
    if (!out.empty() && out.back() != '\\') out += '\\';
    return out.append(name);
}

}  // namespace

bool adminOnly(const FolderFacts& folder) {
    if (!folder.exists || !trustedSid(folder.ownerSid)) return false;  // the owner may always change the DACL
    const auto aces = daclAces(folder.daclSddl);
    if (!aces) return false;
    return std::none_of(aces->begin(), aces->end(), [](const Ace& ace) {
        // CREATOR OWNER applies to what someone creates (they could create it only with write rights of their own)
        // and OWNER RIGHTS to the owner, who is trusted here: neither lets anyone else in.
        return ace.allows() && !ace.inheritOnly() && (ace.rights & kWriteRights) != 0 && !trustedSid(ace.sid) &&
               ace.sid != "CO" && ace.sid != "OW";
    });
}

bool safeForElevatedWrites(const FolderFacts& folder) { return folder.exists && (!folder.linksPossible || adminOnly(folder)); }

std::string protectedLogFolder(std::string_view programData) { return join(join(programData, "WUDoctor"), "logs"); }

std::vector<log::Place> logPlaces(std::string_view exeDir, bool besideExeSafe, std::string_view localAppData,
                                  std::string_view programData, bool elevated, bool transient) {
    std::vector<log::Place> places;
    const bool besideExe = !transient && !exeDir.empty() && (!elevated || besideExeSafe);
    if (besideExe) places.push_back({join(exeDir, log::kExeFolderName), false});
    if (elevated) {
        if (!programData.empty()) places.push_back({protectedLogFolder(programData), besideExe});
    } else if (!localAppData.empty()) {
        places.push_back({join(join(localAppData, "WUDoctor"), "logs"), besideExe});
    }
    return places;
}

bool transientExe(std::string_view exeDir, const std::vector<std::string>& temporaryFolders,
                  const std::vector<std::string>& copyFolders) {
    const auto canonical = [](std::string_view path) {
        std::string out = lowerAscii(path);
        while (out.size() > 3 && out.back() == '\\') out.pop_back();
        return out;
    };
    const std::string dir = canonical(exeDir);
    if (dir.empty()) return false;
    const bool inTemp = std::any_of(temporaryFolders.begin(), temporaryFolders.end(), [&](const std::string& folder) {
        const std::string temp = canonical(folder);
        return !temp.empty() && dir.starts_with(temp) && (dir.size() == temp.size() || dir[temp.size()] == '\\');
    });
    return inTemp || std::any_of(copyFolders.begin(), copyFolders.end(),
                                 [&](const std::string& folder) { return canonical(folder) == dir; });
}

std::string logDirProblem(std::string_view dir, const FolderFacts& folder, const FolderFacts& parent, bool elevated) {
    if (!elevated) return {};
    const std::string why =
        " WU Doctor runs with administrator rights here, and writes and renames its log and journal in that folder: "
        "whoever can change it could point those writes elsewhere or plant the journal it reads (a confused deputy). "
        "Use a folder only administrators can change, or leave out --log-dir (then: %ProgramData%\\WUDoctor\\logs).";
    if (!folder.exists) return "--log-dir " + std::string(dir) + " is not a folder and could not be made." + why;
    if (!adminOnly(folder))
        return "--log-dir " + std::string(dir) + " can be changed by users without administrator rights." + why;
    if (!adminOnly(parent))
        return "--log-dir " + std::string(dir) + " is in a folder users without administrator rights can change." + why;
    return {};
}

std::string elevatedLogFolder(std::string_view exeDir, bool besideExeSafe, std::string_view programData) {
    if (!exeDir.empty() && besideExeSafe) return join(exeDir, log::kExeFolderName);
    return programData.empty() ? std::string() : protectedLogFolder(programData);
}

}  // namespace wud
