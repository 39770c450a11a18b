#pragma once
// The start of every black-box CLI test program (include it first, in the program's one source file): Catch2's main,
// the runner of the wudoctor.com copy under test with its helpers, JSON, and the names the tests use unqualified.
#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>

#include "cli_run.hpp"
#include "run_process.hpp"
#include "wine_helpers.hpp"

#include <nlohmann/json.hpp>

using namespace wud;
using namespace wud::test;
using nlohmann::json;
