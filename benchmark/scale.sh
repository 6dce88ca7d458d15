#!/usr/bin/env bash
# The scale benchmark (issue 16): a cluster of NODES simulated nodes and DEPLOYMENTS x REPLICAS
# pause pods, as a user builds it: `bin/kubesim up` (each process its own JVM), one
# more kubelet-sim simulating NODES nodes, then `kubectl create deployment` DEPLOYMENTS times.
# Reports, per round: pods/s from the first create to the last pod Ready, each process's resident
# memory and live heap (after a full GC, from jcmd) before, at the peak and after the deletion,
# `kubectl get pods -A` time (kubectl pages by 500), the apiserver's mutating-request p99 from
# apiserver_request_duration_seconds, and how many informers lost their watch and listed again.
# Needs the jars (mvn -q -DskipTests package), kubectl, bc and the JDK's jcmd. Prints Markdown
# (BENCHMARKS.md keeps the results). Run it on a quiet machine: the whole cluster shares its cores.
#
#   benchmark/scale.sh [NODES (1000)] [DEPLOYMENTS (100)] [REPLICAS (1000)] [ROUNDS (2)]
# Environment: KUBESIM_JAVA_OPTS (JVM flags for every process), TIMEOUT (seconds per round, 900),
# HISTOGRAMS (a directory: keep each process's class histogram at every memory measurement).
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
NODES=${1:-1000}
DEPLOYMENTS=${2:-100}
REPLICAS=${3:-1000}
ROUNDS=${4:-2}
TIMEOUT=${TIMEOUT:-900}
PODS=$((DEPLOYMENTS * REPLICAS))
command -v jcmd >/dev/null || { echo "jcmd (from the JDK) is needed" >&2; exit 1; }

export KUBESIM_HOME; KUBESIM_HOME=$(mktemp -d /tmp/kubesim-scale.XXXXXX)
# Kubernetes' own timings (a node is NotReady 50 s after its last heartbeat; pods evicted 300 s
# later) unless KUBESIM_PROFILE says otherwise: with the fast profile's 10 s, a thousand nodes'
# heartbeats from one process on two busy cores came late and 927 of 1,004 nodes went NotReady
# mid-run, their pods evicted (2026-12-07).
export KUBESIM_PROFILE=${KUBESIM_PROFILE:-}
# Heaps for the big run (the launcher's defaults hold a learner's cluster, not 100,000 pods).
export KUBESIM_HEAP_APISERVER=${KUBESIM_HEAP_APISERVER:-8g}
export KUBESIM_HEAP_CONTROLLER_MANAGER=${KUBESIM_HEAP_CONTROLLER_MANAGER:-4g}
export KUBESIM_HEAP_SCHEDULER=${KUBESIM_HEAP_SCHEDULER:-4g}
export KUBESIM_HEAP_CONSOLE=${KUBESIM_HEAP_CONSOLE:-2g}
export KUBESIM_HEAP_KUBE_STATE_METRICS=${KUBESIM_HEAP_KUBE_STATE_METRICS:-2g}
# The extra kubelet-sim joins the launcher's cluster by its name.
export KUBESIM_CLUSTER_NAME=${KUBESIM_CLUSTER_NAME:-kubesim-local}
export KUBECONFIG=$KUBESIM_HOME/kubeconfig
SIM_PID=
cleanup() {
  [ -z "$SIM_PID" ] || kill "$SIM_PID" 2>/dev/null || true
  "$ROOT/bin/kubesim" down --purge >/dev/null 2>&1 || true
  rm -rf "$KUBESIM_HOME"
}
trap cleanup EXIT
"$ROOT/bin/kubesim" up >&2

