#!/usr/bin/env bash
# Installs a built ndti-respond .deb and checks what it put in place: the binary runs, the
# manual page and the three completion scripts are where their tools look for them. Removes the
# package again afterwards unless --keep is given (or it was installed before).
#
#   packaging/check-deb.sh target/debian/ndti-respond_0.1.0-1_amd64.deb [--keep]
#
# Needs root (or sudo) and dpkg; uses man-db's `man -w` when it is installed.
set -euo pipefail

deb="${1:?usage: $0 FILE.deb [--keep]}"
keep=false
[ "${2:-}" = "--keep" ] && keep=true

sudo=""
if [ "$(id -u)" -ne 0 ]; then
    sudo="sudo"
fi

if dpkg-query -W -f='${Status}' ndti-respond 2>/dev/null | grep -q "install ok installed"; then
    keep=true
fi

fail() {
    echo "check-deb: FAILED: $*" >&2
    exit 1
}

$sudo dpkg -i "$deb"
if ! $keep; then
    trap '$sudo dpkg -r ndti-respond >/dev/null || true' EXIT
fi

version=$(/usr/bin/ndti-respond --version) || fail "/usr/bin/ndti-respond --version did not run"
expected="ndti-respond $(dpkg-deb --field "$deb" Version | sed 's/-[^-]*$//')"
[ "$version" = "$expected" ] || fail "--version says '$version', expected '$expected'"
/usr/bin/ndti-respond check-questions >/dev/null || fail "the built-in questionnaire does not check"

man_page=/usr/share/man/man1/ndti-respond.1.gz
[ -s "$man_page" ] || fail "$man_page is missing"
gzip -dc "$man_page" | grep -q '^\.TH ndti-respond' || fail "$man_page is not a manual page"
if command -v man >/dev/null 2>&1; then
    found=$(man -w ndti-respond) || fail "man -w ndti-respond finds nothing"
    [ "$found" = "$man_page" ] || fail "man -w ndti-respond gives $found"
fi

for f in /usr/share/bash-completion/completions/ndti-respond \
         /usr/share/zsh/vendor-completions/_ndti-respond \
         /usr/share/fish/vendor_completions.d/ndti-respond.fish; do
    [ -s "$f" ] || fail "$f is missing"
done
bash -n /usr/share/bash-completion/completions/ndti-respond \
    || fail "the bash completion script does not parse"

echo "check-deb: $deb installs and works: $version, manual page and completions in place" >&2
