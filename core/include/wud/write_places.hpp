#pragma once
// Where WU Doctor writes its log and undo journal, and which folders an elevated WU Doctor may write to at all.
//
// An elevated process that creates, appends to and renames files in a folder a standard user controls can be pointed
// elsewhere by a junction or a hard link planted there (the log's rotation renames wudoctor.log -> .1 -> .2): the
// user's program decides where an administrator's writes land. So an elevated WU Doctor writes only where no one but
// administrators can plant anything — a folder only SYSTEM, Administrators and TrustedInstaller can change (Program
// Files), or a volume that has neither reparse points nor hard links (a FAT32 / exFAT USB stick: anyone may write
// files there, but nobody can redirect ours) — and otherwise in %ProgramData%\WUDoctor\logs, which it makes itself
// with permissions of its own. It never writes to the user's %LOCALAPPDATA%. A process without administrator
// rights writes where it always did: beside the exe when it can, else %LOCALAPPDATA%.

#include "wud/log.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace wud {

/// What the file system says about a folder (read without any rights beyond a standard user's).
struct FolderFacts {
    bool exists = false;
    bool linksPossible = true;  ///< its volume has reparse points or hard links (NTFS, ReFS); false on FAT32 / exFAT
    std::string ownerSid;       ///< "S-1-5-32-544" or an alias ("BA"); "" when it could not be read
    std::string daclSddl;       ///< "D:..."; "" when it could not be read
};

/// Only SYSTEM, Administrators and TrustedInstaller own the folder and may put, replace or delete anything in it or
/// change its permissions (sddl.hpp's kWriteRights). Unknown owner or DACL: no.
bool adminOnly(const FolderFacts& folder);
/// An elevated WU Doctor may write here: adminOnly, or a volume where no one can plant a link.
bool safeForElevatedWrites(const FolderFacts& folder);

/// The folder an elevated WU Doctor makes for its log when the exe's folder is not safe: <programData>\WUDoctor\logs,
/// with this DACL (SYSTEM and Administrators full control, Users read).
std::string protectedLogFolder(std::string_view programData);
inline constexpr std::string_view kProtectedFolderSddl = "O:BAD:P(A;OICI;FA;;;SY)(A;OICI;FA;;;BA)(A;OICI;0x1200a9;;;BU)";

/// The folders to try for the log, in order. Not elevated: beside the exe, then <localAppData>\WUDoctor\logs.
/// Elevated: beside the exe only when besideExeSafe, then the protected folder; never localAppData.
/// transient: the exe is a copy that will be gone (it runs as SYSTEM, or from a temporary folder: transientExe) —
/// then never beside it, so the log and the undo journal outlive the copy: the protected folder when elevated,
/// localAppData otherwise.
std::vector<log::Place> logPlaces(std::string_view exeDir, bool besideExeSafe, std::string_view localAppData,
                                  std::string_view programData, bool elevated, bool transient = false);
/// The exe is a copy an engine made to run once: its folder is one of `temporaryFolders` or inside one (a remote
/// session's or Ansible's %TEMP%, %SystemRoot%\Temp), or exactly one of `copyFolders` (PsExec -c copies into
/// ADMIN$, which is %SystemRoot%, and deletes the copy afterwards). Case-blind, whole path components.
bool transientExe(std::string_view exeDir, const std::vector<std::string>& temporaryFolders,
                  const std::vector<std::string>& copyFolders);
/// Why an elevated WU Doctor refuses `--log-dir` (a confused deputy: a folder that someone without administrator
/// rights can change, or whose parent they can, would let them decide where an administrator's writes land or
/// plant the journal it reads), or "" when it may use it. Without administrator rights every folder is the user's
/// own business: "". folder: the facts of the folder (made first when missing); parent: of its parent.
std::string logDirProblem(std::string_view dir, const FolderFacts& folder, const FolderFacts& parent, bool elevated);
/// Where an elevated copy of WU Doctor logs and keeps its journal: beside the exe when safe, else the protected
/// folder. A standard user's window lists and undoes that journal.
std::string elevatedLogFolder(std::string_view exeDir, bool besideExeSafe, std::string_view programData);

// ---- Windows only (write_places_win32.cpp) ----
/// The facts about a folder: its volume's flags (GetVolumeInformation), its owner and DACL (GetNamedSecurityInfo).
FolderFacts folderFacts(const std::string& folder);
/// The exe's folder and its `wudoctor-logs` (when it exists) are safe for an elevated WU Doctor to write to.
bool besideExeSafe(const std::string& exeDir);
/// Makes the protected log folder (and <programData>\WUDoctor) with kProtectedFolderSddl from its first moment when
/// missing. True when it exists afterwards and is safe; false when it cannot be made or someone else made it first.
bool ensureProtectedLogFolder(const std::string& folder);
/// logPlaces() for this process: its rights, its exe's folder, the known folders. Makes the protected folder when
/// it is among them.
std::vector<log::Place> logPlacesForThisProcess(const std::string& exeDir);
/// Opens the log for this process where logPlacesForThisProcess says (log::init).
log::Setup openLog(const std::string& exeDir);
/// The technician's --log-dir for this process: "" and the log opened there (the folder made when missing, with
/// kProtectedFolderSddl when elevated), or why it is refused (logDirProblem) and nothing opened.
std::string openLogIn(const std::string& dir, log::Setup& setup);
/// True when this process runs as LocalSystem (S-1-5-18): Intune, PsExec -s, ConfigMgr, a scheduled task.
bool runsAsSystem();
/// Where an elevated copy of this exe logs and keeps its journal (elevatedLogFolder with this machine's facts).
std::string elevatedLogFolderForThisExe(const std::string& exeDir);

}  // namespace wud
