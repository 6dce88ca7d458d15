package io.kubesim.apiserver.table;

import static io.kubesim.apiserver.table.Printing.NONE;
import static io.kubesim.apiserver.table.Printing.age;
import static io.kubesim.apiserver.table.Printing.listWithMore;
import static io.kubesim.apiserver.table.Printing.name;
import static io.kubesim.apiserver.table.Printing.str;

import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/** Printers of networking.k8s.io and discovery.k8s.io kinds. */
final class NetworkingPrinters {
  private NetworkingPrinters() {}

  static final TablePrinter INGRESSES =
      new SimplePrinter(
          List.of(
              Columns.NAME,
              Columns.string(
                  "Class",
                  "The name of the IngressClass resource that should be used for additional"
                      + " configuration"),
              Columns.string(
                  "Hosts",
                  "Hosts that incoming requests are matched against before the ingress rule"),
              Columns.string(
                  "Address", "Address is a list containing ingress points for the load-balancer"),
              Columns.string("Ports", "Ports of TLS configurations that open"),
              Columns.AGE),
          (o, now) -> {
            JsonNode spec = o.path("spec");
            JsonNode className = spec.path("ingressClassName");
            return List.of(
                name(o),
                className.isString() ? str(className) : NONE,
                hosts(spec.path("rules")),
                CorePrinters.loadBalancerIngress(o.path("status").path("loadBalancer")),
                spec.path("tls").size() != 0 ? "80, 443" : "80",
                age(o, now));
          });

  /** The first three rule hosts, "*" when no rule names a host. */
  private static String hosts(JsonNode rules) {
    List<String> list = new ArrayList<>();
    int max = 3;
    boolean more = false;
    for (JsonNode rule : rules) {
      if (list.size() == max) {
        more = true;
      }
      if (!more && !str(rule.path("host")).isEmpty()) {
        list.add(str(rule.path("host")));
      }
    }
    if (list.isEmpty()) {
      return "*";
    }
    String joined = String.join(",", list);
    return more ? joined + " + " + (rules.size() - max) + " more..." : joined;
  }

  static final TablePrinter INGRESS_CLASSES =
      new SimplePrinter(
          List.of(
              Columns.NAME,
              Columns.string(
                  "Controller", "Controller that is responsible for handling this class"),
              Columns.string("Parameters", "A reference to a resource with additional parameters"),
              Columns.AGE),
          (o, now) -> {
            JsonNode spec = o.path("spec");
            JsonNode parameters = spec.path("parameters");
            String parametersCell = NONE;
            if (parameters.isObject()) {
              parametersCell = str(parameters.path("kind"));
              if (parameters.path("apiGroup").isString()) {
                parametersCell += "." + str(parameters.path("apiGroup"));
              }
              parametersCell += "/" + str(parameters.path("name"));
            }
            return List.of(name(o), str(spec.path("controller")), parametersCell, age(o, now));
          });

  static final TablePrinter ENDPOINT_SLICES =
      new SimplePrinter(
          List.of(
              Columns.NAME,
              Columns.string(
                  "AddressType",
                  "addressType specifies the type of address carried by this EndpointSlice. All"
                      + " addresses in this slice must be the same type. This field is immutable"
                      + " after creation. The following address types are currently supported: *"
                      + " IPv4: Represents an IPv4 Address. * IPv6: Represents an IPv6 Address. *"
                      + " FQDN: Represents a Fully Qualified Domain Name."),
              Columns.string(
                  "Ports",
                  "ports specifies the list of network ports exposed by each endpoint in this"
                      + " slice. Each port must have a unique name. When ports is empty, it"
                      + " indicates that there are no defined ports. When a port is defined with a"
                      + " nil port value, it indicates \"all ports\". Each slice may include a"
                      + " maximum of 100 ports."),
              Columns.string(
                  "Endpoints",
                  "endpoints is a list of unique endpoints in this slice. Each slice may include a"
                      + " maximum of 1000 endpoints."),
              Columns.AGE),
          (o, now) ->
              List.of(
                  name(o),
                  str(o.path("addressType")),
                  slicePorts(o.path("ports")),
                  sliceEndpoints(o.path("endpoints")),
                  age(o, now)));

  private static String slicePorts(JsonNode ports) {
    List<String> list = new ArrayList<>();
    int max = 3;
    boolean more = false;
    int count = 0;
    for (JsonNode port : ports) {
      if (list.size() < max) {
        String portNum = "*";
        if (port.path("port").isNumber()) {
          portNum = Long.toString(Printing.num(port.path("port")));
        } else if (port.path("name").isString()) {
          portNum = str(port.path("name"));
        }
        list.add(portNum);
      } else if (list.size() == max) {
        more = true;
      }
      count++;
    }
    return listWithMore(list, more, count, max);
  }

  private static String sliceEndpoints(JsonNode endpoints) {
    List<String> list = new ArrayList<>();
    int max = 3;
    boolean more = false;
    int count = 0;
    for (JsonNode endpoint : endpoints) {
      for (JsonNode address : endpoint.path("addresses")) {
        if (list.size() < max) {
          list.add(str(address));
        } else if (list.size() == max) {
          more = true;
        }
        count++;
      }
    }
    return listWithMore(list, more, count, max);
  }
}
