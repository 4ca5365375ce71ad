#!/bin/sh
# Put liushou-desktop in this user's application menu (no root needed):
#     ./install-desktop-entry.sh            install, for the folder this script is in
#     ./install-desktop-entry.sh --remove   take it out of the menu again
# The program stays where it is; move the folder, then run this again. The data is
# not touched (it lives in ~/.local/share/liushou-desktop).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
apps=${XDG_DATA_HOME:-$HOME/.local/share}/applications
icons=${XDG_DATA_HOME:-$HOME/.local/share}/icons/hicolor/256x256/apps
entry="$apps/liushou-desktop.desktop"

if [ "${1:-}" = "--remove" ]; then
  rm -f "$entry" "$icons/liushou-desktop.png"
  echo "removed $entry"
  exit 0
fi
[ -x "$here/liushou-desktop" ] || { echo "no program at $here/liushou-desktop" >&2; exit 1; }
mkdir -p "$apps" "$icons"
cp "$here/liushou-desktop.png" "$icons/liushou-desktop.png"
# Exec and Icon by absolute path: the folder is not on PATH. In Exec the path is quoted,
# with " ` $ \ escaped by a backslash (itself doubled in a .desktop string) and % doubled.
exec_path=$(printf '%s' "$here/liushou-desktop" | sed -e 's/["`$\\]/\\\\&/g' -e 's/%/%%/g')
while IFS= read -r line; do
  case "$line" in
    Exec=*) printf 'Exec="%s"\n' "$exec_path" ;;
    Icon=*) printf 'Icon=%s\n' "$icons/liushou-desktop.png" ;;
    *) printf '%s\n' "$line" ;;
  esac
done <"$here/liushou-desktop.desktop" >"$entry"
chmod 644 "$entry"
command -v update-desktop-database >/dev/null 2>&1 && update-desktop-database -q "$apps" || true
echo "installed $entry"
