package io.kubesim.apiserver.registry;

import io.kubesim.apiserver.request.ApiRequest;
import io.kubesim.apiserver.resource.ResourceType;
import io.kubesim.core.api.Status;
import io.kubesim.core.json.Json;
import io.kubesim.core.selector.FieldSelector;
import io.kubesim.core.selector.LabelSelector;
import io.kubesim.core.selector.SelectorException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import tools.jackson.databind.JsonNode;

/** labelSelector, fieldSelector, limit and continue of a list or watch. */
public record ListQuery(
    LabelSelector labels, FieldSelector fields, long limit, String continueAfter, long continueRv) {

  /**
   * The list options of a list, watch or deletecollection. Decoded in apimachinery's order: the
   * integers first (timeoutSeconds, then limit: a bad one is a 400 with strconv's text), then the
   * selectors.
   */
  public static ListQuery of(ApiRequest request, ResourceType type) {
    request.integer("timeoutSeconds");
    Long limit = request.integer("limit");
    LabelSelector labels;
    FieldSelector fields;
    try {
      labels = LabelSelector.parse(request.param("labelSelector", ""));
      fields = FieldSelector.parse(request.param("fieldSelector", ""));
    } catch (SelectorException e) {
      throw Status.badRequest(e.getMessage());
    }
    for (FieldSelector.Requirement requirement : fields.requirements()) {
      if (!FieldLabels.supported(type, requirement.field())) {
        throw Status.badRequest("field label not supported: " + requirement.field());
      }
    }
    String token = request.param("continue");
    String after = null;
    long rv = 0;
    if (token != null && !token.isEmpty()) {
      try {
        JsonNode decoded = Json.parse(Base64.getUrlDecoder().decode(token));
        after = decoded.path("start").asString();
        rv = decoded.path("rv").asLong();
      } catch (RuntimeException e) {
        throw Status.badRequest("continue key is not valid: " + e.getMessage());
      }
    }
    return new ListQuery(labels, fields, limit == null ? 0 : Math.max(0, limit), after, rv);
  }

  public boolean matches(ResourceType type, JsonNode object) {
    return labels.matches(Meta.labels(object))
        && fields.matches(field -> FieldLabels.value(type, object, field));
  }

  public static String continueToken(String lastKey, long rv) {
    String json =
        "{\"rv\":" + rv + ",\"start\":" + Json.string(Json.NODES.stringNode(lastKey)) + "}";
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(json.getBytes(StandardCharsets.UTF_8));
  }
}
