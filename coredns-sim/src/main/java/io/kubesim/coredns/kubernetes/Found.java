package io.kubesim.coredns.kubernetes;

import java.util.List;

/**
 * What a lookup of the kubernetes plugin came back with: entries, or that the name does not exist
 * (CoreDNS's errNoItems / errInvalidRequest, which become NXDOMAIN). No entries and no error is a
 * name that exists without records of the type asked (NODATA).
 */
record Found(List<Entry> entries, boolean nameError) {
  static final Found NO_SUCH_NAME = new Found(List.of(), true);
  static final Found NO_DATA = new Found(List.of(), false);

  static Found of(List<Entry> entries) {
    return new Found(List.copyOf(entries), false);
  }
}
