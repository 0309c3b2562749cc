# Sourced by the bench scripts (after their `cd` to the repository root): argument checks that stop
# with the script's usage line, which the script sets in USAGE first.
# bad MESSAGE       MESSAGE and the usage on stderr, exit 2
# at_most N ARGS... no more than N arguments
# whole NAME VALUE... each VALUE, each word of it (a quoted list of seeds), a whole number
bad() { printf '%s: %s\nusage: %s\n' "$0" "$1" "$USAGE" >&2; exit 2; }
at_most() { local n=$1; shift; (( $# <= n )) || bad "too many arguments: $*"; }
whole() {
  local name=$1 w words; shift
  read -r -a words <<< "$*"
  for w in "${words[@]}"; do [[ $w =~ ^[0-9]+$ ]] || bad "$name: a whole number, not '$w'"; done
}
