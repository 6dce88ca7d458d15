package io.kubesim.ingress.model;

/** An ingress path's pathType. */
public enum PathType {
  EXACT("Exact"),
  PREFIX("Prefix"),
  IMPLEMENTATION_SPECIFIC("ImplementationSpecific");

  private final String apiName;

  PathType(String apiName) {
    this.apiName = apiName;
  }

  public String apiName() {
    return apiName;
  }

  /** The API's name; null (the apiserver requires one) reads as ImplementationSpecific. */
  public static PathType of(String apiName) {
    for (PathType t : values()) {
      if (t.apiName.equals(apiName)) {
        return t;
      }
    }
    return IMPLEMENTATION_SPECIFIC;
  }
}
