#!/usr/bin/env bash
# Refreshes console/vendor/ from the npm registry at the pinned versions below and rewrites
# vendor/SHA256SUMS. Run by hand when a version changes (needs npm); the C++ build never runs
# npm: it only checks the committed files against SHA256SUMS (cmake/embed_console.cmake).
#
# Two files are adapted so that they load as plain ES modules under the console's CSP (no
# import map, which would be an inline script):
#   hooks.mjs  – its bare `from"preact"` becomes `from"./preact.mjs"`;
#   uplot.mjs  – uPlot's minified IIFE build (51 KB; its ESM build is unminified, 145 KB) with
#                `export default uPlot;` appended.
set -euo pipefail
PREACT=11.2.0 HTM=3.1.1 UPLOT=1.6.32
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="$here/vendor"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
cd "$tmp"
for p in "preact@$PREACT" "htm@$HTM" "uplot@$UPLOT"; do
  name="${p%@*}"
  mkdir "$name"
  tar xzf "$(npm pack --silent "$p")" -C "$name"
done
cp preact/package/dist/preact.mjs "$out/preact.mjs"
sed 's/from"preact"/from".\/preact.mjs"/' preact/package/hooks/dist/hooks.mjs > "$out/hooks.mjs"
cp htm/package/dist/htm.mjs "$out/htm.mjs"
{ cat uplot/package/dist/uPlot.iife.min.js; printf '\nexport default uPlot;\n'; } > "$out/uplot.mjs"
cp uplot/package/dist/uPlot.min.css "$out/uplot.css"
cp preact/package/LICENSE "$out/LICENSE.preact"
cp htm/package/LICENSE "$out/LICENSE.htm"
cp uplot/package/LICENSE "$out/LICENSE.uplot"
# The source-map comment names a file berth does not serve.
sed -i '/^\/\/# sourceMappingURL=/d' "$out/preact.mjs" "$out/hooks.mjs"
(cd "$out" && sha256sum preact.mjs hooks.mjs htm.mjs uplot.mjs uplot.css LICENSE.* > SHA256SUMS)
echo "console/vendor refreshed: preact $PREACT, htm $HTM, uplot $UPLOT"
