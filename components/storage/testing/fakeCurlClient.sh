#!/bin/sh
# curl, as the bootstrap scripts call it, answered by fakeCurlServer.js on $FAKE_CURL_PORT: the
# arguments go NUL-separated in a header, standard input as the body; the server's answer gives
# standard output, standard error and the exit code back. Few processes: it runs ~280 times a file.
headers="$FAKE_STATE.headers"
/usr/bin/curl --silent --show-error --dump-header "$headers" \
  -H "X-Args: $(printf '%s\0' "$@" | base64 -w0)" -H "X-State: $FAKE_STATE" \
  --data-binary @- "http://127.0.0.1:$FAKE_CURL_PORT/" || exit 98
code=$(sed -n 's/^X-Exit: \([0-9]*\).*/\1/p' "$headers")
if [ "$code" != 0 ]; then sed -n 's/^X-Stderr: \([A-Za-z0-9+/=]*\).*/\1/p' "$headers" | base64 -d >&2; fi
exit "${code:-97}"
