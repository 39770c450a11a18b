// FakeMachineAccess: the in-memory machine the unit tests plant blocker leftovers into.
#include "wud/fake_machine_access.hpp"

#include "wud/text.hpp"

#include <algorithm>
#include <cctype>
#include <utility>

namespace wud {
FakeMachineAccess::FakeMachineAccess() {
    // What every Windows has: the keys the checks and the journal's machine identity read.
    setValue(R"(HKLM\SOFTWARE\Microsoft\Cryptography)", "MachineGuid", regString("11111111-2222-3333-4444-555555555555"));
}

void FakeMachineAccess::setValue(std::string_view key, std::string_view name, RegValue value) {
    keys_[lowerAscii(key)][lowerAscii(name)] = std::move(value);
}
void FakeMachineAccess::addKey(std::string_view key) { keys_[lowerAscii(key)]; }
void FakeMachineAccess::setKeySddl(std::string_view key, std::string sddl) { sddl_[lowerAscii(key)] = std::move(sddl); }
void FakeMachineAccess::setFile(std::string_view path, std::string bytes) { files_[lowerAscii(path)] = std::move(bytes); }
void FakeMachineAccess::removeFile(std::string_view path) { files_.erase(lowerAscii(path)); }
void FakeMachineAccess::addFolder(std::string_view path) { folders_.insert(lowerAscii(path)); }

std::vector<std::string> FakeMachineAccess::files() const {
    std::vector<std::string> names;
    for (const auto& [path, bytes] : files_) names.push_back(path);
    return names;
}

bool FakeMachineAccess::failing() {
    ++writes_;
    if (beforeWrite) beforeWrite(writes_);
    if (failNext_ == 0) return false;
    if (failSkip_ > 0) {
        --failSkip_;
        return false;
    }
    return true;
}

std::optional<RegValue> FakeMachineAccess::readValue(std::string_view key, std::string_view name) {
    const auto k = keys_.find(lowerAscii(key));
    if (k == keys_.end()) return std::nullopt;
    const auto v = k->second.find(lowerAscii(name));
    if (v == k->second.end()) return std::nullopt;
    return v->second;
}

bool FakeMachineAccess::keyExists(std::string_view key) {
    const std::string prefix = lowerAscii(key);
    for (const auto& [name, values] : keys_)
        if (name == prefix || name.starts_with(prefix + "\\")) return true;
    return false;
}

Win32Error FakeMachineAccess::writeValue(std::string_view key, std::string_view name, const RegValue& value) {
    if (failing()) return std::exchange(failNext_, 0);
    setValue(key, name, value);
    return 0;
}

Win32Error FakeMachineAccess::deleteValue(std::string_view key, std::string_view name) {
    if (failing()) return std::exchange(failNext_, 0);
    const auto k = keys_.find(lowerAscii(key));
    if (k == keys_.end() || k->second.erase(lowerAscii(name)) == 0) return 2;  // ERROR_FILE_NOT_FOUND
    return 0;
}

std::optional<std::string> FakeMachineAccess::keySecurity(std::string_view key) {
    const auto s = sddl_.find(lowerAscii(key));
    if (s != sddl_.end()) return s->second;
    if (!keyExists(key)) return std::nullopt;
    return std::string("D:(A;CI;KR;;;BU)(A;CI;KA;;;BA)(A;CI;KA;;;SY)");  // a service key's usual DACL
}

Win32Error FakeMachineAccess::setKeySecurity(std::string_view key, std::string_view sddl) {
    if (failing()) return std::exchange(failNext_, 0);
    sddl_[lowerAscii(key)] = std::string(sddl);
    return 0;
}

Win32Error FakeMachineAccess::createKey(std::string_view key, std::string_view sddl) {
    if (keyExists(key)) return 0;
    if (failing()) return std::exchange(failNext_, 0);
    addKey(key);
    sddl_[lowerAscii(key)] = std::string(sddl);
    return 0;
}

bool FakeMachineAccess::fileExists(std::string_view path) { return files_.contains(lowerAscii(path)); }

std::optional<std::string> FakeMachineAccess::readFile(std::string_view path) {
    const auto f = files_.find(lowerAscii(path));
    if (f == files_.end()) return std::nullopt;
    return f->second;
}

Win32Error FakeMachineAccess::replaceFile(std::string_view path, std::string_view bytes) {
    if (failing()) return std::exchange(failNext_, 0);
    files_[lowerAscii(path)] = std::string(bytes);
    return 0;
}

Win32Error FakeMachineAccess::moveFile(std::string_view from, std::string_view to) {
    if (failing()) return std::exchange(failNext_, 0);
    const auto f = files_.find(lowerAscii(from));
    if (f == files_.end()) return 2;
    if (files_.contains(lowerAscii(to))) return 183;  // ERROR_ALREADY_EXISTS
    std::string bytes = std::move(f->second);
    files_.erase(f);
    files_[lowerAscii(to)] = std::move(bytes);
    return 0;
}

std::optional<std::uint64_t> FakeMachineAccess::freeBytes(std::string_view) { return free_; }

void FakeMachineAccess::setTask(std::string_view path, bool enabled) {
    const auto slash = path.find_last_of('\\');
    auto& tasks = taskFolders_[lowerAscii(path.substr(0, slash == std::string_view::npos ? 0 : slash))];
    for (ScheduledTask& task : tasks)
        if (lowerAscii(task.path) == lowerAscii(path)) {
            task.enabled = enabled;
            return;
        }
    tasks.push_back(ScheduledTask{std::string(path), enabled});
}

void FakeMachineAccess::addTaskFolder(std::string_view folder) { taskFolders_[lowerAscii(folder)]; }

std::vector<TaskFolderRead> FakeMachineAccess::scheduledTasks(const std::vector<std::string>& folders) {
    std::vector<TaskFolderRead> reads;
    for (const std::string& folder : folders) {
        TaskFolderRead& read = reads.emplace_back();
        if (!taskError_.empty()) {
            read.error = taskError_;
            continue;
        }
        const auto f = taskFolders_.find(lowerAscii(folder));
        if (f == taskFolders_.end()) read.folderMissing = true;
        else read.tasks = f->second;
    }
    return reads;
}

// Folders: those added, and every parent of a file or an added folder.
bool FakeMachineAccess::pathExists(std::string_view path) {
    const std::string l = lowerAscii(path);
    return files_.contains(l) || entries(path).has_value();
}

std::optional<std::vector<DirEntry>> FakeMachineAccess::listFolder(std::string_view folder) {
    if (unreadable_.contains(lowerAscii(folder))) return std::nullopt;
    return entries(folder);
}

std::optional<std::vector<DirEntry>> FakeMachineAccess::entries(std::string_view folder) const {
    const std::string prefix = lowerAscii(folder) + "\\";
    bool exists = folders_.contains(lowerAscii(folder));
    std::map<std::string, DirEntry> children;
    auto see = [&](const std::string& path, const std::string* bytes) {
        if (!path.starts_with(prefix)) return;
        exists = true;
        const std::string rest = path.substr(prefix.size());
        const auto slash = rest.find('\\');
        if (slash == std::string::npos) {
            children[rest] = DirEntry{rest, bytes == nullptr, bytes == nullptr ? 0 : bytes->size()};
        } else {
            children[rest.substr(0, slash)] = DirEntry{rest.substr(0, slash), true, 0};
        }
    };
    for (const auto& [path, bytes] : files_) see(path, &bytes);
    for (const std::string& path : folders_) see(path, nullptr);
    if (!exists || files_.contains(lowerAscii(folder))) return std::nullopt;
    std::vector<DirEntry> out;
    for (auto& [name, entry] : children) out.push_back(std::move(entry));
    return out;
}

Win32Error FakeMachineAccess::movePath(std::string_view from, std::string_view to) {
    if (files_.contains(lowerAscii(from))) return moveFile(from, to);
    if (failing()) return std::exchange(failNext_, 0);
    if (!pathExists(from)) return 2;
    if (pathExists(to)) return 183;
    const std::string f = lowerAscii(from), t = lowerAscii(to);
    auto rename = [&](const std::string& path) { return path == f ? t : t + path.substr(f.size()); };
    std::map<std::string, std::string> files;
    for (auto& [path, bytes] : files_) files[path == f || path.starts_with(f + "\\") ? rename(path) : path] = std::move(bytes);
    files_ = std::move(files);
    std::set<std::string> folders;
    for (const std::string& path : folders_) folders.insert(path == f || path.starts_with(f + "\\") ? rename(path) : path);
    folders_ = std::move(folders);
    std::map<std::string, std::string> sddl;
    for (auto& [path, text] : folderSddl_) sddl[path == f || path.starts_with(f + "\\") ? rename(path) : path] = std::move(text);
    folderSddl_ = std::move(sddl);
    return 0;
}

Win32Error FakeMachineAccess::createFolderLike(std::string_view path, std::string_view like) {
    if (failing()) return std::exchange(failNext_, 0);
    if (pathExists(path)) return 183;
    if (!entries(like)) return 2;
    folders_.insert(lowerAscii(path));
    if (const auto it = folderSddl_.find(lowerAscii(like)); it != folderSddl_.end()) folderSddl_[lowerAscii(path)] = it->second;
    return 0;
}

Win32Error FakeMachineAccess::removeEmptyFolder(std::string_view path) {
    if (failing()) return std::exchange(failNext_, 0);
    const auto children = entries(path);
    if (!children) return 2;
    if (!children->empty()) return 145;  // ERROR_DIR_NOT_EMPTY
    folders_.erase(lowerAscii(path));
    folderSddl_.erase(lowerAscii(path));
    return 0;
}

void FakeMachineAccess::setUnreadable(std::string_view path) { unreadable_.insert(lowerAscii(path)); }

void FakeMachineAccess::setFolderSddl(std::string_view path, std::string sddl) { folderSddl_[lowerAscii(path)] = std::move(sddl); }

std::optional<std::string> FakeMachineAccess::folderSddl(std::string_view path) const {
    const auto it = folderSddl_.find(lowerAscii(path));
    return it == folderSddl_.end() ? std::nullopt : std::optional<std::string>(it->second);
}

Win32Error FakeMachineAccess::deleteTree(std::string_view path) {
    if (failing()) return std::exchange(failNext_, 0);
    if (!pathExists(path)) return 2;
    const std::string p = lowerAscii(path);
    std::erase_if(files_, [&](const auto& item) { return item.first == p || item.first.starts_with(p + "\\"); });
    std::erase_if(folders_, [&](const std::string& f) { return f == p || f.starts_with(p + "\\"); });
    return 0;
}


}  // namespace wud
