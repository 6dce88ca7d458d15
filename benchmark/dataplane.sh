#!/usr/bin/env bash
# The data plane benchmark: requests/s and latency of HTTP through a NodePort of kube-proxy-sim,
# against nginx proxying the same backend (the simulated nginx pod's real port) and against the
# backend itself, in the same run, with wrk. A cluster of its own from the launcher (each process
# its own JVM, as in production). Needs the jars (mvn -q -DskipTests package), wrk and nginx
# (Debian: apt-get install wrk nginx). Prints a Markdown table (BENCHMARKS.md keeps the results).
#
#   benchmark/dataplane.sh [DURATION_SECONDS (20)] [CONNECTIONS (32)]
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
DURATION=${1:-20}
CONNECTIONS=${2:-32}
command -v wrk >/dev/null || { echo "wrk is needed (apt-get install wrk)" >&2; exit 1; }
command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] || { echo "nginx is needed (apt-get install nginx)" >&2; exit 1; }
NGINX=$(command -v nginx || echo /usr/sbin/nginx)

export KUBESIM_HOME; KUBESIM_HOME=$(mktemp -d /tmp/kubesim-dataplane.XXXXXX)
export KUBESIM_PROFILE=fast
WORK=$KUBESIM_HOME/nginx
cleanup() {
  [ -f "$WORK/nginx.pid" ] && kill "$(cat "$WORK/nginx.pid")" 2>/dev/null || true
  "$ROOT/bin/kubesim" down --purge >/dev/null 2>&1 || true
  rm -rf "$KUBESIM_HOME"
}
trap cleanup EXIT
"$ROOT/bin/kubesim" up >&2
export KUBECONFIG=$KUBESIM_HOME/kubeconfig

kubectl create deployment bench --image=nginx:1.27 --replicas=1 >&2
kubectl create service nodeport bench --tcp=80:80 --node-port=30090 >&2
kubectl rollout status deployment/bench --timeout=120s >&2
POD_IP=$(kubectl get pods -l app=bench -o jsonpath='{.items[0].status.podIP}')
NODE=$(kubectl get pods -l app=bench -o jsonpath='{.items[0].spec.nodeName}')
NODE_IP=$(kubectl get node "$NODE" -o jsonpath='{.status.addresses[?(@.type=="InternalIP")].address}')
for _ in $(seq 1 60); do
  curl -fsS -o /dev/null "http://$NODE_IP:30090/" 2>/dev/null && break
  sleep 1
done
BACKEND=$(curl -fsS "http://127.0.0.1:10249/pod-network?ip=$POD_IP&port=80")

mkdir -p "$WORK"
cat >"$WORK/nginx.conf" <<CONF
worker_processes auto;
pid $WORK/nginx.pid;
error_log $WORK/error.log;
events { worker_connections 1024; }
http {
  access_log off;
  upstream backend { server $BACKEND; keepalive 64; }
  server {
    listen 127.0.0.1:18090;
    location / {
      proxy_pass http://backend;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
    }
  }
}
CONF
"$NGINX" -c "$WORK/nginx.conf" -p "$WORK" >&2

run() { # NAME URL
  wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" --latency "$2" >"$WORK/$1.txt"
  local rps p50 p99
  rps=$(awk '/^Requests\/sec/ {print $2}' "$WORK/$1.txt")
  p50=$(awk '$1=="50%" {print $2}' "$WORK/$1.txt")
  p99=$(awk '$1=="99%" {print $2}' "$WORK/$1.txt")
  echo "$1|$rps|$p50|$p99"
}
# warm-up: the JVMs compile the paths first
wrk -t2 -c"$CONNECTIONS" -d10s "http://$NODE_IP:30090/" >/dev/null
wrk -t2 -c"$CONNECTIONS" -d5s "http://127.0.0.1:18090/" >/dev/null
rows=$(run backend "http://$BACKEND/"; run nodeport "http://$NODE_IP:30090/"; run nginx "http://127.0.0.1:18090/")

echo "### Data plane run of $(date -u +%Y-%m-%dT%H:%M:%SZ)"
echo
echo "wrk -t2 -c$CONNECTIONS -d${DURATION}s against the simulated nginx pod ($POD_IP on $NODE, really $BACKEND):"
echo
echo "| path | requests/s | p50 | p99 |"
echo "|---|---|---|---|"
echo "$rows" | awk -F'|' '{printf "| %s | %s | %s | %s |\n", $1, $2, $3, $4}'
np=$(echo "$rows" | awk -F'|' '$1=="nodeport" {print $2}')
ng=$(echo "$rows" | awk -F'|' '$1=="nginx" {print $2}')
echo
awk -v a="$np" -v b="$ng" 'BEGIN {printf "NodePort through kube-proxy-sim / nginx: %.2fx\n", a / b}'
