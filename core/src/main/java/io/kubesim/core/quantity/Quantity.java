package io.kubesim.core.quantity;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A Kubernetes resource quantity ({@code 100m}, {@code 1.5}, {@code 64Mi}, {@code 1G}, {@code
 * 1e3}), following apimachinery's pkg/api/resource. Immutable; equality and ordering are by amount
 * only (so {@code 1Gi} equals {@code 1073741824}).
 *
 * <p>The amount is held exactly as a {@link BigDecimal} in base units (cores, bytes, ...). How the
 * arithmetic goes, on the worked example {@code "1.5Gi"}:
 *
 * <ol>
 *   <li>Split: sign {@code +}, integer digits {@code "1"}, fraction digits {@code "5"}, suffix
 *       {@code "Gi"}. The suffix means base 2, exponent 30, binary format.
 *   <li>Number: unscaled {@code 15} with scale 1 = {@code 1.5}.
 *   <li>Apply the suffix: {@code 1.5 * 2^30 = 1610612736.0}. A decimal suffix only moves the point:
 *       {@code "1.5k"} is {@code 1.5 * 10^3 = 1500}, {@code "100m"} is {@code 100 * 10^-3 = 0.1}.
 *   <li>Round: anything finer than nano (scale above 9) is rounded away from zero to 9 places, so
 *       {@code "0.0000000001"} becomes {@code 0.000000001} (one nano), never zero.
 *   <li>Canonical text, binary family: the amount is an integer of at least 1024, so divide by 1024
 *       while it divides evenly: {@code 1610612736 -> 1572864 (Ki) -> 1536 (Mi)}; 1536 is not a
 *       multiple of 1024, so the result is {@code "1536Mi"}.
 *   <li>Canonical text, decimal family ({@code "1500m"}): amount {@code 1.5} = mantissa {@code 15}
 *       times {@code 10^-1}; the exponent is lowered to a multiple of three ({@code -1 -> -3},
 *       mantissa {@code 15 -> 1500}) and spelt with the SI suffix of that exponent: {@code
 *       "1500m"}. Likewise {@code 0.1 -> "100m"}, {@code 1000m -> "1"}, {@code 1e3 -> "1e3"} (the
 *       exponent family stays in exponent form, as in Go).
 *   <li>Milli value: {@code 1.5 * 1000 = 1500}; any remaining fraction is rounded away from zero
 *       ({@code "1n"} has milli value 1).
 * </ol>
 */
public final class Quantity implements Comparable<Quantity> {

  /** How a quantity is written; the canonical text keeps the family of the parsed input. */
  public enum Format {
    /** {@code 12e6}. */
    DECIMAL_EXPONENT,
    /** {@code 12Mi} = 12 * 2^20. */
    BINARY_SI,
    /** {@code 12M} = 12 * 10^6. */
    DECIMAL_SI
  }

  public static final String FORMAT_REGEX = "^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$";
  static final String ERR_FORMAT =
      "quantities must match the regular expression '" + FORMAT_REGEX + "'";
  static final String ERR_SUFFIX = "unable to parse quantity's suffix";

  private static final Pattern SYNTAX = Pattern.compile(FORMAT_REGEX);

