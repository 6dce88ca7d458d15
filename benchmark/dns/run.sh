#!/usr/bin/env bash
# Cluster DNS queries per second (issue 14): Debian's dnsperf against coredns-sim, and against NSD
# serving the same records from a zone file as a reference (CoreDNS itself is not packaged here).
#
#   benchmark/dns/run.sh            build if needed; SERVICES=100 DURATION=30 CLIENTS=8 WARMUP=15
#
# Starts its own apiserver and coredns process through bin/kubesim (a home of its own, a free API
# port, its own cluster name and Hazelcast ports; DNS on 127.0.0.1:$DNS_PORT, 1053 by default), creates $SERVICES
# ClusterIP Services in one namespace, and asks for them in a mix: 70 % A of existing Services, 10 %
# SRV of a named port, 10 % AAAA (no data), 10 % missing names (NXDOMAIN). dnsperf runs once
# unreported to warm the JVM, then $DURATION seconds measured. NSD (apt-get install nsd, optional)
# then serves a zone with the same answers on 127.0.0.1:$NSD_PORT and gets the same queries.
# Only loopback addresses are queried; every process started here is stopped at the end.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
SERVICES=${SERVICES:-100}
DURATION=${DURATION:-30}
WARMUP=${WARMUP:-15}
CLIENTS=${CLIENTS:-8}
DNS_PORT=${DNS_PORT:-1053}
NSD_PORT=${NSD_PORT:-1054}
WORK=$(mktemp -d /tmp/kubesim-dns-bench.XXXXXX)
command -v dnsperf >/dev/null || { echo "dnsperf is required: apt-get install dnsperf" >&2; exit 1; }

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
export KUBESIM_HOME=$WORK/kubesim KUBESIM_API_PORT=$(free_port) KUBESIM_DNS_PORT=$DNS_PORT
export KUBESIM_CLUSTER_NAME=dns-bench-$$ KUBESIM_JAVA_OPTS=${KUBESIM_JAVA_OPTS:--Xmx1g}
# Hazelcast ports of their own, away from a cluster a developer or a test runs beside (5701 up)
export KUBESIM_CLUSTER_PORT=${KUBESIM_CLUSTER_PORT:-5901}
KUBECTL=(kubectl --kubeconfig "$KUBESIM_HOME/kubeconfig")
NSD_PID=
cleanup() {
  [ -z "$NSD_PID" ] || kill "$NSD_PID" 2>/dev/null || true
  "$ROOT/bin/kubesim" down --purge >/dev/null 2>&1 || true
}
trap cleanup EXIT

"$ROOT/bin/kubesim" start apiserver
"$ROOT/bin/kubesim" start coredns

# The Services, in one apply.
for i in $(seq 1 "$SERVICES"); do
  cat <<EOF
---
apiVersion: v1
kind: Service
metadata: {name: svc-$i, namespace: bench}
spec:
  ports: [{name: http, port: 80, protocol: TCP}]
EOF
done >"$WORK/services.yaml"
"${KUBECTL[@]}" create namespace bench >/dev/null
"${KUBECTL[@]}" apply -f "$WORK/services.yaml" >/dev/null
until [ -n "$(dig @127.0.0.1 -p "$DNS_PORT" +short "svc-$SERVICES.bench.svc.cluster.local")" ]; do sleep 0.5; done

# The query mix, and the same answers as a zone file for NSD.
"${KUBECTL[@]}" get svc -n bench -o jsonpath='{range .items[*]}{.metadata.name} {.spec.clusterIP}{"\n"}{end}' \
  >"$WORK/ips.txt"
: >"$WORK/queries.txt"
for i in $(seq 1 "$SERVICES"); do
  name=svc-$i.bench.svc.cluster.local
  for _ in 1 2 3 4 5 6 7; do echo "$name A"; done >>"$WORK/queries.txt"
  { echo "_http._tcp.$name SRV"; echo "$name AAAA"; echo "nosuch-$i.bench.svc.cluster.local A"; } >>"$WORK/queries.txt"
done
{
  echo '$ORIGIN cluster.local.'
  echo '$TTL 30'
  echo '@ IN SOA ns.dns.cluster.local. hostmaster.cluster.local. 1 7200 1800 86400 30'
  echo '@ IN NS ns.dns.cluster.local.'
  echo 'ns.dns IN A 127.0.0.1'
  while read -r name ip; do
    echo "$name.bench.svc IN A $ip"
    echo "_http._tcp.$name.bench.svc IN SRV 0 100 80 $name.bench.svc.cluster.local."
  done <"$WORK/ips.txt"
} >"$WORK/cluster.local.zone"

# CPU seconds (user + system) used so far by the processes with these pids.
cpu() { for pid in "$@"; do awk '{print $14 + $15}' "/proc/$pid/stat"; done | awk -v hz="$(getconf CLK_TCK)" '{t += $1} END {printf "%.2f", t / hz}'; }

perf() { # NAME PORT PID...
  local name=$1 port=$2; shift 2
  dnsperf -s 127.0.0.1 -p "$port" -d "$WORK/queries.txt" -c "$CLIENTS" -l "$WARMUP" -q 500 >/dev/null 2>&1 || true
  echo "== $name (127.0.0.1:$port, $CLIENTS clients, ${DURATION} s; load average before: $(cut -d' ' -f1-3 /proc/loadavg))"
  local before=0; [ $# -eq 0 ] || before=$(cpu "$@")
  dnsperf -s 127.0.0.1 -p "$port" -d "$WORK/queries.txt" -c "$CLIENTS" -l "$DURATION" -q 500 >"$WORK/perf.txt"
  grep -E 'Queries sent|Queries completed|Queries lost|Response codes|Queries per second|Average Latency|Latency StdDev' "$WORK/perf.txt"
  [ $# -gt 0 ] || return 0
  local used; used=$(awk -v a="$before" -v b="$(cpu "$@")" 'BEGIN {printf "%.2f", b - a}')
  local completed; completed=$(awk '/Queries completed/ {print $3}' "$WORK/perf.txt")
  echo "  Server CPU:           $used s, $(awk -v q="$completed" -v c="$used" 'BEGIN {printf "%.0f", q / c}') queries per CPU-second"
}

perf coredns-sim "$DNS_PORT" "$(cat "$KUBESIM_HOME/run/coredns.pid")"

if command -v nsd >/dev/null; then
  cat >"$WORK/nsd.conf" <<EOF
server:
  ip-address: 127.0.0.1@$NSD_PORT
  server-count: $(nproc)
  username: ""
  zonesdir: "$WORK"
  database: ""
  zonelistfile: "$WORK/zone.list"
  xfrdfile: "$WORK/xfrd.state"
  xfrdir: "$WORK"
  pidfile: "$WORK/nsd.pid"
  # Debian's NSD limits responses per client network (200/s): off, every query is answered
  rrl-ratelimit: 0
  logfile: "$WORK/nsd.log"
remote-control:
  control-enable: no
zone:
  name: cluster.local
  zonefile: cluster.local.zone
EOF
  nsd -d -c "$WORK/nsd.conf" &
  NSD_PID=$!
  until dig @127.0.0.1 -p "$NSD_PORT" +short "svc-1.bench.svc.cluster.local" | grep -q .; do sleep 0.2; done
  # NSD's CPU is not counted: its serving processes are forked and renamed
  perf "NSD $(nsd -v 2>&1 | head -1 | awk '{print $NF}')" "$NSD_PORT"
fi
