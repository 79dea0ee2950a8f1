#!/usr/bin/env bash
# Checks the relative links of the user guide (docs/guide/src) and of the top-level
# Markdown files: every linked file exists, and every #anchor names a heading of the linked
# page (as mdBook and GitHub make heading ids: lower case, spaces as '-', other punctuation
# dropped). External links (http:, https:, mailto:) are not fetched.
#
#   tools/docs/check-links.sh        # exit status 1 and one line per broken link
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"

anchors() { # the heading ids of a Markdown file, one per line
  grep -E '^#{1,6} ' "$1" | sed -E 's/^#+ +//' | tr 'A-Z' 'a-z' \
    | sed -E 's/[^a-z0-9 _-]//g; s/ /-/g'
}

broken=0
checked=0
files=$(ls ./*.md 2>/dev/null; find docs/guide/src -name '*.md' | sort)
for file in $files; do
  dir=$(dirname "$file")
  # inline links [text](target), outside code spans; one per line
  while IFS= read -r target; do
    case "$target" in
      http:*|https:*|mailto:*|'') continue ;;
    esac
    checked=$((checked + 1))
    path=${target%%#*}
    anchor=
    [[ "$target" == *'#'* ]] && anchor=${target#*#}
    if [ -z "$path" ]; then
      dest=$file
    else
      dest=$dir/$path
    fi
    if [ ! -e "$dest" ]; then
      echo "$file: broken link: $target (no file $dest)"
      broken=$((broken + 1))
      continue
    fi
    if [ -n "$anchor" ] && [ -f "$dest" ]; then
      if ! anchors "$dest" | grep -qxF -- "$anchor"; then
        echo "$file: broken link: $target (no heading #$anchor in $dest)"
        broken=$((broken + 1))
      fi
    fi
  done < <(sed -E 's/`[^`]*`//g' "$file" | grep -oE '\]\([^)[:space:]]+\)' | sed -E 's/^\]\(//; s/\)$//')
done

echo "links: $checked checked, $broken broken"
[ "$broken" -eq 0 ]
