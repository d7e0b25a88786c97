package io.confchat.cli;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * A duration as people type it: a whole number and a unit, {@code ms}, {@code s}, {@code m} or
 * {@code h} ({@code 30s}, {@code 5m}, {@code 1h}); at least one second, at most a day.
 */
final class DurationConverter implements ITypeConverter<Duration> {
    private static final Pattern FORM = Pattern.compile("(\\d{1,9})(ms|s|m|h)");
    static final Duration MIN = Duration.ofSeconds(1);
    static final Duration MAX = Duration.ofDays(1);

    @Override
    public Duration convert(String value) {
        Matcher m = FORM.matcher(value.trim());
        if (!m.matches()) {
            throw new TypeConversionException(
                    "'" + value + "' is not a duration: give a number and a unit, e.g. 30s, 5m or 1h");
        }
        long n = Long.parseLong(m.group(1));
        Duration d = switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            default -> Duration.ofHours(n);
        };
        if (d.compareTo(MIN) < 0 || d.compareTo(MAX) > 0) {
            throw new TypeConversionException("'" + value + "' is out of range: from 1s to 24h");
        }
        return d;
    }
}
