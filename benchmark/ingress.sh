#!/usr/bin/env bash
# The ingress benchmark: requests/s and latency of HTTP through ingress-sim (an Ingress with a host
# rule to a Service of one simulated nginx pod), against a real nginx configured as ingress-nginx
# configures its location (the same proxy headers, upstream keepalive, an access log in the
# upstreaminfo format) proxying the same backend, and against the backend itself, in the same run,
# with wrk. A cluster of its own from the launcher (each process its own JVM, as in production).
# Needs the jars (mvn -q -DskipTests package), wrk and nginx (Debian: apt-get install wrk nginx).
# Prints a Markdown table (BENCHMARKS.md keeps the results).
#
#   benchmark/ingress.sh [DURATION_SECONDS (20)] [CONNECTIONS (32)]
#
# The launcher's ingress listens on 127.0.0.1:8080 unless KUBESIM_INGRESS_HTTP_PORT says otherwise.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
DURATION=${1:-20}
CONNECTIONS=${2:-32}
command -v wrk >/dev/null || { echo "wrk is needed (apt-get install wrk)" >&2; exit 1; }
command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] || { echo "nginx is needed (apt-get install nginx)" >&2; exit 1; }
NGINX=$(command -v nginx || echo /usr/sbin/nginx)
INGRESS_PORT=${KUBESIM_INGRESS_HTTP_PORT:-8080}

export KUBESIM_HOME; KUBESIM_HOME=$(mktemp -d /tmp/kubesim-ingress.XXXXXX)
# The real timings, not the fast profile: on a busy machine a node whose heartbeat is 10 s late
# would turn NotReady, its pod's endpoint unready, and the ingress would answer 503 (rightly) while
# the static nginx kept proxying.
unset KUBESIM_PROFILE
# a Hazelcast cluster of its own: another launcher on this machine must not join it
export KUBESIM_CLUSTER_NAME=${KUBESIM_CLUSTER_NAME:-kubesim-ingress-bench-$$}
WORK=$KUBESIM_HOME/nginx
cleanup() {
  [ -f "$WORK/nginx.pid" ] && kill "$(cat "$WORK/nginx.pid")" 2>/dev/null || true
  "$ROOT/bin/kubesim" down --purge >/dev/null 2>&1 || true
  rm -rf "$KUBESIM_HOME"
}
trap cleanup EXIT
"$ROOT/bin/kubesim" up >&2
export KUBECONFIG=$KUBESIM_HOME/kubeconfig

kubectl create deployment bench --image=nginx:1.27 --replicas=1 --port=80 >&2
kubectl expose deployment bench --port=80 >&2
kubectl create ingress bench --class=nginx --rule='bench.example/*=bench:80' >&2
kubectl rollout status deployment/bench --timeout=120s >&2
POD_IP=$(kubectl get pods -l app=bench -o jsonpath='{.items[0].status.podIP}')
NODE=$(kubectl get pods -l app=bench -o jsonpath='{.items[0].spec.nodeName}')
for _ in $(seq 1 60); do
  curl -fsS -o /dev/null -H 'Host: bench.example' "http://127.0.0.1:$INGRESS_PORT/" 2>/dev/null && break
  sleep 1
done
BACKEND=$(curl -fsS "http://127.0.0.1:10249/pod-network?ip=$POD_IP&port=80")

# What ingress-nginx's template writes for such a location, cut to what changes the work per
# request: the proxy headers, HTTP/1.1 with upstream keepalive, the access log.
mkdir -p "$WORK"
cat >"$WORK/nginx.conf" <<CONF
worker_processes auto;
pid $WORK/nginx.pid;
error_log $WORK/error.log;
events { worker_connections 16384; multi_accept on; }
http {
  log_format upstreaminfo '\$remote_addr - \$remote_user [\$time_local] "\$request" \$status \$body_bytes_sent "\$http_referer" "\$http_user_agent" \$request_length \$request_time [\$proxy_upstream_name] [] \$upstream_addr \$upstream_response_length \$upstream_response_time \$upstream_status \$request_id';
  upstream backend { server $BACKEND; keepalive 320; }
  server {
    listen 127.0.0.1:18090;
    server_name bench.example;
    set \$proxy_upstream_name "default-bench-80";
    access_log $WORK/access.log upstreaminfo;
    location / {
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host \$host;
      proxy_set_header X-Request-ID \$request_id;
      proxy_set_header X-Real-IP \$remote_addr;
      proxy_set_header X-Forwarded-For \$remote_addr;
      proxy_set_header X-Forwarded-Host \$host;
      proxy_set_header X-Forwarded-Port \$server_port;
      proxy_set_header X-Forwarded-Proto \$scheme;
      proxy_set_header X-Forwarded-Scheme \$scheme;
      proxy_set_header X-Scheme \$scheme;
      proxy_set_header Proxy "";
      proxy_pass http://backend;
    }
  }
}
CONF
"$NGINX" -c "$WORK/nginx.conf" -p "$WORK" >&2

