#!/bin/sh
# Print the transcript real kubectl v1.33 gives for the `kubectl explain` lines of a .kp script,
# to compare byte for byte with kubeplay's .out (`cargo xtask bless`):
#   python3 tools/explain_schema.py DEFS.json --openapi /tmp/explain-openapi
#   echo '{"items":[]}' > /tmp/empty.json
#   OPENAPI_DIR=/tmp/explain-openapi python3 tools/explain_fakeapi.py /tmp/empty.json 18733 &
#   tools/explain_expected.sh tests/transcripts/explain/X.kp > /tmp/X.expected
#   diff /tmp/X.expected tests/transcripts/explain/X.out
KUBECTL=${KUBECTL:-/usr/lib/google-cloud-sdk/bin/kubectl.1.33}
SERVER=${SERVER:-http://127.0.0.1:18733}
export KUBECONFIG=/dev/null
grep -v '^#' "$1" | grep -v '^$' | while IFS= read -r line; do
  printf '$ %s\n' "$line"
  args=${line#kubectl }
  # shellcheck disable=SC2086
  eval "\"$KUBECTL\" --server \"$SERVER\" $args" 2>&1
  rc=$?
  [ $rc -ne 0 ] && printf '[exit %d]\n' $rc
done
