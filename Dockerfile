# One image for every kubesim process; KUBESIM_PROCESS picks the jar (apiserver, scheduler,
# controller-manager, kubelet, kube-proxy, kube-state-metrics, coredns, ingress, console) or "node" (a kubelet and its
# kube-proxy in one container, as on a kind node, with iptables-save and iptables-trace).
# Plain Dockerfile syntax (no BuildKit features), so docker-compose v1 and v2 both build it.

FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
# Dependencies first, in their own layer: it is rebuilt only when a pom changes.
COPY pom.xml .
COPY core/pom.xml core/
COPY apiserver/pom.xml apiserver/
COPY benchmark/pom.xml benchmark/
COPY scheduler/pom.xml scheduler/
COPY controller-manager/pom.xml controller-manager/
COPY kubelet-sim/pom.xml kubelet-sim/
COPY kube-proxy-sim/pom.xml kube-proxy-sim/
COPY coredns-sim/pom.xml coredns-sim/
COPY kube-state-metrics/pom.xml kube-state-metrics/
COPY ingress-sim/pom.xml ingress-sim/
COPY console/pom.xml console/
COPY e2e/pom.xml e2e/
# A build without sources resolves every dependency and plugin the real build needs.
RUN mvn -B -q -pl core,apiserver,scheduler,controller-manager,kubelet-sim,kube-proxy-sim,coredns-sim,kube-state-metrics,ingress-sim,console -am package \
      -DskipTests -Djacoco.skip=true -Dspotless.check.skip=true
COPY core/src core/src
COPY apiserver/src apiserver/src
COPY scheduler/src scheduler/src
COPY controller-manager/src controller-manager/src
COPY kubelet-sim/src kubelet-sim/src
COPY kube-proxy-sim/src kube-proxy-sim/src
COPY coredns-sim/src coredns-sim/src
COPY kube-state-metrics/src kube-state-metrics/src
COPY ingress-sim/src ingress-sim/src
COPY console/src console/src
RUN mvn -B -q -pl core,apiserver,scheduler,controller-manager,kubelet-sim,kube-proxy-sim,coredns-sim,kube-state-metrics,ingress-sim,console -am package \
      -DskipTests -Djacoco.skip=true -Dspotless.check.skip=true

FROM eclipse-temurin:17-jre
WORKDIR /opt/kubesim
COPY --from=build /src/apiserver/target/kubesim-apiserver.jar apiserver.jar
COPY --from=build /src/scheduler/target/kubesim-scheduler.jar scheduler.jar
COPY --from=build /src/controller-manager/target/kubesim-controller-manager.jar controller-manager.jar
COPY --from=build /src/kubelet-sim/target/kubesim-kubelet.jar kubelet.jar
COPY --from=build /src/kube-proxy-sim/target/kubesim-kube-proxy.jar kube-proxy.jar
COPY --from=build /src/coredns-sim/target/kubesim-coredns.jar coredns.jar
COPY deploy/node/kubesim-node /opt/kubesim/bin/node
COPY deploy/node/iptables-save deploy/node/iptables-trace /usr/local/sbin/
COPY --from=build /src/kube-state-metrics/target/kubesim-kube-state-metrics.jar kube-state-metrics.jar
COPY --from=build /src/ingress-sim/target/kubesim-ingress.jar ingress.jar
COPY --from=build /src/console/target/kubesim-console.jar console.jar
ENV KUBESIM_PROCESS=apiserver \
    KUBESIM_DATA_DIR=/var/lib/kubesim \
    JAVA_OPTS="-XX:MaxRAMPercentage=50"
VOLUME /var/lib/kubesim
ENTRYPOINT ["sh", "-c", "if [ \"$KUBESIM_PROCESS\" = node ]; then exec /opt/kubesim/bin/node; else exec java $JAVA_OPTS -jar /opt/kubesim/$KUBESIM_PROCESS.jar; fi"]