  private static final Map<String, Integer> DECIMAL_SUFFIXES =
      Map.of("n", -9, "u", -6, "m", -3, "", 0, "k", 3, "M", 6, "G", 9, "T", 12, "P", 15, "E", 18);
  private static final Map<String, Integer> BINARY_SUFFIXES =
      Map.of("Ki", 10, "Mi", 20, "Gi", 30, "Ti", 40, "Pi", 50, "Ei", 60);
  private static final String[] BINARY_BY_POWER = {"", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei"};
  private static final Map<Integer, String> DECIMAL_BY_EXPONENT =
      Map.of(-9, "n", -6, "u", -3, "m", 0, "", 3, "k", 6, "M", 9, "G", 12, "T", 15, "P", 18, "E");

  private static final int NANO_SCALE = 9;
  private static final BigDecimal MAX_BINARY = BigDecimal.valueOf(Long.MAX_VALUE);
  private static final BigDecimal LONG_MAX = BigDecimal.valueOf(Long.MAX_VALUE);
  private static final BigDecimal LONG_MIN = BigDecimal.valueOf(Long.MIN_VALUE);
  private static final BigDecimal KIBI = BigDecimal.valueOf(1024);
  private static final BigInteger KIBI_INT = BigInteger.valueOf(1024);

  public static final Quantity ZERO = new Quantity(BigDecimal.ZERO, Format.DECIMAL_SI);

  private final BigDecimal amount;
  private final Format format;

  private Quantity(BigDecimal amount, Format format) {
    this.amount = normalise(amount);
    this.format = format;
  }

  /** A quantity of an exact amount in base units, written in the given family. */
  public static Quantity of(BigDecimal amount, Format format) {
    return new Quantity(roundToNano(amount), format);
  }

  /** A quantity of {@code milli / 1000} base units, decimal SI (e.g. CPU {@code 250m}). */
  public static Quantity ofMilli(long milli) {
    return new Quantity(BigDecimal.valueOf(milli, 3), Format.DECIMAL_SI);
  }

  /**
   * Parses a quantity string.
   *
   * @throws IllegalArgumentException with apimachinery's message when it is not a quantity
   */
  public static Quantity parse(String text) {
    if (text == null || text.isEmpty() || !SYNTAX.matcher(text).matches()) {
      throw new IllegalArgumentException(ERR_FORMAT);
    }
    int pos = 0;
    int end = text.length();
    boolean negative = false;
    if (text.charAt(0) == '-' || text.charAt(0) == '+') {
      negative = text.charAt(0) == '-';
      pos++;
    }
    int numStart = pos;
    while (pos < end && isDigit(text.charAt(pos))) {
      pos++;
    }
    String num = text.substring(numStart, pos);
    String denom = "";
    if (pos < end && text.charAt(pos) == '.') {
      pos++;
      int denomStart = pos;
      while (pos < end && isDigit(text.charAt(pos))) {
        pos++;
      }
      denom = text.substring(denomStart, pos);
    }
    // the suffix: SI letters, then an optional signed exponent; anything else (a second '.') is
    // the format error Go reports too
    int suffixStart = pos;
    while (pos < end && "eEinumkKMGTP".indexOf(text.charAt(pos)) >= 0) {
      pos++;
    }
    if (pos < end && (text.charAt(pos) == '-' || text.charAt(pos) == '+')) {
      pos++;
    }
    while (pos < end && isDigit(text.charAt(pos))) {
      pos++;
    }
    if (pos != end) {
      throw new IllegalArgumentException(ERR_FORMAT);
    }
    String suffix = text.substring(suffixStart);

    int base;
    int exponent;
    Format format;
    if (DECIMAL_SUFFIXES.containsKey(suffix)) {
      base = 10;
      exponent = DECIMAL_SUFFIXES.get(suffix);
      format = Format.DECIMAL_SI;
    } else if (BINARY_SUFFIXES.containsKey(suffix)) {
      base = 2;
      exponent = BINARY_SUFFIXES.get(suffix);
      format = Format.BINARY_SI;
    } else if (suffix.length() > 1 && (suffix.charAt(0) == 'e' || suffix.charAt(0) == 'E')) {
      base = 10;
      format = Format.DECIMAL_EXPONENT;
      try {
        exponent = Integer.parseInt(suffix.substring(1));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(ERR_SUFFIX);
      }
      if (Math.abs((long) exponent) > 1_000_000_000L) {
        throw new IllegalArgumentException(ERR_SUFFIX);
      }
    } else {
      throw new IllegalArgumentException(ERR_SUFFIX);
    }

    String digits = num + denom;
    BigInteger unscaled = digits.isEmpty() ? BigInteger.ZERO : new BigInteger(digits);
    BigDecimal amount = new BigDecimal(negative ? unscaled.negate() : unscaled, denom.length());
    if (base == 10) {
      amount = amount.scaleByPowerOfTen(exponent);
    } else {
      amount = amount.multiply(new BigDecimal(BigInteger.ONE.shiftLeft(exponent)));
    }
    amount = roundToNano(amount);
    if (format == Format.BINARY_SI) {
      // Go caps binary quantities at the int64 maximum
      if (amount.abs().compareTo(MAX_BINARY) > 0) {
        amount = amount.signum() < 0 ? MAX_BINARY.negate() : MAX_BINARY;
      }
      if (amount.signum() != 0 && amount.abs().compareTo(BigDecimal.ONE) < 0) {
        format = Format.DECIMAL_SI;
      }
    }
    return new Quantity(amount, format);
  }

  /** The exact amount in base units (e.g. {@code 0.1} for {@code 100m}). */
  public BigDecimal value() {
    return amount;
  }

  /** The family the quantity is written in. */
  public Format format() {
    return format;
  }

  public int signum() {
    return amount.signum();
  }

  public boolean isZero() {
    return amount.signum() == 0;
  }

  /**
   * The amount in thousandths, any remaining fraction rounded away from zero (Go's MilliValue:
   * {@code 1n -> 1}, {@code 1.0001 -> 1001}); saturates at the long range instead of overflowing.
   */
  public long milliValue() {
    return roundedLong(amount.movePointRight(3));
  }

  /**
   * The amount as a whole number, any fraction rounded away from zero (Go's Value: {@code 100m ->
   * 1}); saturates at the long range instead of overflowing.
   */
  public long longValue() {
    return roundedLong(amount);
  }

  @Override
  public int compareTo(Quantity other) {
    return amount.compareTo(other.amount);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Quantity other && amount.compareTo(other.amount) == 0;
  }

  @Override
  public int hashCode() {
    return amount.stripTrailingZeros().hashCode();
  }

  /**
   * Go's canonical text ({@code Quantity.String()} without the cached input string): {@code 0.1 ->
   * 100m}, {@code 1000m -> 1}, {@code 1024Mi -> 1Gi}, {@code 1.5Gi -> 1536Mi}, {@code 1e3 -> 1e3}.
   */
  public String canonical() {
    if (amount.signum() == 0) {
      return "0";
    }
    Format fmt = format;
    if (fmt == Format.BINARY_SI) {
      boolean small = amount.abs().compareTo(KIBI) < 0;
      boolean whole = amount.stripTrailingZeros().scale() <= 0;
      if (small || !whole) {
        fmt = Format.DECIMAL_SI; // avoids rounding and hopefully confusion, as Go says
      }
    }
    if (fmt == Format.BINARY_SI) {
      BigInteger n = amount.toBigIntegerExact();
      BigInteger magnitude = n.abs();
      int power = 0;
      while (power < BINARY_BY_POWER.length - 1
          && magnitude.compareTo(KIBI_INT) >= 0
          && magnitude.mod(KIBI_INT).signum() == 0) {
        magnitude = magnitude.divide(KIBI_INT);
        power++;
      }
      return (n.signum() < 0 ? "-" : "") + magnitude + BINARY_BY_POWER[power];
    }
    BigDecimal stripped = amount.stripTrailingZeros();
    BigInteger mantissa = stripped.unscaledValue();
    int exponent = -stripped.scale();
    int exp3 = Math.floorDiv(exponent, 3) * 3;
    if (fmt == Format.DECIMAL_SI && exp3 > 18) {
      exp3 = 18; // beyond exa there is no SI suffix; Go would print no suffix at all here
    }
    mantissa = mantissa.multiply(BigInteger.TEN.pow(exponent - exp3));
    if (fmt == Format.DECIMAL_EXPONENT) {
      return mantissa + (exp3 == 0 ? "" : "e" + exp3);
    }
    return mantissa + DECIMAL_BY_EXPONENT.get(exp3);
  }

  @Override
  public String toString() {
    return canonical();
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  /** Rounds a non-zero amount finer than nano away from zero to 9 decimal places. */
  private static BigDecimal roundToNano(BigDecimal amount) {
    if (amount.signum() != 0 && amount.scale() > NANO_SCALE) {
      return amount.setScale(NANO_SCALE, RoundingMode.UP);
    }
    return amount;
  }

  /** Strips trailing zeros, but keeps whole numbers of reasonable size in plain form (scale 0). */
  private static BigDecimal normalise(BigDecimal amount) {
    BigDecimal stripped = amount.stripTrailingZeros();
    if (stripped.scale() < 0 && stripped.precision() - (long) stripped.scale() <= 400) {
      return stripped.setScale(0);
    }
    return stripped;
  }

  private static long roundedLong(BigDecimal x) {
    if (x.compareTo(LONG_MAX) > 0) {
      return Long.MAX_VALUE;
    }
    if (x.compareTo(LONG_MIN) < 0) {
      return Long.MIN_VALUE;
    }
    return x.setScale(0, RoundingMode.UP).longValueExact();
  }
}
