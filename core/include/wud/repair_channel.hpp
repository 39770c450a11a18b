#pragma once
// The live channel of `repair-system` run in an elevated copy for the window: what the copy sends (its progress, then
// its result) and how the window reads it back. Pure: the pipe that carries it is win32/repair_channel_pipe.hpp.
//
// The copy runs with administrator rights; the window may not. So the traffic goes one way only — the copy writes,
// the window reads — and what the window reads is data: one JSON object per line, each field checked against what it
// may be (a phase or an outcome from the engine's own ids, a percentage 0–100, text of bounded length without
// control characters); anything else is dropped. The window words the result itself (system_repair.hpp's describe),
// from the facts it got, never from sentences the channel carried.

#include "wud/system_repair.hpp"

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace wud {

/// One line the channel may carry at most (a result naming a thousand files fits); a longer one is dropped whole.
inline constexpr std::size_t kRepairChannelMaxLine = 256 * 1024;
/// Text fields are cut to this many bytes (a path, DISM's own words).
inline constexpr std::size_t kRepairChannelMaxText = 2048;
/// Files of SFC's result the window takes at most.
inline constexpr std::size_t kRepairChannelMaxFiles = 1000;

/// One progress report as a channel line ('\n' at its end).
std::string encodeRepairProgress(const RepairProgress& progress);
/// The run's result as a channel line ('\n' at its end): the facts only, no sentences.
std::string encodeRepairResult(const SystemRepairResult& result);

/// What one line said.
struct RepairChannelEvent {
    std::optional<RepairProgress> progress;  ///< a progress report (its text from stepText, never the channel)
    std::optional<SystemRepairResult> result;  ///< the result, worded here (describe)
};

/// Reads the channel's bytes as they come, in pieces of any size.
class RepairChannelReader {
public:
    /// The events of the lines completed by these bytes, in order. Malformed or oversized lines are dropped.
    std::vector<RepairChannelEvent> feed(std::string_view bytes);
    /// Lines dropped so far (not JSON, wrong shape, too long).
    [[nodiscard]] std::size_t dropped() const noexcept { return dropped_; }

private:
    std::string pending_;
    bool skipping_ = false;  ///< inside a line already too long: drop up to its end
    std::size_t dropped_ = 0;
};

/// Parses one line (without its '\n'); nullopt when it is not a valid message.
std::optional<RepairChannelEvent> decodeRepairChannelLine(std::string_view line);

}  // namespace wud
