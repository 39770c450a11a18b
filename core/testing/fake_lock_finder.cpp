// FakeLockFinder: file path -> the processes a test says hold it.
#include "wud/fake_lock_finder.hpp"

#include "wud/text.hpp"

#include <algorithm>

namespace wud {
void FakeLockFinder::hold(std::string_view path, LockHolder holder) { held_[lowerAscii(path)].push_back(std::move(holder)); }

std::optional<std::vector<LockHolder>> FakeLockFinder::holders(const std::vector<std::string>& files) {
    asked.insert(asked.end(), files.begin(), files.end());
    if (unavailable) return std::nullopt;
    std::vector<LockHolder> out;
    for (const std::string& f : files)
        if (const auto it = held_.find(lowerAscii(f)); it != held_.end())
            for (const LockHolder& h : it->second)
                if (std::find(out.begin(), out.end(), h) == out.end()) out.push_back(h);
    return out;
}

}  // namespace wud
