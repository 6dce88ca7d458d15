package io.kubesim.apiserver.table;

/** One column of a meta.k8s.io/v1 Table; priority 1 columns show only with -o wide. */
public record Column(String name, String type, String format, String description, int priority) {}
