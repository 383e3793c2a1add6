# Turns console/ into one generated C++ source (run with `cmake -P` at build time; no Node, no
# npm). Inputs: CONSOLE_DIR (the console/ folder), OUTPUT (the .cc to write).
#
# - Checks every vendored file against console/vendor/SHA256SUMS, so a changed or corrupted
#   third-party file fails the build instead of shipping.
# - Compresses each asset with gzip -9 (CMake's libarchive; the header's mtime zeroed so the
#   output is the same on every build) and writes it as a string literal with its path, content
#   type, size and SHA-256 (the strong ETag).
# - Every asset but index.html is served under /console/a/<tree hash>/, the hash of all of them:
#   a changed file changes every URL, so those URLs can be cached for a year (immutable), and
#   relative imports between modules keep working. index.html names the base through the
#   placeholder @ASSET_BASE@.
cmake_minimum_required(VERSION 3.25)

if(NOT CONSOLE_DIR OR NOT OUTPUT)
  message(FATAL_ERROR "embed_console.cmake: set CONSOLE_DIR and OUTPUT")
endif()

# Pinned third-party files.
file(STRINGS "${CONSOLE_DIR}/vendor/SHA256SUMS" pins)
set(pinned_count 0)
foreach(line IN LISTS pins)
  if(NOT line MATCHES "^([0-9a-f]+)  (.+)$")
    message(FATAL_ERROR "console/vendor/SHA256SUMS: bad line '${line}'")
  endif()
  set(want "${CMAKE_MATCH_1}")
  set(name "${CMAKE_MATCH_2}")
  file(SHA256 "${CONSOLE_DIR}/vendor/${name}" got)
  if(NOT got STREQUAL want)
    message(FATAL_ERROR "console/vendor/${name}: SHA-256 ${got}, pinned ${want} "
                        "(refresh with console/tools/refresh-vendor.sh)")
  endif()
  math(EXPR pinned_count "${pinned_count} + 1")
endforeach()
file(GLOB vendored RELATIVE "${CONSOLE_DIR}/vendor" "${CONSOLE_DIR}/vendor/*")
list(REMOVE_ITEM vendored SHA256SUMS)
list(LENGTH vendored vendored_count)
if(NOT vendored_count EQUAL pinned_count)
  message(FATAL_ERROR "console/vendor: ${vendored_count} files but ${pinned_count} pins")
endif()

file(GLOB_RECURSE assets RELATIVE "${CONSOLE_DIR}" "${CONSOLE_DIR}/*")
list(FILTER assets EXCLUDE REGEX "^(README\\.md|tools/.*|vendor/SHA256SUMS|.*~)$")
list(SORT assets)

function(content_type path out)
  if(path MATCHES "\\.(mjs|js)$")
    set(type "text/javascript; charset=utf-8")
  elseif(path MATCHES "\\.css$")
    set(type "text/css; charset=utf-8")
  elseif(path MATCHES "\\.html$")
    set(type "text/html; charset=utf-8")
  elseif(path MATCHES "\\.svg$")
    set(type "image/svg+xml")
  elseif(path MATCHES "\\.png$")
    set(type "image/png")
  elseif(path MATCHES "\\.json$")
    set(type "application/json")
  elseif(path MATCHES "(^|/)LICENSE")
    set(type "text/plain; charset=utf-8")
  else()
    message(FATAL_ERROR "console/${path}: no content type for this file name")
  endif()
  set(${out} "${type}" PARENT_SCOPE)
endfunction()

# The tree hash: of every asset's path and bytes except index.html (which names it).
set(tree "")
foreach(path IN LISTS assets)
  if(NOT path STREQUAL "index.html")
    file(SHA256 "${CONSOLE_DIR}/${path}" sum)
    string(APPEND tree "${path} ${sum}\n")
  endif()
endforeach()
string(SHA256 tree_hash "${tree}")
string(SUBSTRING "${tree_hash}" 0 16 tree_hash)
set(base "/console/a/${tree_hash}/")

get_filename_component(out_dir "${OUTPUT}" DIRECTORY)
set(scratch "${out_dir}/console_embed_tmp")
file(REMOVE_RECURSE "${scratch}")
file(MAKE_DIRECTORY "${scratch}")

set(entries "")
set(literals "")
set(index 0)
foreach(path IN LISTS assets)
  set(source "${CONSOLE_DIR}/${path}")
  if(path STREQUAL "index.html")
    file(READ "${source}" html)
    string(REPLACE "@ASSET_BASE@" "${base}" html "${html}")
    set(source "${scratch}/index.html")
    file(WRITE "${source}" "${html}")
  endif()
  content_type("${path}" type)
  file(SIZE "${source}" size)
  file(SHA256 "${source}" sum)
  # libarchive's raw format with the gzip filter is a plain .gz of the one file.
  set(gz "${scratch}/${index}.gz")
  file(ARCHIVE_CREATE OUTPUT "${gz}" PATHS "${source}" FORMAT raw COMPRESSION GZip
       COMPRESSION_LEVEL 9)
  file(READ "${gz}" hex HEX)
  # Bytes 4..7 are the gzip header's MTIME: zero it so the build is reproducible.
  string(SUBSTRING "${hex}" 0 8 head)
  string(SUBSTRING "${hex}" 16 -1 tail)
  set(hex "${head}00000000${tail}")
  string(LENGTH "${hex}" hex_length)
  math(EXPR gz_size "${hex_length} / 2")
  # 64 bytes per source line, each as \xHH.
  string(REGEX REPLACE "(................................................................................................................................)" "\\1\n" hex "${hex}")
  string(REGEX REPLACE "([0-9a-f][0-9a-f])" "\\\\x\\1" hex "${hex}")
  string(REPLACE "\n" "\"\n    \"" hex "${hex}")
  string(APPEND literals "// console/${path}\nconstexpr char kAsset${index}[] =\n    \"${hex}\";\n")
  if(path STREQUAL "index.html")
    set(url "/console/index.html")
  else()
    set(url "${base}${path}")
  endif()
  string(APPEND entries "    {\"${url}\", \"${type}\", {kAsset${index}, ${gz_size}}, \"${sum}\", ${size}},\n")
  math(EXPR index "${index} + 1")
endforeach()
file(REMOVE_RECURSE "${scratch}")

set(code "// Generated by cmake/embed_console.cmake from console/: do not edit.
#include \"app/console/embedded_assets.h\"

namespace berth::app::console {
namespace {

${literals}
constexpr EmbeddedAsset kAssets[] = {
${entries}};

}  // namespace

std::string_view AssetBase() { return \"${base}\"; }
std::span<const EmbeddedAsset> EmbeddedAssets() { return kAssets; }

}  // namespace berth::app::console
")
# Written only when changed, so an unchanged console does not recompile.
set(previous "")
if(EXISTS "${OUTPUT}")
  file(READ "${OUTPUT}" previous)
endif()
if(NOT previous STREQUAL code)
  file(WRITE "${OUTPUT}" "${code}")
endif()
