package io.kubesim.core.api;

/**
 * One field error of a validation, as k8s.io/apimachinery/pkg/util/validation/field renders it:
 * {@code spec.replicas: Invalid value: -1: must be greater than or equal to 0}.
 */
public record FieldError(Type type, String field, Object badValue, String detail) {

  /** The error types and the reason each carries in a Status cause. */
  public enum Type {
    NOT_FOUND("FieldValueNotFound", "Not found"),
    REQUIRED("FieldValueRequired", "Required value"),
    INVALID("FieldValueInvalid", "Invalid value"),
    NOT_SUPPORTED("FieldValueNotSupported", "Unsupported value"),
    DUPLICATE("FieldValueDuplicate", "Duplicate value"),
    FORBIDDEN("FieldValueForbidden", "Forbidden"),
    TOO_LONG("FieldValueTooLong", "Too long");

    private final String reason;
    private final String text;

    Type(String reason, String text) {
      this.reason = reason;
      this.text = text;
    }

    public String reason() {
      return reason;
    }

    public String text() {
      return text;
    }
  }

  public static FieldError required(String field, String detail) {
    return new FieldError(Type.REQUIRED, field, null, detail);
  }

  public static FieldError invalid(String field, Object value, String detail) {
    return new FieldError(Type.INVALID, field, value, detail);
  }

  public static FieldError notFound(String field, Object value) {
    return new FieldError(Type.NOT_FOUND, field, value, null);
  }

  public static FieldError duplicate(String field, Object value) {
    return new FieldError(Type.DUPLICATE, field, value, null);
  }

  public static FieldError tooLong(String field, int maxBytes) {
    return new FieldError(Type.TOO_LONG, field, null, "must have at most " + maxBytes + " bytes");
  }

  public static FieldError forbidden(String field, String detail) {
    return new FieldError(Type.FORBIDDEN, field, null, detail);
  }

  public static FieldError notSupported(String field, Object value, java.util.List<String> valid) {
    StringBuilder detail = new StringBuilder("supported values: ");
    for (int i = 0; i < valid.size(); i++) {
      detail.append(i == 0 ? "" : ", ").append('"').append(valid.get(i)).append('"');
    }
    return new FieldError(Type.NOT_SUPPORTED, field, value, detail.toString());
  }

  /** The message inside a Status cause: everything after the field path. */
  public String causeMessage() {
    StringBuilder text = new StringBuilder(type.text());
    if (type == Type.INVALID
        || type == Type.NOT_SUPPORTED
        || type == Type.DUPLICATE
        || type == Type.NOT_FOUND) {
      text.append(": ").append(render(badValue));
    }
    if (detail != null && !detail.isEmpty()) {
      text.append(": ").append(detail);
    }
    return text.toString();
  }

  /** The whole line: {@code field: message}. */
  public String text() {
    return field + ": " + causeMessage();
  }

  private static String render(Object value) {
    if (value instanceof String s) {
      return io.kubesim.core.selector.LabelValidation.goQuote(s);
    }
    return String.valueOf(value);
  }
}
