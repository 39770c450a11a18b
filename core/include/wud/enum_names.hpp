#pragma once
// An enum's names as a table indexed by the value: the one idiom for toId / toString / words. Each row carries its
// value next to its name, and the table is built by enumNames<Last>(rows), which checks at compile time that row i is
// value i and that every value up to the last has its row (add a row when you add a value: a table that is short
// or out of order does not compile, and the error points at its definition).
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

/// The table of `rows`, checked: a short or misordered table is a compile error at the call.
/// e.g. `constexpr auto kIds = enumNames<Colour::Blue>({{Colour::Red, "red"}, {Colour::Blue, "blue"}});`
template <auto Last, std::size_t N>
consteval std::array<EnumName<decltype(Last)>, N> enumNames(const EnumName<decltype(Last)> (&rows)[N]) {
    std::array<EnumName<decltype(Last)>, N> table{};
    for (std::size_t i = 0; i < N; ++i) table[i] = rows[i];
    if (!namesEveryValue(table, Last)) throw "enumNames: the rows must name every value, in order, up to Last";
    return table;
}

/// The value's name; a value outside the table (cast from an unexpected number) gets `fallback`, never garbage.
template <typename Enum, std::size_t N>
constexpr std::string_view nameOf(const std::array<EnumName<Enum>, N>& table, Enum value,
                                  std::string_view fallback) noexcept {
    const auto index = static_cast<std::size_t>(value);
    return index < N ? table[index].name : fallback;
}

}  // namespace wud