# The extra kubelet-sim: NODES nodes in one process, on its own loopback address and port.
mkdir -p "$KUBESIM_HOME/logs"
(cd "$KUBESIM_HOME" && exec env KUBESIM_NODE_COUNT="$NODES" KUBESIM_NODE_PREFIX=scale-node- \
  KUBESIM_NODE_IP=127.0.2.1 KUBESIM_METRICS_HOST=127.0.0.1 KUBESIM_METRICS_PORT=10299 \
  java ${KUBESIM_JAVA_OPTS:-} -jar "$ROOT/kubelet-sim/target/kubesim-kubelet.jar" \
  >"$KUBESIM_HOME/logs/scale-nodes.log" 2>&1 </dev/null) &
SIM_PID=$!

ready_nodes() {
  kubectl get nodes --no-headers 2>/dev/null | awk '$2 == "Ready" {n++} END {print n + 0}'
}
start=$(date +%s)
until [ "$(ready_nodes)" -ge $((NODES + 4)) ]; do
  [ $(($(date +%s) - start)) -lt 600 ] || { echo "nodes not Ready after 600 s" >&2; exit 1; }
  sleep 5
done
echo "$((NODES + 4)) nodes Ready in $(($(date +%s) - start)) s" >&2

# name pid, one per line: the launcher's processes and the extra kubelet-sim.
processes() {
  for f in "$KUBESIM_HOME"/run/*.pid; do echo "$(basename "$f" .pid) $(cat "$f")"; done
  echo "scale-nodes $SIM_PID"
}

# One Markdown row per process: RSS, live heap (jcmd's class histogram runs a full GC first) and
# the CPU seconds the process has used since it started (user + system, from /proc).
cpu_seconds() {
  awk -v hz="$(getconf CLK_TCK)" '{sub(/.*\) /, ""); printf "%d", ($12 + $13) / hz}' "/proc/$1/stat"
}
memory() {
  local label=$1 total_rss=0 total_live=0 total_cpu=0
  while read -r name pid; do
    cpu=$(cpu_seconds "$pid"); total_cpu=$((total_cpu + cpu))
    rss=$(($(ps -o rss= -p "$pid") / 1024))
    histogram=$(jcmd "$pid" GC.class_histogram 2>/dev/null || true)
    live=$(awk '/^Total/ {print int($3 / 1048576)}' <<<"$histogram")
    if [ -n "${HISTOGRAMS:-}" ]; then
      mkdir -p "$HISTOGRAMS" && echo "$histogram" >"$HISTOGRAMS/${label//[ ,]/_}-$name.txt"
    fi
    total_rss=$((total_rss + rss)); total_live=$((total_live + ${live:-0}))
    echo "| $label | $name | $rss | ${live:-?} | $cpu |"
  done < <(processes)
  echo "| $label | **all** | **$total_rss** | **$total_live** | **$total_cpu** |"
}

# Each process's CPU while the cluster idles with its nodes, in % of one core over 30 s: the cost
# of heartbeats and leases, paid for as long as a round lasts.
idle_cpu() {
  local hz total=0; hz=$(getconf CLK_TCK)
  declare -A start
  while read -r name pid; do
    start[$name]=$(awk '{sub(/.*\) /, ""); print $12 + $13}' "/proc/$pid/stat")
  done < <(processes)
  sleep 30
  while read -r name pid; do
    ticks=$(($(awk '{sub(/.*\) /, ""); print $12 + $13}' "/proc/$pid/stat") - ${start[$name]}))
    total=$((total + ticks))
    echo "| $name | $((ticks * 100 / hz / 30)) |"
  done < <(processes)
  echo "| **all** | **$((total * 100 / hz / 30))** |"
}

# Sum of the Deployments' ready replicas.
ready_pods() {
  kubectl get deployments -n scale --no-headers 2>/dev/null \
    | awk '{split($2, a, "/"); n += a[1]} END {print n + 0}'
}

# The p99 of mutating requests, from the apiserver's histogram (its buckets, interpolated as
# Prometheus's histogram_quantile does).
mutating_p99() {
  kubectl get --raw /metrics | awk '
    /^apiserver_request_duration_seconds_bucket/ && /verb="(POST|PUT|PATCH|DELETE|APPLY)"/ {
      match($0, /le="[^"]+"/); le = substr($0, RSTART + 4, RLENGTH - 5); c[le] += $NF
    }
    END {
      n = 0; for (le in c) { b[n++] = le }
      for (i = 0; i < n; i++) for (j = i + 1; j < n; j++)
        if ((b[j] == "+Inf" ? 1e99 : b[j]) < (b[i] == "+Inf" ? 1e99 : b[i])) { t = b[i]; b[i] = b[j]; b[j] = t }
      total = c["+Inf"]; rank = 0.99 * total; prev = 0; prevc = 0
      for (i = 0; i < n; i++) {
        if (c[b[i]] >= rank) {
          if (b[i] == "+Inf") { print prev; exit }
          print prev + (b[i] - prev) * (rank - prevc) / (c[b[i]] - prevc); exit
        }
        prev = b[i]; prevc = c[b[i]]
      }
    }'
}

# Informers that lost their watch (410 Expired, a failed watch) list again and log it.
relists() {
  cat "$KUBESIM_HOME"/logs/*.log | grep -c "listing again" || true
}

echo "### Scale run of $(date -u +%Y-%m-%dT%H:%M:%SZ)"
echo
echo "$((NODES + 4)) nodes ($NODES in one kubelet-sim), $DEPLOYMENTS Deployments x $REPLICAS replicas"
echo "(pause, no ports), KUBESIM_JAVA_OPTS='${KUBESIM_JAVA_OPTS:-}', KUBESIM_PROFILE='$KUBESIM_PROFILE', $ROUNDS rounds."
echo
echo "| when | process | RSS MiB | live heap MiB | CPU s |"
echo "|---|---|---|---|---|"
memory "before" | tee "$KUBESIM_HOME/memory.md"
echo
echo "| process | CPU % of one core while idle (30 s) |"
echo "|---|---|"
idle_cpu
kubectl create namespace scale >&2
results=()
for round in $(seq 1 "$ROUNDS"); do
  first=$(date +%s.%N)
  for i in $(seq 1 "$DEPLOYMENTS"); do
    kubectl create deployment "d$i" -n scale --image=registry.k8s.io/pause:3.10 \
      --replicas="$REPLICAS" >/dev/null
  done
  created=$(date +%s.%N)
  while [ "$(ready_pods)" -lt "$PODS" ]; do
    if [ "$(echo "$(date +%s) - $first > $TIMEOUT" | bc)" = 1 ]; then
      echo "round $round: $(ready_pods) of $PODS Ready after $TIMEOUT s; stopping" >&2
      memory "round $round, stopped"
      exit 1
    fi
    sleep 2
  done
  last=$(date +%s.%N)
  list_start=$(date +%s.%N)
  listed=$(kubectl get pods -A --no-headers | wc -l)
  list_s=$(echo "$(date +%s.%N) - $list_start" | bc)
  p99=$(mutating_p99)
  memory "round $round, $PODS Ready"
  kubectl delete deployments --all -n scale --wait=false >/dev/null
  while [ "$(kubectl get pods -n scale --no-headers 2>/dev/null | wc -l)" -gt 0 ]; do sleep 5; done
  memory "round $round, deleted"
  results+=("| $round | $(printf '%.1f' "$(echo "$created - $first" | bc)") | $(printf '%.1f' "$(echo "$last - $first" | bc)") | $(printf '%.0f' "$(echo "$PODS / ($last - $first)" | bc -l)") | $listed in $(printf '%.1f' "$list_s") s | $(printf '%.0f' "$(echo "$p99 * 1000" | bc -l)") ms | $(relists) |")
done
echo
echo "| round | creates took s | first create -> last Ready s | pods/s | kubectl get pods -A | mutating p99 | informers that listed again |"
echo "|---|---|---|---|---|---|---|"
printf '%s\n' "${results[@]}"
