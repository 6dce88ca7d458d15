package io.kubesim.controllermanager.cronjob;

import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.CronJobStatus;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import io.fabric8.kubernetes.api.model.batch.v1.JobSpec;
import io.kubesim.controllermanager.Event;
import io.kubesim.controllermanager.Kube;
import io.kubesim.core.cron.CronException;
import io.kubesim.core.cron.CronSchedule;
import io.kubesim.core.cron.TimeZones;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The CronJob controller's sync (pkg/controller/cronjob cronjob_controllerv2.go, 1.32) as a pure
 * function of the CronJob, the Jobs it controls and the time: finished Jobs beyond the history
 * limits are deleted, finished Jobs leave status.active, and when a scheduled time has come the Job
 * for it is created, named {@code <cronjob>-<scheduled time in minutes since the epoch>} so that
 * the same time never makes two Jobs.
 */
final class CronJobPlanner {
  private CronJobPlanner() {}

  static final String SCHEDULED_TIMESTAMP = "batch.kubernetes.io/cronjob-scheduled-timestamp";

  /** Go's time.RFC3339: {@code 2024-05-01T12:00:00Z}, {@code 2024-05-01T14:00:00+02:00}. */
  private static final DateTimeFormatter RFC3339 =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssXXX", Locale.US);

  /** Go's time.RFC1123Z, in UTC: {@code Wed, 01 May 2024 12:00:00 +0000}. */
  private static final DateTimeFormatter RFC1123Z =
      DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss Z", Locale.US)
          .withZone(ZoneId.of("UTC"));

  /**
   * @param deletes Jobs to delete (history limits, concurrencyPolicy Replace), oldest first
   * @param create the Job to create, or null
   * @param scheduledTime the time {@code create} is for
   * @param status the status to write, without the Job being created (the shell adds its reference
   *     and lastScheduleTime once it exists), or null when unchanged and nothing is created
   * @param events events about the CronJob known before any write
   * @param unexpected running Jobs of this CronJob missing from status.active: worth a second look
   *     at a fresh CronJob before calling them unexpected
   * @param requeueAfter when to look again (the next scheduled time), or null
   */
  record Plan(
      List<Job> deletes,
      Job create,
      Instant scheduledTime,
      CronJobStatus status,
      List<Event> events,
      List<String> unexpected,
      Duration requeueAfter) {}

  static Plan plan(CronJob cj, List<Job> jobs, Instant now) {
    return new Sync(cj, jobs, now).run();
  }

  /** The Job {@code cj} makes for {@code scheduledTime} (getJobFromTemplate2). */
  static Job jobFor(CronJob cj, Instant scheduledTime, ZoneId zone) {
    var template = cj.getSpec().getJobTemplate();
    Map<String, String> labels = new LinkedHashMap<>();
    Map<String, String> annotations = new LinkedHashMap<>();
    if (template.getMetadata() != null) {
      if (template.getMetadata().getLabels() != null) {
        labels.putAll(template.getMetadata().getLabels());
      }
      if (template.getMetadata().getAnnotations() != null) {
        annotations.putAll(template.getMetadata().getAnnotations());
      }
    }
    annotations.put(SCHEDULED_TIMESTAMP, RFC3339.format(scheduledTime.atZone(zone)));
    Job job =
        new JobBuilder()
            .withNewMetadata()
            .withName(jobName(cj, scheduledTime))
            .withNamespace(cj.getMetadata().getNamespace())
            .withLabels(labels.isEmpty() ? null : labels)
            .withAnnotations(annotations)
            .withOwnerReferences(Kube.controllerRef(cj))
            .endMetadata()
            .withSpec(Kube.copy(template.getSpec(), JobSpec.class))
            .build();
    job.setApiVersion("batch/v1");
    job.setKind("Job");
    return job;
  }

  /** getJobName: the scheduled time in minutes since the epoch makes the name unique per time. */
  static String jobName(CronJob cj, Instant scheduledTime) {
    return cj.getMetadata().getName() + "-" + scheduledTime.getEpochSecond() / 60;
  }

  /** getRef: what status.active holds for a Job. */
  static ObjectReference reference(Job job) {
    ObjectReference ref = new ObjectReference();
    ref.setApiVersion("batch/v1");
    ref.setKind("Job");
    ref.setName(job.getMetadata().getName());
    ref.setNamespace(job.getMetadata().getNamespace());
    ref.setUid(job.getMetadata().getUid());
    ref.setResourceVersion(job.getMetadata().getResourceVersion());
    return ref;
  }

