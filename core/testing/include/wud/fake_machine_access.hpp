#pragma once
// An in-memory MachineAccess for tests: registry keys and values, files, free space, the domain, scheduled tasks.
// A test double, so it lives in wud::core_testing and never in the product. Every knob stands for one thing a
// real Windows does that Wine cannot show (a domain-joined PC, a DACL Windows enforces, Task Scheduler's
// UpdateOrchestrator folder...); the test using it says which.

#include "wud/machine_access.hpp"

#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace wud {

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
    /// The folder exists but listing it fails (stands for permissions that deny WU Doctor, e.g. a tool's ACL edit).
    void setUnreadable(std::string_view path);
    /// A folder's owner and permissions as SDDL (what createFolderLike copies; the fake only keeps the text).
    void setFolderSddl(std::string_view path, std::string sddl);
    [[nodiscard]] std::optional<std::string> folderSddl(std::string_view path) const;
    void setFreeBytes(std::optional<std::uint64_t> bytes) { free_ = bytes; }
    void setDomainJoined(std::optional<bool> joined) { domain_ = joined; }
    void setComputerName(std::string name) { computer_ = std::move(name); }
    /// Adds (or replaces) a task; its folder is everything before the last backslash of its path.
    void setTask(std::string_view path, bool enabled);
    /// The folder exists with no tasks (Windows keeps an emptied folder).
    void addTaskFolder(std::string_view folder);
    /// Every scheduledTasks() call answers with this error (stands for Task Scheduler not answering: its service
    /// stopped, or COM refused); empty = answer normally.
    void setTaskSchedulerError(std::string error) { taskError_ = std::move(error); }
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
    Win32Error createKey(std::string_view key, std::string_view sddl) override;
    bool fileExists(std::string_view path) override;
    std::optional<std::string> readFile(std::string_view path) override;
    Win32Error replaceFile(std::string_view path, std::string_view bytes) override;
    Win32Error moveFile(std::string_view from, std::string_view to) override;
    std::optional<std::uint64_t> freeBytes(std::string_view path) override;
    bool pathExists(std::string_view path) override;
    std::optional<std::vector<DirEntry>> listFolder(std::string_view folder) override;
    Win32Error movePath(std::string_view from, std::string_view to) override;
    Win32Error deleteTree(std::string_view path) override;
    Win32Error createFolderLike(std::string_view path, std::string_view like) override;
    Win32Error removeEmptyFolder(std::string_view path) override;
    std::string programData() override { return "C:\\ProgramData"; }
    std::string systemRoot() override { return "C:\\Windows"; }
    std::optional<bool> domainJoined() override { return domain_; }
    std::string computerName() override { return computer_; }
    std::vector<TaskFolderRead> scheduledTasks(const std::vector<std::string>& folders) override;

private:
    bool failing();
    [[nodiscard]] std::optional<std::vector<DirEntry>> entries(std::string_view folder) const;
    std::map<std::string, std::map<std::string, RegValue>> keys_;  // lower-case key -> lower-case name -> value
    std::map<std::string, std::string> files_;                     // lower-case path -> bytes
    std::map<std::string, std::string> sddl_;                      // lower-case key -> DACL
    std::set<std::string> folders_;                                // lower-case paths of folders added
    std::set<std::string> unreadable_;                             // lower-case folders listFolder refuses
    std::map<std::string, std::string> folderSddl_;                // lower-case folder -> its SDDL
    std::optional<std::uint64_t> free_ = 100ull << 30;
    std::optional<bool> domain_ = false;
    std::string computer_ = "TEST-PC";
    std::map<std::string, std::vector<ScheduledTask>> taskFolders_;  // lower-case folder -> tasks
    std::string taskError_;
    Win32Error failNext_ = 0;
    int failSkip_ = 0;
    int writes_ = 0;
};

}  // namespace wud
