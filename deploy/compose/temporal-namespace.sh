#!/bin/sh
# Creates the Kefu namespace with its retention and registers the search attributes every case sets
# (workflows/search-attributes.ts). Idempotent, with retries: describe, else create, then update; each
# attribute is created only when missing. Needs the `temporal` CLI and TEMPORAL_ADDRESS.
set -eu

namespace="${KEFU_NAMESPACE:-kefu}"
retention="${KEFU_NAMESPACE_RETENTION:-720h}"
attempts="${SETUP_ATTEMPTS:-60}"
attributes='KefuStatus KefuIntent KefuChannel KefuCustomerId'

retry() {
  what="$1"
  shift
  i=1
  until "$@"; do
    if [ "$i" -ge "$attempts" ]; then
      echo "gave up: $what after $attempts attempts" >&2
      exit 1
    fi
    echo "not yet: $what (attempt $i of $attempts)"
    i=$((i + 1))
    sleep 2
  done
}

serving() { temporal operator cluster health 2>/dev/null | grep -q SERVING; }
retry 'Temporal serving' serving

ensure_namespace() {
  if temporal operator namespace describe --namespace "$namespace" >/dev/null 2>&1; then
    temporal operator namespace update --namespace "$namespace" --retention "$retention" >/dev/null
  else
    temporal operator namespace create --namespace "$namespace" --retention "$retention" >/dev/null
  fi
}
retry "namespace $namespace" ensure_namespace

# A namespace created a moment ago can refuse search attributes for a few seconds.
ensure_attributes() {
  registered="$(temporal operator search-attribute list --namespace "$namespace")" || return 1
  for name in $attributes; do
    if ! printf '%s\n' "$registered" | grep -qw "$name"; then
      temporal operator search-attribute create --namespace "$namespace" --name "$name" --type Keyword \
        >/dev/null || return 1
    fi
  done
}
retry 'search attributes' ensure_attributes
echo "namespace $namespace is ready: retention $retention, search attributes $attributes"