  /** The Complete or Failed condition that is True, if any (util.FinishedCondition). */
  static String finishedCondition(Job job) {
    if (job.getStatus() == null || job.getStatus().getConditions() == null) {
      return null;
    }
    for (JobCondition c : job.getStatus().getConditions()) {
      if (("Complete".equals(c.getType()) || "Failed".equals(c.getType()))
          && "True".equals(c.getStatus())) {
        return c.getType();
      }
    }
    return null;
  }

  /** One sync's working state. */
  private static final class Sync {
    private final CronJob cj;
    private final List<Job> jobs;
    private final Instant now;
    private final CronJobStatus status;
    private final List<Job> deletes = new ArrayList<>();
    private final List<Event> events = new ArrayList<>();
    private final List<String> unexpected = new ArrayList<>();
    private boolean changed;

    Sync(CronJob cj, List<Job> jobs, Instant now) {
      this.cj = cj;
      this.jobs = jobs;
      this.now = now;
      this.status =
          cj.getStatus() == null
              ? new CronJobStatus()
              : Kube.copy(cj.getStatus(), CronJobStatus.class);
      if (status.getActive() == null) {
        status.setActive(new ArrayList<>());
      } else {
        status.setActive(new ArrayList<>(status.getActive()));
      }
    }

    Plan run() {
      cleanupFinishedJobs();
      reconcileActive();
      if (Kube.deleting(cj)) {
        return plan(null, null, null);
      }
      String zoneName = cj.getSpec().getTimeZone();
      ZoneId zone;
      try {
        zone = TimeZones.load(zoneName == null ? "" : zoneName);
      } catch (CronException e) {
        events.add(
            Event.warning(
                "UnknownTimeZone", "invalid timeZone: \"" + zoneName + "\": " + e.getMessage()));
        return plan(null, null, null);
      }
      if (Boolean.TRUE.equals(cj.getSpec().getSuspend())) {
        return plan(null, null, null);
      }
      CronSchedule schedule;
      try {
        schedule = CronSchedule.parse(formatSchedule(), zone);
      } catch (CronException e) {
        events.add(
            Event.warning(
                "UnparseableSchedule",
                "unparseable schedule: \""
                    + cj.getSpec().getSchedule()
                    + "\" : "
                    + e.getMessage()));
        return plan(null, null, null);
      }
      return schedule(schedule, zone);
    }

    private Plan schedule(CronSchedule schedule, ZoneId zone) {
      ScheduleTimes.Recent recent;
      try {
        recent = ScheduleTimes.mostRecent(cj, now, schedule, true);
      } catch (IllegalStateException e) {
        events.add(
            Event.warning(
                "InvalidSchedule",
                "invalid schedule: " + cj.getSpec().getSchedule() + " : " + e.getMessage()));
        return plan(null, null, null);
      }
      Duration next = ScheduleTimes.untilNext(cj, now, schedule);
      Instant scheduled = recent.mostRecent();
      if (scheduled == null || scheduled.isAfter(now)) {
        return plan(null, null, next);
      }
      if (recent.missed() == ScheduleTimes.Missed.MANY) {
        events.add(
            Event.warning(
                "TooManyMissedTimes",
                "too many missed start times. Set or decrease .spec.startingDeadlineSeconds or"
                    + " check clock skew"));
      }
      Long deadline = cj.getSpec().getStartingDeadlineSeconds();
      if (deadline != null && scheduled.plusSeconds(deadline).isBefore(now)) {
        events.add(
            Event.warning(
                "MissSchedule",
                "Missed scheduled time to start a job: " + RFC1123Z.format(scheduled)));
        return plan(null, null, next);
      }
      String name = jobName(cj, scheduled);
      boolean processed =
          status.getActive().stream()
                  .anyMatch(
                      r ->
                          name.equals(r.getName())
                              && Objects.equals(cj.getMetadata().getNamespace(), r.getNamespace()))
              || scheduled.equals(Kube.time(status.getLastScheduleTime()));
      if (processed) {
        return plan(null, null, next);
      }
      String policy = cj.getSpec().getConcurrencyPolicy();
      if ("Forbid".equals(policy) && !status.getActive().isEmpty()) {
        events.add(
            Event.normal(
                "JobAlreadyActive",
                "Not starting job because prior execution is running and concurrency policy is"
                    + " Forbid"));
        return plan(null, null, next);
      }
      if ("Replace".equals(policy)) {
        for (ObjectReference ref : List.copyOf(status.getActive())) {
          Job running = byUid(ref.getUid());
          if (running != null) {
            delete(running);
          }
        }
      }
      return plan(jobFor(cj, scheduled, zone), scheduled, next);
    }

    /** CRON_TZ or TZ in the schedule is used as written, with a warning; timeZone prefixes it. */
    private String formatSchedule() {
      String schedule = cj.getSpec().getSchedule();
      if (schedule.contains("TZ")) {
        events.add(
            Event.warning(
                "UnsupportedSchedule",
                "CRON_TZ or TZ used in schedule \""
                    + schedule
                    + "\" is not officially supported, see"
                    + " https://kubernetes.io/docs/concepts/workloads/controllers/cron-jobs/ for"
                    + " more details"));
        return schedule;
      }
      return schedule;
    }

