#pragma once
// An enum's names as a table indexed by the value: the one idiom for toId / toString / words. Each row carries its
// value next to its name, and where a table is defined a static_assert checks that row i is value i and that every
// value up to the last has its row (add a row when you add a value; the assert names the table that is short).
#include <array>
#include <cstddef>
#include <string_view>

namespace wud {

template <typename Enum>
struct EnumName {
    Enum value;
    std::string_view name;
};

/// True when row i names value i and the table ends at `last`.
template <typename Enum, std::size_t N>
constexpr bool namesEveryValue(const std::array<EnumName<Enum>, N>& table, Enum last) noexcept {
    if (static_cast<std::size_t>(last) + 1 != N) return false;
    for (std::size_t i = 0; i < N; ++i)
        if (static_cast<std::size_t>(table[i].value) != i) return false;
    return true;
}

/// The value's name; a value outside the table (cast from an unexpected number) gets `fallback`, never garbage.
template <typename Enum, std::size_t N>
constexpr std::string_view nameOf(const std::array<EnumName<Enum>, N>& table, Enum value,
                                  std::string_view fallback) noexcept {
    const auto index = static_cast<std::size_t>(value);
    return index < N ? table[index].name : fallback;
}

}  // namespace wud
