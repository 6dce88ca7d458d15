package io.kubesim.benchmark;

import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.core.DistributedObject;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import io.kubesim.core.MapNames;
import io.kubesim.core.cluster.Cluster;
import io.kubesim.core.cluster.ClusterConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/**
 * A second kubesim cluster member (clustered Vert.x plus Hazelcast data member, as every kubesim
 * process is) that holds the synchronous backups of the apiserver's maps, so that the benchmark
 * measures an apiserver that replicates. Configured from the same {@code KUBESIM_CLUSTER_*}
 * environment as the apiserver. Prints {@code MEMBERS n} on every membership change, and on a
 * {@code stats} line on stdin the owned and backup entries it holds.
 */
public final class BackupMember {
  private BackupMember() {}

  public static void main(String[] args) throws Exception {
    ClusterConfig config = ClusterConfig.fromEnv(System.getenv());
    Cluster cluster =
        Cluster.start(config, new SimpleMeterRegistry())
            .toCompletionStage()
            .toCompletableFuture()
            .join();
    HazelcastInstance hz = cluster.hazelcast();
    hz.getCluster()
        .addMembershipListener(
            new MembershipListener() {
              @Override
              public void memberAdded(MembershipEvent event) {
                say("MEMBERS " + event.getMembers().size());
              }

              @Override
              public void memberRemoved(MembershipEvent event) {
                say("MEMBERS " + event.getMembers().size());
              }
            });
    say("MEMBERS " + hz.getCluster().getMembers().size());
    BufferedReader in =
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    String line;
    while ((line = in.readLine()) != null) {
      if (line.trim().equals("stats")) {
        long owned = 0;
        long backups = 0;
        for (DistributedObject o : hz.getDistributedObjects()) {
          if (o instanceof IMap<?, ?> map && o.getName().startsWith(MapNames.PREFIX)) {
            owned += map.getLocalMapStats().getOwnedEntryCount();
            backups += map.getLocalMapStats().getBackupEntryCount();
          }
        }
        say("STATS owned=" + owned + " backups=" + backups);
      }
    }
    cluster.close().toCompletionStage().toCompletableFuture().join();
    System.exit(0);
  }

  private static void say(String s) {
    System.out.println(s);
    System.out.flush();
  }
}
