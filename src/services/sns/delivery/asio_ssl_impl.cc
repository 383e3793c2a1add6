// Asio's TLS layer is compiled once, here (Asio and Beast are built with separate compilation;
// http/beast_impl.cc compiles the rest, which the HTTP server alone needs).
#include <boost/asio/ssl/impl/src.hpp>
