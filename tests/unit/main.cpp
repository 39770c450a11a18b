// The Catch2 main for the unit tests: kept in its own file so the (slow to compile) runner builds once.
// The Windows build defines _UNICODE, which makes Catch2 emit wmain(); MinGW links main() unless -municode,
// so ask for a plain main (arguments are ASCII test filters anyway).
#define DO_NOT_USE_WMAIN
#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>
