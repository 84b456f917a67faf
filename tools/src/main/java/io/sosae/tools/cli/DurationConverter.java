package io.sosae.tools.cli;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Reads a duration option the way people type one: plain seconds ({@code 120}, {@code 1.5}), a
 * number with a unit ({@code 500ms}, {@code 120s}, {@code 2m}, {@code 1h}, also combined as
 * {@code 1m30s}) or ISO-8601 ({@code PT120S}, {@code PT2M}). Negative durations are refused;
 * whether zero is allowed is the command's decision.
 */
final class DurationConverter implements ITypeConverter<Duration> {
    /** How the accepted forms are described in help texts and error messages. */
    static final String FORMS =
            "seconds (120), a number with a unit ms, s, m or h (120s, 2m, 1m30s) or ISO-8601 (PT120S)";

    private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d+)?|\\.\\d+)(ms|s|m|h)");
    private static final Pattern PLAIN_SECONDS = Pattern.compile("\\d+(?:\\.\\d+)?|\\.\\d+");

    @Override
    public Duration convert(String value) {
        return parse(value);
    }

    /** Parses {@code value} or throws a {@link TypeConversionException} that says what is accepted. */
    static Duration parse(String value) {
        String v = value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
        if (v.isEmpty()) {
            throw invalid(value);
        }
        Duration d;
        if (v.startsWith("p") || v.startsWith("-p") || v.startsWith("+p")) {
            try {
                d = Duration.parse(v.toUpperCase(Locale.ROOT));
            } catch (DateTimeParseException e) {
                throw invalid(value);
            }
        } else if (PLAIN_SECONDS.matcher(v).matches()) {
            d = of(new BigDecimal(v), "s");
        } else {
            d = Duration.ZERO;
            Matcher m = PART.matcher(v);
            int at = 0;
            while (at < v.length() && m.find(at) && m.start() == at) {
                try {
                    d = d.plus(of(new BigDecimal(m.group(1)), m.group(2)));
                } catch (ArithmeticException e) {
                    throw new TypeConversionException("'" + value + "' is too long a duration");
                }
                at = m.end();
            }
            if (at != v.length()) {
                throw invalid(value);
            }
        }
        if (d.isNegative()) {
            throw new TypeConversionException("'" + value + "' is negative: a duration must be zero or more");
        }
        return d;
    }

    private static Duration of(BigDecimal amount, String unit) {
        BigDecimal nanosPerUnit =
                switch (unit) {
                    case "ms" -> BigDecimal.valueOf(1_000_000L);
                    case "s" -> BigDecimal.valueOf(1_000_000_000L);
                    case "m" -> BigDecimal.valueOf(60_000_000_000L);
                    case "h" -> BigDecimal.valueOf(3_600_000_000_000L);
                    default -> throw new IllegalStateException(unit);
                };
        BigDecimal nanos = amount.multiply(nanosPerUnit);
        if (nanos.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
            throw new TypeConversionException("'" + amount.toPlainString() + unit + "' is too long a duration");
        }
        return Duration.ofNanos(nanos.longValue());
    }

    private static TypeConversionException invalid(String value) {
        return new TypeConversionException("'" + value + "' is not a duration: use " + FORMS);
    }
}
