#include "wud/clock.hpp"

#include <ctime>
#include <thread>

namespace wud {

Millis SteadyClock::now() {
    return std::chrono::duration_cast<Millis>(std::chrono::steady_clock::now().time_since_epoch());
}

void SteadyClock::sleepFor(Millis d, const CancelToken* token) {
    if (d <= Millis::zero()) return;
    if (token == nullptr) {
        std::this_thread::sleep_for(d);
        return;
    }
    // Waiting on the token's condition variable (not a plain sleep) lets Cancel take effect at once instead of
    // at the end of the current poll interval.
    std::unique_lock lock(token->mutex_);
    token->wake_.wait_for(lock, d, [token] { return token->cancelled_.load(); });
}

std::string localTimeText(const char* format) {
    const std::time_t now = std::time(nullptr);
    std::tm local{};
#ifdef _WIN32
    localtime_s(&local, &now);
#else
    localtime_r(&now, &local);
#endif
    char buffer[64];
    const std::size_t length = std::strftime(buffer, sizeof buffer, format, &local);
    return std::string(buffer, length);
}

}  // namespace wud
