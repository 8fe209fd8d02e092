#!/usr/bin/env bash
# Load check for `docgen serve`: 100 concurrent connections for 10 s on loopback with wrk
# (apt-get install -y wrk). Reports wrk's summary; any non-2xx/3xx or socket error is a failure.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet
log=$(mktemp)
target/release/docgen serve --port 0 > "$log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true; rm -f "$log"' EXIT
for _ in $(seq 100); do grep -q "Serving the site at" "$log" && break; sleep 0.1; done
url=$(grep -o 'http://[^ ]*' "$log" | head -1)
for path in "" "dasar-devops/pengenalan/" "theme/docgen.css" "img/docs/devops-loop.png"; do
  echo "== ${url}${path}"
  wrk -t2 -c100 -d10s --latency "${url}${path}" | tee /dev/stderr | grep -qE "Non-2xx|Socket errors" && { echo "errors seen"; exit 1; }
done
echo "no errors"
