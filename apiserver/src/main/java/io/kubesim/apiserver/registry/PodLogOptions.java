package io.kubesim.apiserver.registry;

import io.kubesim.apiserver.request.ApiRequest;
import io.kubesim.core.api.FieldError;
import io.kubesim.core.api.Status;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The query of {@code pods/x/log} decoded and checked as kube-apiserver does before it asks the
 * kubelet (query decoding: a bad integer is a 400 with strconv's text; ValidatePodLogOptions: a bad
 * value is a 422), and the query the kubelet is then sent, written as pod.LogLocation writes it
 * ({@code follow=true} only when following, numbers in decimal), whatever spelling the client used
 * ({@code follow=True}, {@code follow=1}).
 */
public record PodLogOptions(
    String container,
    boolean follow,
    boolean previous,
    boolean timestamps,
    Long sinceSeconds,
    OffsetDateTime sinceTime,
    Long tailLines,
    Long limitBytes) {

  /** Go's time.RFC3339 layout, named in its parse errors. */
  private static final String RFC3339 = "2006-01-02T15:04:05Z07:00";

  public static PodLogOptions of(ApiRequest request, String pod) {
    PodLogOptions options =
        new PodLogOptions(
            request.param("container", ""),
            request.flag("follow"),
            request.flag("previous"),
            request.flag("timestamps"),
            request.integer("sinceSeconds"),
            sinceTime(request.param("sinceTime")),
            request.integer("tailLines"),
            request.integer("limitBytes"));
    List<FieldError> errors = options.validate();
    if (!errors.isEmpty()) {
      throw Status.invalid("PodLogOptions", "", pod, errors);
    }
    return options;
  }

  /** metav1.Time's query form: RFC 3339; "" and "null" are the zero time. */
  private static OffsetDateTime sinceTime(String value) {
    if (value == null) {
      return null;
    }
    if (value.isEmpty() || value.equals("null")) {
      return OffsetDateTime.of(1, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC);
    }
    try {
      return OffsetDateTime.parse(value, DateTimeFormatter.ISO_OFFSET_DATE_TIME);
    } catch (DateTimeParseException e) {
      throw Status.badRequest(
          "parsing time \""
              + value
              + "\" as \""
              + RFC3339
              + "\": cannot parse \""
              + value
              + "\" as \"2006\"");
    }
  }

  /** ValidatePodLogOptions. */
  private List<FieldError> validate() {
    List<FieldError> errors = new ArrayList<>();
    if (tailLines != null && tailLines < 0) {
      errors.add(FieldError.invalid("tailLines", tailLines, "must be greater than or equal to 0"));
    }
    if (limitBytes != null && limitBytes < 1) {
      errors.add(FieldError.invalid("limitBytes", limitBytes, "must be greater than 0"));
    }
    if (sinceSeconds != null && sinceTime != null) {
      errors.add(
          FieldError.forbidden(
              "", "at most one of `sinceTime` or `sinceSeconds` may be specified"));
    } else if (sinceSeconds != null && sinceSeconds < 1) {
      errors.add(FieldError.invalid("sinceSeconds", sinceSeconds, "must be greater than 0"));
    }
    return errors;
  }

  /** The kubelet's query, as pod.LogLocation builds it; {@code follow} only when asked. */
  public Map<String, List<String>> kubeletQuery(boolean withFollow) {
    Map<String, List<String>> query = new LinkedHashMap<>();
    if (!container.isEmpty()) {
      query.put("container", List.of(container));
    }
    if (follow && withFollow) {
      query.put("follow", List.of("true"));
    }
    if (previous) {
      query.put("previous", List.of("true"));
    }
    if (timestamps) {
      query.put("timestamps", List.of("true"));
    }
    if (sinceSeconds != null) {
      query.put("sinceSeconds", List.of(Long.toString(sinceSeconds)));
    }
    if (sinceTime != null) {
      query.put(
          "sinceTime",
          List.of(
              sinceTime.withOffsetSameInstant(ZoneOffset.UTC).withNano(0).toInstant().toString()));
    }
    if (tailLines != null) {
      query.put("tailLines", List.of(Long.toString(tailLines)));
    }
    if (limitBytes != null) {
      query.put("limitBytes", List.of(Long.toString(limitBytes)));
    }
    return query;
  }
}
