#pragma once
// The seam between the checks / repairs and the machine they read: registry values, files, free space, the
// domain, scheduled tasks. One interface, a real implementation (makeWin32MachineAccess(): advapi32 + kernel32,
// and the Task Scheduler 2.0 COM API) and an in-memory one for tests (FakeMachineAccess in core/testing,
// wud::core_testing: it stands for what Wine cannot show, e.g. a domain-joined PC; the product never links it).
//
// Keys are written as `HKLM\SOFTWARE\...` (HKLM and HKCU roots; the 64-bit view), paths as Windows paths,
// all UTF-8. Key and value names are case-insensitive, as on Windows.

#include "wud/service_manager.hpp"

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace wud {

// Registry value types (winnt.h REG_*), by name: platform-neutral code does not include <windows.h>.
inline constexpr std::uint32_t kRegSz = 1;
inline constexpr std::uint32_t kRegExpandSz = 2;
inline constexpr std::uint32_t kRegBinary = 3;
inline constexpr std::uint32_t kRegDword = 4;
inline constexpr std::uint32_t kRegMultiSz = 7;
inline constexpr std::uint32_t kRegQword = 11;

/// One registry value exactly as stored: its type and its raw bytes (strings are UTF-16LE with their NULs).
/// Kept raw so an undo writes back byte for byte what was there.
struct RegValue {
    std::uint32_t type = 0;
    std::vector<std::uint8_t> data;
    friend bool operator==(const RegValue&, const RegValue&) = default;
};

/// REG_SZ (or REG_EXPAND_SZ) holding utf8, NUL-terminated as RegSetValueEx expects.
RegValue regString(std::string_view utf8, std::uint32_t type = kRegSz);
RegValue regDword(std::uint32_t value);
/// The text of a REG_SZ / REG_EXPAND_SZ (up to the first NUL), or of a REG_MULTI_SZ joined with ';'.
std::optional<std::string> asString(const RegValue& value);
/// The strings of a REG_MULTI_SZ in order, empty ones between them kept (pair lists need them); {} for other types.
std::vector<std::string> multiStrings(const RegValue& value);
/// A REG_DWORD (or a REG_QWORD that fits, or a decimal REG_SZ: blocker scripts write all three).
std::optional<std::uint32_t> asDword(const RegValue& value);
/// "REG_SZ", "REG_DWORD"... ("type 9" for others).
std::string regTypeName(std::uint32_t type);
/// How evidence shows a value: `" " (REG_SZ)`, `1 (REG_DWORD)`, `12 bytes (REG_BINARY)`.
std::string describeValue(const RegValue& value);

/// Hex and back (journal storage of raw bytes).
std::string toHex(std::string_view bytes);
std::optional<std::string> fromHex(std::string_view hex);

/// One scheduled task as Task Scheduler lists it.
struct ScheduledTask {
    std::string path;     ///< full path: "\Microsoft\Windows\UpdateOrchestrator\Schedule Scan"
    bool enabled = true;  ///< IRegisteredTask::get_Enabled
    friend bool operator==(const ScheduledTask&, const ScheduledTask&) = default;
};

/// The tasks of one Task Scheduler folder (not its subfolders), or why they could not be read.
struct TaskFolderRead {
    std::vector<ScheduledTask> tasks;
    bool folderMissing = false;  ///< Task Scheduler answered, and the folder does not exist
    std::string error;           ///< non-empty: Task Scheduler could not be asked (plain words + the code)
};

/// One entry of a folder listing.
struct DirEntry {
    std::string name;          ///< as stored (no path)
    bool folder = false;
    std::uint64_t bytes = 0;   ///< a file's size (0 for a folder)
};

/// Read and write access to the parts of the machine the checks and repairs use. Every call returns promptly.
class MachineAccess {
public:
    virtual ~MachineAccess() = default;

    // ---- registry
    virtual std::optional<RegValue> readValue(std::string_view key, std::string_view name) = 0;
    virtual bool keyExists(std::string_view key) = 0;
    /// Writes (creating the key if needed). Returns a Win32 error (0 = done).
    virtual Win32Error writeValue(std::string_view key, std::string_view name, const RegValue& value) = 0;
    /// Deletes one value (never a key). 2 if it was not there.
    virtual Win32Error deleteValue(std::string_view key, std::string_view name) = 0;
    /// The key's DACL as SDDL ("D:(A;;KA;;;SY)..."); nullopt when it cannot be read.
    virtual std::optional<std::string> keySecurity(std::string_view key) = 0;
    /// Replaces the key's DACL with this SDDL.
    virtual Win32Error setKeySecurity(std::string_view key, std::string_view sddl) = 0;
    /// Creates the key with this DACL (SDDL) from its first moment, so nobody else can open it in between; a key
    /// that exists already is left as it is (the caller checks its DACL). 0 when the key exists afterwards.
    virtual Win32Error createKey(std::string_view key, std::string_view sddl) = 0;

    // ---- files
    virtual bool fileExists(std::string_view path) = 0;
    /// The whole file's bytes; nullopt if it cannot be read.
    virtual std::optional<std::string> readFile(std::string_view path) = 0;
    /// Replaces the file atomically: a temp file beside it, flushed, then moved over it (MoveFileEx with
    /// REPLACE_EXISTING | WRITE_THROUGH), so a crash leaves the old or the new file, never half of one.
    virtual Win32Error replaceFile(std::string_view path, std::string_view bytes) = 0;
    /// Renames a file; fails (183) if `to` exists: a repair never overwrites.
    virtual Win32Error moveFile(std::string_view from, std::string_view to) = 0;
    /// Free bytes for the caller on the volume holding `path`.
    virtual std::optional<std::uint64_t> freeBytes(std::string_view path) = 0;

    // ---- folders (the cache reset: reset_cache.hpp)
    /// A file or a folder is there.
    virtual bool pathExists(std::string_view path) = 0;
    /// The folder's entries (not "." / ".."); nullopt when it is not a folder or cannot be read.
    virtual std::optional<std::vector<DirEntry>> listFolder(std::string_view folder) = 0;
    /// Renames a file or a whole folder on its volume (never copies); fails (183) if `to` exists.
    virtual Win32Error movePath(std::string_view from, std::string_view to) = 0;
    /// Deletes a file, or a folder and everything in it. Only for what the user asked to delete (old backups).
    virtual Win32Error deleteTree(std::string_view path) = 0;
    /// Makes an empty folder at `path` with the owner and permissions `like` (a folder) has; fails if `path` exists.
    virtual Win32Error createFolderLike(std::string_view path, std::string_view like) = 0;
    /// Removes a folder only if it is empty (the OS refuses otherwise, 145): nothing in it can be lost.
    virtual Win32Error removeEmptyFolder(std::string_view path) = 0;
    /// %ALLUSERSPROFILE% (e.g. "C:\ProgramData").
    virtual std::string programData() = 0;

    // ---- the machine
    /// %SystemRoot% (e.g. "C:\Windows").
    virtual std::string systemRoot() = 0;
    /// Joined to an Active Directory domain; nullopt when it cannot be told.
    virtual std::optional<bool> domainJoined() = 0;
    /// This computer's NetBIOS name.
    virtual std::string computerName() = 0;

    // ---- scheduled tasks
    /// The tasks in each Task Scheduler folder ("\Microsoft\Windows\UpdateOrchestrator"), hidden ones included, one
    /// answer per folder in the order asked. One connection to Task Scheduler for all of them.
    virtual std::vector<TaskFolderRead> scheduledTasks(const std::vector<std::string>& folders) = 0;

    MachineAccess() = default;
    MachineAccess(const MachineAccess&) = delete;
    MachineAccess& operator=(const MachineAccess&) = delete;
};

/// %SystemRoot%, %windir%, %ProgramFiles%... expanded with the machine's system root (the ones service
/// ImagePaths use); other variables are left as they are.
std::string expandPath(std::string_view path, MachineAccess& machine);

}  // namespace wud
