package io.kubesim.apiserver.apply;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubesim.core.json.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * (Keys stay unique: the apiserver refuses duplicate container names, and duplicate keys are read
 * differently by the two ways.)
 *
 * <p>The one-walk diff of an update's changed fields finds what the path-by-path rule finds: every
 * field of the new object that is absent from the old one or {@link Fields#changed}.
 */
class FieldsTest {
  private static final ApplySchema POD = ApplySchema.forKind("", "Pod");
  private static int unique;

  private static final String BASE =
      """
      {"apiVersion":"v1","kind":"Pod","metadata":{"name":"p","namespace":"d","resourceVersion":"9",
        "labels":{"app":"web","tier":"front"},"annotations":{}},
       "spec":{"nodeName":"n1","containers":[
          {"name":"a","image":"nginx","ports":[{"containerPort":80,"protocol":"TCP"}],
           "args":["x","y"],"resources":{}},
          {"name":"b","image":"busybox","env":[{"name":"K","value":"v"}]}],
        "tolerations":[{"key":"k","operator":"Exists"}],"nodeSelector":{"disk":"ssd"}},
       "status":{"phase":"Pending","conditions":[
          {"type":"Ready","status":"False"},{"type":"PodScheduled","status":"True"}],
        "podIPs":[{"ip":"10.0.0.1"}],"containerStatuses":[{"name":"a","ready":false,
          "state":{"waiting":{"reason":"ContainerCreating"}}}]}}""";

  /** The rule the diff replaces: each path of the new object, looked up from the root. */
  private static FieldSet byPath(ObjectNode before, ObjectNode after, String subresource) {
    FieldSet had = Fields.of(before, POD, subresource);
    List<List<String>> changed = new ArrayList<>();
    for (List<String> path : Fields.of(after, POD, subresource).paths()) {
      if (!had.contains(path) || Fields.changed(before, after, path, POD)) {
        changed.add(path);
      }
    }
    return FieldSet.of(changed);
  }

  @Test
  void randomEditsOfAPodGiveTheSameChangedFieldsBothWays() {
    Random random = new Random(16);
    ObjectNode before = (ObjectNode) Json.parse(BASE.getBytes());
    for (int i = 0; i < 500; i++) {
      ObjectNode after = before.deepCopy();
      for (int edits = 1 + random.nextInt(3); edits > 0; edits--) {
        edit(after, random);
      }
      for (String subresource : new String[] {null, "status"}) {
        assertThat(Fields.changedFields(before, after, POD, subresource).toFieldsV1())
            .as("edit %d, subresource %s: %s -> %s", i, subresource, before, after)
            .isEqualTo(byPath(before, after, subresource).toFieldsV1());
      }
      if (random.nextBoolean()) {
        before = after;
      }
    }
  }

  /** One random change somewhere in the object: a value, a field, a list item, an empty map. */
  private static void edit(ObjectNode pod, Random random) {
    List<JsonNode> containers = new ArrayList<>();
    pod.path("spec").path("containers").forEach(containers::add);
    switch (random.nextInt(12)) {
      case 0 ->
          ((ObjectNode) pod.get("metadata"))
              .putObject("labels")
              .put("app", "v" + random.nextInt(3));
      case 1 -> ((ObjectNode) pod.get("metadata")).remove("labels");
      case 2 ->
          ((ObjectNode) pod.get("status"))
              .put("phase", random.nextBoolean() ? "Running" : "Pending");
      case 3 -> {
        ArrayNode conditions = ((ObjectNode) pod.get("status")).withArray("conditions");
        if (!conditions.isEmpty() && random.nextBoolean()) {
          conditions.remove(random.nextInt(conditions.size()));
        } else {
          conditions.addObject().put("type", "C" + (unique++)).put("status", "True");
        }
      }
      case 4 ->
          ((ObjectNode) pod.get("status"))
              .putArray("podIPs")
              .addObject()
              .put("ip", "10.0.0." + random.nextInt(3));
      case 5 -> {
        if (!containers.isEmpty()) {
          ((ObjectNode) containers.get(random.nextInt(containers.size())))
              .put("image", "img" + random.nextInt(3));
        }
      }
      case 6 -> {
        ArrayNode list = ((ObjectNode) pod.get("spec")).withArray("containers");
        if (list.size() > 1 && random.nextBoolean()) {
          list.remove(random.nextInt(list.size()));
        } else {
          list.addObject().put("name", "c" + (unique++)).put("image", "pause");
        }
      }
      case 7 ->
          ((ObjectNode) pod.get("spec"))
              .putArray("tolerations")
              .addObject()
              .put("key", "t" + random.nextInt(2));
      case 8 ->
          ((ObjectNode) pod.get("spec"))
              .putObject("nodeSelector")
              .put("disk", random.nextBoolean() ? "ssd" : "hdd");
      case 9 ->
          ((ObjectNode) pod.get("metadata"))
              .put("resourceVersion", Integer.toString(random.nextInt(100)));
      case 10 -> {
        if (!containers.isEmpty()) {
          ObjectNode c = (ObjectNode) containers.get(0);
          c.putArray("args").add("z" + random.nextInt(2));
          c.putObject("resources");
        }
      }
      default -> {
        ArrayNode statuses = ((ObjectNode) pod.get("status")).withArray("containerStatuses");
        if (!statuses.isEmpty()) {
          ObjectNode s = (ObjectNode) statuses.get(0);
          s.put("ready", random.nextBoolean());
          s.putObject("state").putObject(random.nextBoolean() ? "running" : "waiting");
        }
      }
    }
  }
}
