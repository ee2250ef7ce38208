#!/usr/bin/env bash
# Builds the Debian package: the release binary, then its manual page and bash, zsh and fish
# completions (written by the binary itself, so they always match it), then `cargo deb`.
#
#   packaging/build-deb.sh            build target/debian/ndti-respond_VERSION_ARCH.deb
#   packaging/build-deb.sh --check    build it, then install it and check it (needs root; see
#                                     packaging/check-deb.sh)
#
# Needs: cargo, gzip, dpkg (dpkg-deb); installs cargo-deb from crates.io when it is missing.
set -euo pipefail

cd "$(dirname "$0")/.."

check=false
case "${1:-}" in
    --check) check=true ;;
    "") ;;
    *) echo "usage: $0 [--check]" >&2; exit 2 ;;
esac

if ! cargo deb --version >/dev/null 2>&1; then
    echo "build-deb: installing cargo-deb" >&2
    cargo install cargo-deb --locked
fi

cargo build --release --locked

# cargo-deb finds the binary under target/release wherever CARGO_TARGET_DIR points; the other
# assets are read from ./target/assets as Cargo.toml lists them.
bin="${CARGO_TARGET_DIR:-target}/release/ndti-respond"
assets=target/assets
rm -rf "$assets"
mkdir -p "$assets"
"$bin" manpage | gzip -9n > "$assets/ndti-respond.1.gz"
"$bin" completions bash > "$assets/ndti-respond.bash"
"$bin" completions zsh > "$assets/_ndti-respond"
"$bin" completions fish > "$assets/ndti-respond.fish"
for f in "$assets"/*; do
    if [ ! -s "$f" ]; then
        echo "build-deb: $f is empty" >&2
        exit 1
    fi
done

deb=$(cargo deb --no-build --locked --quiet)
# cargo deb prints the path of the package it wrote.
deb=$(printf '%s\n' "$deb" | tail -n 1)
if [ ! -f "$deb" ]; then
    echo "build-deb: cargo deb did not report a package file (got: $deb)" >&2
    exit 1
fi
echo "build-deb: built $deb" >&2
dpkg-deb --contents "$deb" >&2

if $check; then
    packaging/check-deb.sh "$deb"
fi
printf '%s\n' "$deb"
