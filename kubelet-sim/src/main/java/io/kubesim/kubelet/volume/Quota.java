package io.kubesim.kubelet.volume;

import java.util.Arrays;

/** The arithmetic of a volume's size limit. */
final class Quota {
  private Quota() {}

  /**
   * What of {@code data} fits in {@code free} bytes: all of it, or the first {@code free} bytes (a
   * write that runs out of space writes what fits, then fails with ENOSPC). Worked example: 10
   * bytes into a 1 KiB volume holding 1020 bytes keep their first 4.
   */
  static byte[] fit(byte[] data, long free) {
    if (data.length <= free) {
      return data;
    }
    return Arrays.copyOf(data, (int) Math.max(0, free));
  }
}