run() { # NAME URL
  wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" --latency -H 'Host: bench.example' "$2" >"$WORK/$1.txt"
  local rps p50 p99 bad
  rps=$(awk '/^Requests\/sec/ {print $2}' "$WORK/$1.txt")
  p50=$(awk '$1=="50%" {print $2}' "$WORK/$1.txt")
  p99=$(awk '$1=="99%" {print $2}' "$WORK/$1.txt")
  # answers that were not 2xx/3xx, and connect/read/write/timeout errors: 0 for a fair run
  bad=$(awk '/Non-2xx/ {n += $NF} /Socket errors/ {gsub(",", ""); n += $4 + $6 + $8 + $10} END {print n + 0}' "$WORK/$1.txt")
  echo "$1|$rps|$p50|$p99|$bad"
}
LOAD=$(cut -d' ' -f1-3 /proc/loadavg)
# warm-up: the JVMs compile the paths first
wrk -t2 -c"$CONNECTIONS" -d10s -H 'Host: bench.example' "http://127.0.0.1:$INGRESS_PORT/" >/dev/null
wrk -t2 -c"$CONNECTIONS" -d5s -H 'Host: bench.example' "http://127.0.0.1:18090/" >/dev/null
ACCESS_LOG=$KUBESIM_HOME/logs/ingress-nginx-controller.log
FROM=$(wc -l <"$ACCESS_LOG")
rows=$(run backend "http://$BACKEND/"; run ingress-sim "http://127.0.0.1:$INGRESS_PORT/"; run nginx "http://127.0.0.1:18090/")
# ingress-sim's answers in the measured runs, by status, from its access log
STATUSES=$(tail -n +"$((FROM + 1))" "$ACCESS_LOG" | awk '$1 ~ /^[0-9.]+$/ && $9 ~ /^[0-9]+$/ {n[$9]++} END {for (s in n) printf "%s %s, ", s, n[s]}')

ms() { # wrk's 1.23ms / 456.00us / 1.20s -> milliseconds
  awk -v v="$1" 'BEGIN { n = v + 0; if (v ~ /us$/) n /= 1000; else if (v ~ /ms$/) n = n; else if (v ~ /s$/) n *= 1000; printf "%.2f", n }'
}
echo "### Ingress run of $(date -u +%Y-%m-%dT%H:%M:%SZ)"
echo
echo "wrk -t2 -c$CONNECTIONS -d${DURATION}s -H 'Host: bench.example' against the simulated nginx pod ($POD_IP on $NODE, really $BACKEND):"
echo
echo "Load average before the runs: $LOAD"
echo
echo "| path | requests/s | p50 | p99 | p50 added to the backend's | failed requests |"
echo "|---|---|---|---|---|---|"
base=$(ms "$(echo "$rows" | awk -F'|' '$1=="backend" {print $3}')")
while IFS='|' read -r name rps p50 p99 bad; do
  added=$(awk -v a="$(ms "$p50")" -v b="$base" 'BEGIN {printf "%.2f ms", a - b}')
  [ "$name" = backend ] && added="-"
  echo "| $name | $rps | $p50 | $p99 | $added | $bad |"
done <<<"$rows"
ing=$(echo "$rows" | awk -F'|' '$1=="ingress-sim" {print $2}')
ng=$(echo "$rows" | awk -F'|' '$1=="nginx" {print $2}')
echo
echo "ingress-sim's answers by status (its access log): ${STATUSES%, }"
echo
awk -v a="$ing" -v b="$ng" 'BEGIN {printf "ingress-sim / nginx: %.2fx requests/s\n", a / b}'
