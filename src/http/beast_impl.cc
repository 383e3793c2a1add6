// Beast and Asio are header-only by default, which would make every file that includes them
// compile all of it again; with separate compilation (defined for this target in CMakeLists)
// their implementation is compiled here, once.
#include <boost/asio/impl/src.hpp>
#include <boost/beast/src.hpp>
