#!/usr/bin/env bash
# Installs what convarith needs from Debian's packages, only when something is missing.
set -euo pipefail

packages=(
  build-essential cmake pkg-config
  libimgui-dev libglfw3-dev python3-glad libstb-dev libgif-dev libcli11-dev nlohmann-json3-dev
  googletest libgtest-dev libgmock-dev libbenchmark-dev
  xvfb xauth xdotool xclip x11-utils libgl1-mesa-dri libgl1-mesa-dev libegl-mesa0
  fonts-dejavu-core
  # PyTorch (the reference the tests compare with) and Pillow (the gray conversion pictures follow)
  python3 python3-torch python3-numpy python3-pil
  # installing and packaging: icon sizes, desktop entry check, the .deb, man page and completion tests
  desktop-file-utils librsvg2-bin dpkg-dev groff-base man-db bash-completion file
  # PDF export (cairo) and its checks (poppler)
  libcairo2-dev poppler-utils
  # pdflatex, TikZ and xcolor for the test that compiles the TikZ export (about 70 MB, a minute to install)
  texlive-latex-base texlive-latex-recommended texlive-pictures
  # the locale tests (numbers must not follow a comma-decimal locale) and peak-memory figures (/usr/bin/time -v)
  locales time
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done

sudo_cmd=()
[ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
if [ ${#missing[@]} -gt 0 ]; then
  echo "convarith setup: installing ${missing[*]}" >&2
  "${sudo_cmd[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# A comma-decimal locale for the tests that check numbers ignore setlocale(): generated once, when missing.
if ! locale -a 2>/dev/null | grep -qi '^de_DE\.utf-\?8$'; then
  echo "convarith setup: generating the de_DE.UTF-8 locale" >&2
  "${sudo_cmd[@]}" sed -i 's/^# *de_DE.UTF-8 UTF-8/de_DE.UTF-8 UTF-8/' /etc/locale.gen
  "${sudo_cmd[@]}" locale-gen >/dev/null
fi
