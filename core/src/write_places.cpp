// The pure half of write_places.hpp: the decisions, over facts the Win32 half reads.
#include "wud/write_places.hpp"

#include "wud/sddl.hpp"

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
                                  std::string_view programData, bool elevated) {
    std::vector<log::Place> places;
    const bool besideExe = !exeDir.empty() && (!elevated || besideExeSafe);
    if (besideExe) places.push_back({join(exeDir, log::kExeFolderName), false});
    if (elevated) {
        if (!programData.empty()) places.push_back({protectedLogFolder(programData), besideExe});
    } else if (!localAppData.empty()) {
        places.push_back({join(join(localAppData, "WUDoctor"), "logs"), besideExe});
    }
    return places;
}

std::string elevatedLogFolder(std::string_view exeDir, bool besideExeSafe, std::string_view programData) {
    if (!exeDir.empty() && besideExeSafe) return join(exeDir, log::kExeFolderName);
    return programData.empty() ? std::string() : protectedLogFolder(programData);
}

}  // namespace wud
