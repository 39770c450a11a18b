#pragma once
// The seam between the checks / repairs and the machine they read: registry values, files, free space, the
// domain. One interface, a real implementation (Win32MachineAccess, advapi32 + kernel32) and an in-memory one
// (FakeMachineAccess, host tests: it stands for what Wine cannot show, e.g. a domain-joined PC).
//
// Keys are written as `HKLM\SOFTWARE\...` (HKLM and HKCU roots; the 64-bit view), paths as Windows paths,
// all UTF-8. Key and value names are case-insensitive, as on Windows.

#include "wud/service_manager.hpp"

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <set>
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
/// A REG_DWORD (or a REG_QWORD that fits, or a decimal REG_SZ: blocker scripts write all three).
std::optional<std::uint32_t> asDword(const RegValue& value);
/// "REG_SZ", "REG_DWORD"... ("type 9" for others).
std::string regTypeName(std::uint32_t type);
/// How evidence shows a value: `" " (REG_SZ)`, `1 (REG_DWORD)`, `12 bytes (REG_BINARY)`.
std::string describeValue(const RegValue& value);

/// Hex and back (journal storage of raw bytes).
std::string toHex(std::string_view bytes);
std::optional<std::string> fromHex(std::string_view hex);

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
    /// %ALLUSERSPROFILE% (e.g. "C:\ProgramData").
    virtual std::string programData() = 0;

    // ---- the machine
    /// %SystemRoot% (e.g. "C:\Windows").
    virtual std::string systemRoot() = 0;
    /// Joined to an Active Directory domain; nullopt when it cannot be told.
    virtual std::optional<bool> domainJoined() = 0;
    /// This computer's NetBIOS name.
    virtual std::string computerName() = 0;

    MachineAccess() = default;
    MachineAccess(const MachineAccess&) = delete;
    MachineAccess& operator=(const MachineAccess&) = delete;
};

/// %SystemRoot%, %windir%, %ProgramFiles%... expanded with the machine's system root (the ones service
/// ImagePaths use); other variables are left as they are.
std::string expandPath(std::string_view path, MachineAccess& machine);

/// In-memory machine for tests. Key/value/file names compare case-insensitively.
class FakeMachineAccess final : public MachineAccess {
public:
    FakeMachineAccess();

    void setValue(std::string_view key, std::string_view name, RegValue value);
    void addKey(std::string_view key);
    /// The DACL a key reports (stands for Windows, which enforces it; Wine stores DACLs but never checks them).
    void setKeySddl(std::string_view key, std::string sddl);
    void setFile(std::string_view path, std::string bytes);
    void removeFile(std::string_view path);
    /// An (empty) folder; folders holding files exist without this.
    void addFolder(std::string_view path);
    void setFreeBytes(std::optional<std::uint64_t> bytes) { free_ = bytes; }
    void setDomainJoined(std::optional<bool> joined) { domain_ = joined; }
    void setComputerName(std::string name) { computer_ = std::move(name); }
    /// The write / delete / replace / move after `skip` more succeed fails with this error (one shot), to test
    /// a repair that fails part way.
    void failWrite(Win32Error error, int skip = 0) {
        failNext_ = error;
        failSkip_ = skip;
    }
    /// Called before every write / delete / replace / move with its number (1, 2, ...): a test throws from it to
    /// stand for a crash or power cut at that point.
    std::function<void(int)> beforeWrite;
    /// Every file path (lower case), for tests comparing the whole state.
    [[nodiscard]] std::vector<std::string> files() const;
    /// Count of writes, deletes, replaces and moves so far ("nothing changed" assertions).
    [[nodiscard]] int writes() const noexcept { return writes_; }

    std::optional<RegValue> readValue(std::string_view key, std::string_view name) override;
    bool keyExists(std::string_view key) override;
    Win32Error writeValue(std::string_view key, std::string_view name, const RegValue& value) override;
    Win32Error deleteValue(std::string_view key, std::string_view name) override;
    std::optional<std::string> keySecurity(std::string_view key) override;
    Win32Error setKeySecurity(std::string_view key, std::string_view sddl) override;
    bool fileExists(std::string_view path) override;
    std::optional<std::string> readFile(std::string_view path) override;
    Win32Error replaceFile(std::string_view path, std::string_view bytes) override;
    Win32Error moveFile(std::string_view from, std::string_view to) override;
    std::optional<std::uint64_t> freeBytes(std::string_view path) override;
    bool pathExists(std::string_view path) override;
    std::optional<std::vector<DirEntry>> listFolder(std::string_view folder) override;
    Win32Error movePath(std::string_view from, std::string_view to) override;
    Win32Error deleteTree(std::string_view path) override;
    std::string programData() override { return "C:\\ProgramData"; }
    std::string systemRoot() override { return "C:\\Windows"; }
    std::optional<bool> domainJoined() override { return domain_; }
    std::string computerName() override { return computer_; }

private:
    bool failing();
    std::map<std::string, std::map<std::string, RegValue>> keys_;  // lower-case key -> lower-case name -> value
    std::map<std::string, std::string> files_;                     // lower-case path -> bytes
    std::map<std::string, std::string> sddl_;                      // lower-case key -> DACL
    std::set<std::string> folders_;                                // lower-case paths of folders added
    std::optional<std::uint64_t> free_ = 100ull << 30;
    std::optional<bool> domain_ = false;
    std::string computer_ = "TEST-PC";
    Win32Error failNext_ = 0;
    int failSkip_ = 0;
    int writes_ = 0;
};

}  // namespace wud
