package io.kubesim.apiserver.table;

import static io.kubesim.apiserver.table.Printing.age;
import static io.kubesim.apiserver.table.Printing.name;
import static io.kubesim.apiserver.table.Printing.str;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import tools.jackson.databind.JsonNode;

/** Storage classes, leases, and the default printers of kinds without their own. */
final class OtherPrinters {
  private OtherPrinters() {}

  static final TablePrinter STORAGE_CLASSES =
      new SimplePrinter(
          List.of(
              Columns.NAME,
              Columns.string("Provisioner", "provisioner indicates the type of the provisioner."),
              Columns.string(
                  "ReclaimPolicy",
                  "reclaimPolicy controls the reclaimPolicy for dynamically provisioned"
                      + " PersistentVolumes of this storage class. Defaults to Delete."),
              Columns.string(
                  "VolumeBindingMode",
                  "volumeBindingMode indicates how PersistentVolumeClaims should be provisioned"
                      + " and bound.  When unset, VolumeBindingImmediate is used. This field is"
                      + " only honored by servers that enable the VolumeScheduling feature."),
              Columns.string(
                  "AllowVolumeExpansion",
                  "allowVolumeExpansion shows whether the storage class allow volume expand."),
              Columns.AGE),
          (o, now) -> {
            JsonNode annotations = o.path("metadata").path("annotations");
            boolean isDefault =
                "true".equals(str(annotations.path("storageclass.kubernetes.io/is-default-class")))
                    || "true"
                        .equals(
                            str(
                                annotations.path(
                                    "storageclass.beta.kubernetes.io/is-default-class")));
            String reclaimPolicy = str(o.path("reclaimPolicy"));
            String bindingMode = str(o.path("volumeBindingMode"));
            return List.of(
                isDefault ? name(o) + " (default)" : name(o),
                str(o.path("provisioner")),
                reclaimPolicy.isEmpty() ? "Delete" : reclaimPolicy,
                bindingMode.isEmpty() ? "Immediate" : bindingMode,
                Printing.bool(o.path("allowVolumeExpansion")),
                age(o, now));
          });

  static final TablePrinter LEASES =
      new SimplePrinter(
          List.of(
              Columns.NAME,
              Columns.string(
                  "Holder",
                  "holderIdentity contains the identity of the holder of a current lease. If"
                      + " Coordinated Leader Election is used, the holder identity must be equal to"
                      + " the elected LeaseCandidate.metadata.name field."),
              Columns.AGE),
          (o, now) -> List.of(name(o), str(o.path("spec").path("holderIdentity")), age(o, now)));

  /**
   * The aggregator's table of APIServices: the backing service ("Local" when served here) and the
   * Available condition, with its reason when it is not True.
   */
  static final TablePrinter API_SERVICES =
      new SimplePrinter(
          List.of(
              Columns.NAME,
              Columns.string(
                  "Service", "The reference to the service that hosts this API endpoint."),
              Columns.string("Available", "Whether this service is available."),
              Columns.AGE),
          (o, now) -> {
            JsonNode ref = o.path("spec").path("service");
            String service =
                ref.isObject() ? str(ref.path("namespace")) + "/" + str(ref.path("name")) : "Local";
            return List.of(name(o), service, available(o.path("status")), age(o, now));
          });

  private static String available(JsonNode status) {
    for (JsonNode condition : status.path("conditions")) {
      if (str(condition.path("type")).equals("Available")) {
        String value = str(condition.path("status"));
        String reason = str(condition.path("reason"));
        return value.equals("True") || reason.isEmpty() ? value : value + " (" + reason + ")";
      }
    }
    return "Unknown";
  }

  /**
   * The apiserver's default table of built-in kinds without a printer (limit ranges, roles, ...):
   * the name and the creation time in RFC 3339.
   */
  static final TablePrinter CREATED_AT =
      new SimplePrinter(
          List.of(
              Columns.NAME,
              new Column("Created At", "date", "", Columns.CREATION_TIMESTAMP_DOC, 0)),
          (o, now) -> {
            Instant created = Printing.instant(o.path("metadata").path("creationTimestamp"));
            if (created == null) {
              created = Instant.parse("0001-01-01T00:00:00Z");
            }
            return List.of(name(o), created.truncatedTo(ChronoUnit.SECONDS).toString());
          });

  /**
   * The table of custom resources without printer columns: the name and an Age column of type date
   * whose cell is the creationTimestamp itself, which clients turn into an age.
   */
  static final TablePrinter DEFAULT =
      new SimplePrinter(
          List.of(Columns.NAME, new Column("Age", "date", "", Columns.CREATION_TIMESTAMP_DOC, 0)),
          (o, now) -> {
            JsonNode created = o.path("metadata").path("creationTimestamp");
            return Arrays.asList(name(o), created.isString() ? str(created) : null);
          });
}
