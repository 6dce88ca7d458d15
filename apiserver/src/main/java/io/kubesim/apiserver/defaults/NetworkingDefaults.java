package io.kubesim.apiserver.defaults;

import static io.kubesim.apiserver.defaults.Fields.Fill.pointer;

import tools.jackson.databind.node.ObjectNode;

/** networking.k8s.io/v1 and discovery.k8s.io/v1 defaults. Ingress has none. */
final class NetworkingDefaults {
  private NetworkingDefaults() {}

  /** SetDefaults_NetworkPolicy and SetDefaults_NetworkPolicyPort. */
  static void networkPolicy(ObjectNode policy) {
    ObjectNode spec = Fields.ensure(policy, "spec");
    if (spec == null) {
      return;
    }
    for (String direction : new String[] {"ingress", "egress"}) {
      for (ObjectNode rule : Fields.objects(spec, direction)) {
        for (ObjectNode port : Fields.objects(rule, "ports")) {
          // spec.{ingress,egress}[].ports[].protocol
          pointer("protocol", "TCP").applyTo(port);
        }
      }
    }
    // spec.policyTypes: [Ingress], plus Egress when egress rules are given
    if (!Fields.nonEmptyArray(spec, "policyTypes")) {
      var types = spec.putArray("policyTypes").add("Ingress");
      if (Fields.nonEmptyArray(spec, "egress")) {
        types.add("Egress");
      }
    }
  }

  /** SetDefaults_IngressClass. */
  static void ingressClass(ObjectNode ingressClass) {
    // spec.parameters.scope, when parameters are given
    pointer("scope", "Cluster").applyTo(Fields.path(ingressClass, "spec.parameters"));
  }

  /** discovery/v1 SetDefaults_EndpointPort. */
  static void endpointSlice(ObjectNode slice) {
    for (ObjectNode port : Fields.objects(slice, "ports")) {
      // ports[].name
      pointer("name", "").applyTo(port);
      // ports[].protocol
      pointer("protocol", "TCP").applyTo(port);
    }
  }
}
