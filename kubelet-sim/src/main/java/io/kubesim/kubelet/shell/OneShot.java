package io.kubesim.kubelet.shell;

import io.kubesim.kubelet.shell.Timeline.Exited;
import io.kubesim.kubelet.shell.Timeline.Output;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Programs (not shell scripts) the documentation's Job examples run once, which the simulation
 * knows how to finish: they print what the real program prints and exit 0, so that {@code kubectl
 * logs job/x} shows output. Known: the pi Job's {@code perl -Mbignum=bpi -wle 'print bpi(2000)'}
 * (pi to that many significant digits, computed) and {@code date}.
 */
public final class OneShot {
  private OneShot() {}

  /** bpi(2000) takes the real perl a second or two. */
  static final Duration PI_RUN = Duration.ofSeconds(2);

  private static final Pattern BPI =
      Pattern.compile("perl\\s.*-Mbignum=bpi\\b.*print\\s+bpi\\(\\s*(\\d{1,5})\\s*\\)\\s*;?\\s*");

  /** The timeline of {@code argv} when it is a known one-shot program; empty otherwise. */
  public static Optional<Timeline> of(List<String> argv) {
    if (argv.isEmpty()) {
      return Optional.empty();
    }
    String name = argv.get(0);
    if ((name.equals("date") || name.equals("/bin/date")) && argv.size() == 1) {
      return Optional.of(
          new Timeline(List.of(Output.date(Duration.ZERO), new Exited(Duration.ZERO, 0))));
    }
    Matcher bpi = BPI.matcher(String.join(" ", argv));
    if (bpi.matches()) {
      int digits = Integer.parseInt(bpi.group(1));
      return Optional.of(
          new Timeline(List.of(new Output(PI_RUN, pi(digits), false), new Exited(PI_RUN, 0))));
    }
    return Optional.empty();
  }

  public static boolean known(List<String> argv) {
    return of(argv).isPresent();
  }

  private static final Map<Integer, String> PI_CACHE = new ConcurrentHashMap<>();

  /**
   * Pi to {@code digits} significant digits, as Math::BigFloat's bpi rounds it (to even): Machin's
   * formula, pi = 16 atan(1/5) - 4 atan(1/239), in integers scaled by 10^(digits + 10) (a few
   * milliseconds for 2000 digits; kept, as every pod of the Job asks again).
   */
  static String pi(int digits) {
    return PI_CACHE.computeIfAbsent(Math.max(digits, 1), OneShot::computePi);
  }

  private static String computePi(int digits) {
    BigInteger unity = BigInteger.TEN.pow(digits + 10);
    BigInteger pi =
        arccot(5, unity)
            .multiply(BigInteger.valueOf(16))
            .subtract(arccot(239, unity).multiply(BigInteger.valueOf(4)));
    BigDecimal scaled = new BigDecimal(pi, digits + 10);
    return scaled.round(new MathContext(digits, RoundingMode.HALF_EVEN)).toPlainString();
  }

  /** atan(1/x) * unity = unity/x - unity/(3x^3) + unity/(5x^5) - ... */
  private static BigInteger arccot(int x, BigInteger unity) {
    BigInteger xSquared = BigInteger.valueOf((long) x * x);
    BigInteger power = unity.divide(BigInteger.valueOf(x));
    BigInteger sum = power;
    for (int n = 1; power.signum() != 0; n++) {
      power = power.divide(xSquared);
      BigInteger term = power.divide(BigInteger.valueOf(2L * n + 1));
      sum = n % 2 == 1 ? sum.subtract(term) : sum.add(term);
    }
    return sum;
  }
}
