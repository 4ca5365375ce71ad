#!/usr/bin/env bash
# Build the Linux one-folder program and its tarball from a clean checkout.
#
#     bash packaging/build.sh OUTDIR
#
# Makes a fresh virtual environment (OUTDIR/build/venv) with the project and PyInstaller,
# runs packaging/liushou-desktop.spec, and leaves
#   OUTDIR/liushou-desktop/liushou-desktop                  the program (run it from here)
#   OUTDIR/liushou-desktop-<version>-linux-<arch>.tar.gz     that folder, with a .desktop
#                                                            entry and its install script
# then runs the program's --self-test and opens its first window offscreen as a smoke
# test; exits non-zero if anything fails. PYTHON (default python3, 3.11 or newer) is the
# interpreter the program bundles.
set -euo pipefail

if [ $# -ne 1 ]; then
  echo "usage: bash packaging/build.sh OUTDIR" >&2
  exit 2
fi
started=$(date +%s)
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
mkdir -p "$1"
out=$(cd "$1" && pwd)
python=${PYTHON:-python3}
venv="$out/build/venv"
app="$out/liushou-desktop"

step() { printf '\n== %s (%ds)\n' "$*" "$(($(date +%s) - started))"; }

step "fresh build environment in $venv"
"$python" -c 'import sys; assert sys.version_info >= (3, 11), sys.version' ||
  { echo "build.sh: $python is older than Python 3.11" >&2; exit 1; }
rm -rf "$out/build" "$app"
"$python" -m venv "$venv"
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check \
  "$root" "pyinstaller>=6.10,<7"
version=$("$venv/bin/python" -c 'import liushou_desktop; print(liushou_desktop.__version__)')
arch=$(uname -m)
echo "liushou-desktop $version, $("$venv/bin/python" -V), PyInstaller $("$venv/bin/pyinstaller" --version)"

step "translations and icon"
# The compiled .qm is committed (a test fails when it is stale); compile only if missing.
for ts in "$root"/translations/*.ts; do
  if [ ! -f "${ts%.ts}.qm" ]; then
    (cd "$root" && "$venv/bin/python" packaging/i18n.py release)
    break
  fi
done
if [ ! -f "$root/resources/icons/liushou-desktop.png" ] || [ ! -f "$root/packaging/icons/liushou-desktop.ico" ]; then
  "$venv/bin/python" "$root/packaging/make_icon.py"
fi

step "PyInstaller"
(cd "$out/build" && "$venv/bin/pyinstaller" --noconfirm --clean --log-level WARN \
  --distpath "$out" --workpath "$out/build/work" "$root/packaging/liushou-desktop.spec")
[ -x "$app/liushou-desktop" ] || { echo "build.sh: no program at $app/liushou-desktop" >&2; exit 1; }

step "desktop entry and tarball"
cp "$root/resources/icons/liushou-desktop.png" "$app/liushou-desktop.png"
cp "$root/packaging/linux/liushou-desktop.desktop" "$app/liushou-desktop.desktop"
install -m 755 "$root/packaging/linux/install-desktop-entry.sh" "$app/install-desktop-entry.sh"
tarball="$out/liushou-desktop-$version-linux-$arch.tar.gz"
rm -f "$tarball"
tar -C "$out" --owner=0 --group=0 -czf "$tarball" liushou-desktop

step "smoke test: --version, --self-test, the first window (offscreen)"
export QT_QPA_PLATFORM=${QT_QPA_PLATFORM:-offscreen}
"$app/liushou-desktop" --version
"$app/liushou-desktop" --self-test
smoke=$(mktemp -d)
trap 'rm -rf "$smoke"' EXIT
shown=$(LIUSHOU_EXIT_WHEN_SHOWN=1 timeout 120 "$app/liushou-desktop" --data-dir "$smoke/data" 2>"$smoke/stderr") ||
  { cat "$smoke/stderr" >&2; echo "build.sh: the program did not show its first window" >&2; exit 1; }
case "$shown" in
  shown*) echo "$shown" ;;
  *) cat "$smoke/stderr" >&2; echo "build.sh: unexpected output: $shown" >&2; exit 1 ;;
esac

step "done"
echo "program:  $app/liushou-desktop"
echo "folder:   $(du -sh --apparent-size "$app" | cut -f1) ($(find "$app" -type f | wc -l) files)"
echo "tarball:  $tarball ($(du -sh --apparent-size "$tarball" | cut -f1))"
echo "time:     $(($(date +%s) - started)) s"
