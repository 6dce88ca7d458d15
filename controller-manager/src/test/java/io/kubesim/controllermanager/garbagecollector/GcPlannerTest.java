package io.kubesim.controllermanager.garbagecollector;

import static io.kubesim.controllermanager.garbagecollector.GcPlanner.OwnerState.ABSENT;
import static io.kubesim.controllermanager.garbagecollector.GcPlanner.OwnerState.DELETING_DEPENDENTS;
import static io.kubesim.controllermanager.garbagecollector.GcPlanner.OwnerState.PRESENT;
import static io.kubesim.controllermanager.garbagecollector.GcPlanner.Policy.BACKGROUND;
import static io.kubesim.controllermanager.garbagecollector.GcPlanner.Policy.FOREGROUND;
import static org.assertj.core.api.Assertions.assertThat;

import io.kubesim.controllermanager.garbagecollector.GcPlanner.DeleteDependent;
import io.kubesim.controllermanager.garbagecollector.GcPlanner.Dependent;
import io.kubesim.controllermanager.garbagecollector.GcPlanner.Item;
import io.kubesim.controllermanager.garbagecollector.GcPlanner.Owner;
import io.kubesim.controllermanager.garbagecollector.GcPlanner.Plan;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class GcPlannerTest {
  record Case(String name, Item item, Plan expected) {
    @Override
    public String toString() {
      return name;
    }
  }

  static final Plan NOTHING = new Plan(null, List.of(), List.of(), List.of(), null);

  static Item live(Owner... owners) {
    return new Item(false, List.of(), List.of(owners), List.of());
  }

  static Item deleting(String finalizer, Dependent... dependents) {
    return new Item(true, List.of(finalizer), List.of(), List.of(dependents));
  }

  static Stream<Case> cases() {
    return Stream.of(
        new Case("an object without owners is kept", live(), NOTHING),
        new Case(
            "an object whose only owner is present is kept",
            live(new Owner("d", true, PRESENT)),
            NOTHING),
        new Case(
            "an object whose only owner is gone is deleted in the background",
            live(new Owner("d", true, ABSENT)),
            new Plan(BACKGROUND, List.of(), List.of(), List.of(), null)),
        new Case(
            "an object with one owner gone and one present loses the dangling reference",
            live(new Owner("a", false, ABSENT), new Owner("b", false, PRESENT)),
            new Plan(null, List.of("a"), List.of(), List.of(), null)),
        new Case(
            "an object blocking an owner that deletes in the foreground is deleted in the"
                + " foreground",
            live(new Owner("d", true, DELETING_DEPENDENTS)),
            new Plan(FOREGROUND, List.of(), List.of(), List.of(), null)),
        new Case(
            "an object not blocking a foreground-deleting owner is left to that owner",
            live(new Owner("d", false, DELETING_DEPENDENTS)),
            NOTHING),
        new Case(
            "an orphaning owner takes its reference out of every dependent first",
            deleting(GcPlanner.ORPHAN, new Dependent("1|ns/a", true, false)),
            new Plan(null, List.of(), List.of(), List.of("1|ns/a"), null)),
        new Case(
            "an orphaning owner without dependents drops its orphan finalizer",
            deleting(GcPlanner.ORPHAN),
            new Plan(null, List.of(), List.of(), List.of(), GcPlanner.ORPHAN)),
        new Case(
            "a foreground-deleting owner deletes blocking dependents in the foreground and others"
                + " in the background",
            deleting(
                GcPlanner.FOREGROUND,
                new Dependent("1|ns/a", true, false),
                new Dependent("1|ns/b", false, false),
                new Dependent("1|ns/c", true, true)),
            new Plan(
                null,
                List.of(),
                List.of(
                    new DeleteDependent("1|ns/a", FOREGROUND),
                    new DeleteDependent("1|ns/b", BACKGROUND)),
                List.of(),
                null)),
        new Case(
            "a foreground-deleting owner keeps its finalizer while a blocking dependent is being"
                + " deleted",
            deleting(GcPlanner.FOREGROUND, new Dependent("0|ns/p", true, true)),
            NOTHING),
        new Case(
            "a foreground-deleting owner whose remaining dependents do not block drops the"
                + " finalizer",
            deleting(GcPlanner.FOREGROUND, new Dependent("0|ns/p", false, true)),
            new Plan(null, List.of(), List.of(), List.of(), GcPlanner.FOREGROUND)),
        new Case(
            "a deleting object without a GC finalizer is left to the apiserver",
            new Item(
                true, List.of("example.com/x"), List.of(new Owner("d", true, ABSENT)), List.of()),
            NOTHING));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void plans(Case c) {
    assertThat(GcPlanner.plan(c.item())).isEqualTo(c.expected());
  }
}
