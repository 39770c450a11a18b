#pragma once
// The documented JSON schema (the README's JSON section), as checks shared by the unit and the black-box tests.

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <string>

namespace wud::test {

inline void requireKey(const nlohmann::json& j, const char* key, bool (nlohmann::json::*is)() const noexcept,
                       bool nullable = false) {
    INFO("key " << key << " in " << j.dump());
    REQUIRE(j.contains(key));
    if (nullable && j.at(key).is_null()) return;
    REQUIRE((j.at(key).*is)());
}

/// The fields every document has.
inline void requireEnvelope(const nlohmann::json& doc, const std::string& command) {
    using J = nlohmann::json;
    REQUIRE(doc.is_object());
    requireKey(doc, "schema_version", &J::is_number_integer);
    CHECK(doc["schema_version"] == 1);
    CHECK(doc["tool"] == "wudoctor");
    requireKey(doc, "version", &J::is_string);
    CHECK(doc["command"] == command);
    requireKey(doc, "computer", &J::is_string);
    requireKey(doc, "remote", &J::is_boolean);
    requireKey(doc, "os", &J::is_string, true);
    requireKey(doc, "os_build", &J::is_number_unsigned, true);
    requireKey(doc, "elevated", &J::is_boolean);
    requireKey(doc, "exit_code", &J::is_number_integer);
    requireKey(doc, "verdict", &J::is_string);
    requireKey(doc, "log", &J::is_string, true);
}

inline void requireServiceSchema(const nlohmann::json& s) {
    using J = nlohmann::json;
    requireKey(s, "name", &J::is_string);
    requireKey(s, "display_name", &J::is_string, true);
    requireKey(s, "friendly_name", &J::is_string);
    requireKey(s, "role", &J::is_string, true);
    requireKey(s, "installed", &J::is_boolean, true);
    requireKey(s, "state", &J::is_string, true);
    requireKey(s, "start_type", &J::is_string, true);
    requireKey(s, "default_start_type", &J::is_string, true);
    requireKey(s, "pid", &J::is_number_unsigned);
    requireKey(s, "win32_exit_code", &J::is_number_unsigned);
    requireKey(s, "service_exit_code", &J::is_number_unsigned);
    requireKey(s, "protected", &J::is_boolean);
    requireKey(s, "error_code", &J::is_number_unsigned);
    requireKey(s, "message", &J::is_string);
}

inline void requireStatusSchema(const nlohmann::json& doc, const std::string& command = "status") {
    requireEnvelope(doc, command);
    REQUIRE(doc.contains("services"));
    REQUIRE(doc["services"].is_array());
    for (const auto& s : doc["services"]) requireServiceSchema(s);
}

inline void requireResultSchema(const nlohmann::json& r) {
    using J = nlohmann::json;
    requireKey(r, "name", &J::is_string);
    requireKey(r, "action", &J::is_string);
    requireKey(r, "ok", &J::is_boolean);
    requireKey(r, "exit_code", &J::is_number_integer);
    requireKey(r, "error_code", &J::is_number_unsigned);
    requireKey(r, "message", &J::is_string);
    requireKey(r, "advice", &J::is_string);
    requireKey(r, "duration_ms", &J::is_number_integer);
    requireKey(r, "state_before", &J::is_string, true);
    requireKey(r, "state_after", &J::is_string, true);
    requireKey(r, "pid_before", &J::is_number_unsigned, true);
    requireKey(r, "pid_after", &J::is_number_unsigned, true);
    requireKey(r, "start_type_before", &J::is_string, true);
    requireKey(r, "start_type_after", &J::is_string, true);
    requireKey(r, "notes", &J::is_array);
}

inline void requireActionsSchema(const nlohmann::json& doc, const std::string& command) {
    requireEnvelope(doc, command);
    REQUIRE(doc.contains("results"));
    REQUIRE(doc["results"].is_array());
    for (const auto& r : doc["results"]) requireResultSchema(r);
}

}  // namespace wud::test