    /**
     * cleanupFinishedJobs: beyond successfulJobsHistoryLimit Complete and failedJobsHistoryLimit
     * Failed Jobs, the ones that started first are deleted.
     */
    private void cleanupFinishedJobs() {
      Integer successful = cj.getSpec().getSuccessfulJobsHistoryLimit();
      Integer failedLimit = cj.getSpec().getFailedJobsHistoryLimit();
      if (successful == null && failedLimit == null) {
        return;
      }
      List<Job> complete = new ArrayList<>();
      List<Job> failed = new ArrayList<>();
      for (Job job : jobs) {
        String condition = finishedCondition(job);
        if ("Complete".equals(condition)) {
          complete.add(job);
        } else if ("Failed".equals(condition)) {
          failed.add(job);
        }
      }
      if (successful != null) {
        removeOldest(complete, successful);
      }
      if (failedLimit != null) {
        removeOldest(failed, failedLimit);
      }
    }

    private void removeOldest(List<Job> finished, int keep) {
      int remove = finished.size() - keep;
      if (remove <= 0) {
        return;
      }
      List<Job> sorted = new ArrayList<>(finished);
      sorted.sort(BY_START_TIME);
      sorted.subList(0, remove).forEach(this::delete);
    }

    private void delete(Job job) {
      deletes.add(job);
      status.getActive().removeIf(r -> Objects.equals(r.getUid(), job.getMetadata().getUid()));
      changed = true;
    }

    /**
     * Finished Jobs leave status.active (SawCompletedJob), a successful one not in it sets
     * lastSuccessfulTime, active references to Jobs that are gone are dropped (MissingJob), and a
     * running Job that is not in the list is reported (UnexpectedJob).
     */
    private void reconcileActive() {
      Set<String> children = new HashSet<>();
      for (Job job : jobs) {
        String uid = job.getMetadata().getUid();
        children.add(uid);
        boolean found = status.getActive().stream().anyMatch(r -> uid.equals(r.getUid()));
        String condition = finishedCondition(job);
        if (!found && condition == null) {
          unexpected.add(job.getMetadata().getName());
          events.add(
              Event.warning(
                  "UnexpectedJob",
                  "Saw a job that the controller did not create or forgot: "
                      + job.getMetadata().getName()));
        } else if (found && condition != null) {
          status.getActive().removeIf(r -> uid.equals(r.getUid()));
          events.add(
              Event.normal(
                  "SawCompletedJob",
                  "Saw completed job: "
                      + job.getMetadata().getName()
                      + ", condition: "
                      + condition));
          changed = true;
        } else if ("Complete".equals(condition)) {
          Instant completed = Kube.time(job.getStatus().getCompletionTime());
          Instant last = Kube.time(status.getLastSuccessfulTime());
          if (last == null && completed != null) {
            status.setLastSuccessfulTime(job.getStatus().getCompletionTime());
            changed = true;
          } else if (completed != null && completed.isAfter(last)) {
            status.setLastSuccessfulTime(job.getStatus().getCompletionTime());
            changed = true;
          }
        }
      }
      for (ObjectReference ref : List.copyOf(status.getActive())) {
        if (!children.contains(ref.getUid())) {
          events.add(Event.normal("MissingJob", "Active job went missing: " + ref.getName()));
          status.getActive().remove(ref);
          changed = true;
        }
      }
    }

    private Job byUid(String uid) {
      return jobs.stream()
          .filter(j -> Objects.equals(uid, j.getMetadata().getUid()))
          .findFirst()
          .orElse(null);
    }

    private Plan plan(Job create, Instant scheduled, Duration requeue) {
      boolean write = changed || create != null;
      return new Plan(
          List.copyOf(deletes),
          create,
          scheduled,
          write ? status : null,
          List.copyOf(events),
          List.copyOf(unexpected),
          requeue);
    }
  }

  /** byJobStartTime: started first first, Jobs never started last, then by name. */
  static final Comparator<Job> BY_START_TIME =
      (a, b) -> {
        Instant sa = a.getStatus() == null ? null : Kube.time(a.getStatus().getStartTime());
        Instant sb = b.getStatus() == null ? null : Kube.time(b.getStatus().getStartTime());
        if (sa == null && sb != null) {
          return 1;
        }
        if (sa != null && sb == null) {
          return -1;
        }
        if (Objects.equals(sa, sb)) {
          return a.getMetadata().getName().compareTo(b.getMetadata().getName());
        }
        return sa.compareTo(sb);
      };
}
