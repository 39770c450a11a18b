#pragma once
// Journal changes as the repairs write them, one builder a kind: what the journal tests forge, parse and undo.

#include "wud/journal.hpp"

#include <catch2/catch.hpp>

#include <optional>
#include <string>
#include <utility>

namespace wud::test {

/// A registry value `key\name` changed from `before` to `after` (nullopt: did not / does not exist).
inline JournalChange registryChange(std::string key, std::string name, std::optional<RegValue> before,
                                    std::optional<RegValue> after) {
    return {.kind = JournalChange::Kind::Registry, .key = std::move(key), .name = std::move(name),
            .before = std::move(before), .after = std::move(after)};
}

/// A file renamed from `from` to `to`.
inline JournalChange fileMove(std::string from, std::string to) {
    return {.kind = JournalChange::Kind::FileMove, .from = std::move(from), .to = std::move(to)};
}

/// A whole file rewritten: its bytes before and after.
inline JournalChange fileRewrite(std::string path, std::string beforeBytes, std::string afterBytes = {}) {
    return {.kind = JournalChange::Kind::FileRewrite, .path = std::move(path), .beforeBytes = std::move(beforeBytes),
            .afterBytes = std::move(afterBytes)};
}

/// A service's start type changed.
inline JournalChange startTypeChange(std::string service, StartType before, StartType after) {
    return {.kind = JournalChange::Kind::StartType, .service = std::move(service), .startBefore = before,
            .startAfter = after};
}

/// A key's DACL changed, as SDDL.
inline JournalChange keySecurityChange(std::string key, std::string sddlBefore, std::string sddlAfter) {
    return {.kind = JournalChange::Kind::KeySecurity, .key = std::move(key), .sddlBefore = std::move(sddlBefore),
            .sddlAfter = std::move(sddlAfter)};
}

/// The cache reset's move of a file or folder aside to its backup name.
inline JournalChange moveAside(std::string from, std::string to) {
    return {.kind = JournalChange::Kind::MoveAside, .from = std::move(from), .to = std::move(to)};
}

/// The journal as its own text reads it back; the text must parse.
inline Journal readBack(const Journal& journal) {
    std::string reason;
    std::optional<Journal> back = parseJournal(serializeJournal(journal), reason);
    INFO(reason);
    REQUIRE(back);
    return *back;
}

}  // namespace wud::test
