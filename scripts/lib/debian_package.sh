# Sourced by the image-fetching scripts. fetch_package CACHE PACKAGE: `apt-get download` PACKAGE into
# CACHE and unpack it into CACHE/PACKAGE, once (no root needed).
fetch_package() {
  local cache=$1 package=$2
  [[ -d "$cache/$package" ]] && return
  mkdir -p "$cache"
  (cd "$cache" && apt-get download "$package" >/dev/null 2>&1) || {
    echo "$(basename "$0"): 'apt-get download $package' failed; run 'apt-get update' or check the mirror" >&2
    exit 1
  }
  dpkg-deb -x "$cache/${package}"_*.deb "$cache/$package"
  echo "fetched $package ($(find "$cache/$package" -name '*.jpg' -o -name '*.png' | wc -l) images)"
}
