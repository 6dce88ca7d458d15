package io.kubesim.apiserver.table;

/**
 * Column definitions shared by the printers, with the descriptions Kubernetes takes from the API
 * field documentation.
 */
final class Columns {
  private Columns() {}

  static final String NAME_DOC =
      "Name must be unique within a namespace. Is required when creating resources, although some"
          + " resources may allow a client to request the generation of an appropriate name"
          + " automatically. Name is primarily intended for creation idempotence and configuration"
          + " definition. Cannot be updated. More info:"
          + " https://kubernetes.io/docs/concepts/overview/working-with-objects/names#names";

  static final String CREATION_TIMESTAMP_DOC =
      "CreationTimestamp is a timestamp representing the server time when this object was created."
          + " It is not guaranteed to be set in happens-before order across separate operations."
          + " Clients may not set this value. It is represented in RFC3339 form and is in UTC.\n\n"
          + "Populated by the system. Read-only. Null for lists. More info:"
          + " https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata";

  static final String CONTAINERS_DOC = "Names of each container in the template.";
  static final String IMAGES_DOC = "Images referenced by each container in the template.";

  /** The Name column every printer starts with. */
  static final Column NAME = new Column("Name", "string", "name", NAME_DOC, 0);

  /** The Age column: the time since creationTimestamp. */
  static final Column AGE = new Column("Age", "string", "", CREATION_TIMESTAMP_DOC, 0);

  static Column string(String name, String description) {
    return new Column(name, "string", "", description, 0);
  }

  static Column integer(String name, String description) {
    return new Column(name, "integer", "", description, 0);
  }

  static Column bool(String name, String description) {
    return new Column(name, "boolean", "", description, 0);
  }

  /** A string column shown only with -o wide. */
  static Column wide(String name, String description) {
    return new Column(name, "string", "", description, 1);
  }

  static Column containers() {
    return wide("Containers", CONTAINERS_DOC);
  }

  static Column images() {
    return wide("Images", IMAGES_DOC);
  }

  static Column selector(String description) {
    return wide("Selector", description);
  }
}
