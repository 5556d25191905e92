package dev.workshop.access;

import dev.workshop.access.ConditionOperator.Base;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * How the non-string operator families read their values, as the IAM condition operator page describes them:
 * numbers, dates (ISO 8601 or epoch seconds), IP addresses against CIDR blocks (IPv4 and IPv6), and ARNs compared
 * segment by segment with '*' and '?' inside each.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html
 */
final class Values {
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");

    private Values() {}

    /** Whether a request value can be read as the family needs (strings, booleans and binaries always can). */
    static boolean readable(ConditionOperator.Family family, String value) {
        return switch (family) {
            case NUMERIC -> number(value).isPresent();
            case DATE -> date(value).isPresent();
            case IP_ADDRESS -> literal(value.trim()) != null;
            case ARN -> value.split(":", 6).length == 6;
            default -> true;
        };
    }

    static String describe(ConditionOperator.Family family) {
        return switch (family) {
            case NUMERIC -> "a number";
            case DATE -> "a date";
            case IP_ADDRESS -> "an IP address";
            case ARN -> "an ARN";
            default -> "a value";
        };
    }

    static Optional<BigDecimal> number(String s) {
        try {
            return Optional.of(new BigDecimal(s.trim()));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** ISO 8601 (a date, or a date and time with offset) or epoch seconds. */
    static Optional<Instant> date(String s) {
        String t = s.trim();
        if (t.matches("-?\\d+")) return Optional.of(Instant.ofEpochSecond(Long.parseLong(t)));
        try {
            return Optional.of(OffsetDateTime.parse(t).toInstant());
        } catch (DateTimeParseException e) {
            // not a date-time with offset
        }
        try {
            return Optional.of(Instant.parse(t));
        } catch (DateTimeParseException e) {
            // not an instant
        }
        try {
            return Optional.of(LocalDate.parse(t).atStartOfDay().toInstant(ZoneOffset.UTC));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    static boolean ordered(Base base, int comparison) {
        return switch (base.order) {
            case EQ -> comparison == 0;
            case LT -> comparison < 0;
            case LTE -> comparison <= 0;
            case GT -> comparison > 0;
            case GTE -> comparison >= 0;
        };
    }

    /** Whether an IP address is in a CIDR block (a bare address is its own /32 or /128). Never resolves names. */
    static boolean inCidr(String address, String cidr) {
        String[] parts = cidr.trim().split("/", 2);
        byte[] net = literal(parts[0]);
        byte[] ip = literal(address.trim());
        if (net == null || ip == null || net.length != ip.length) return false;
        int bits;
        try {
            bits = parts.length == 2 ? Integer.parseInt(parts[1]) : net.length * 8;
        } catch (NumberFormatException e) {
            return false;
        }
        if (bits < 0 || bits > net.length * 8) return false;
        for (int i = 0; i < bits; i++) {
            int mask = 0x80 >> (i % 8);
            if ((net[i / 8] & mask) != (ip[i / 8] & mask)) return false;
        }
        return true;
    }

    private static byte[] literal(String s) {
        // Only numeric literals reach InetAddress, so no name is ever looked up.
        if (!IPV4.matcher(s).matches() && !IPV6.matcher(s).matches()) return null;
        try {
            return java.net.InetAddress.getByName(s).getAddress();
        } catch (java.net.UnknownHostException | SecurityException e) {
            return null;
        }
    }

    /**
     * ArnEquals and ArnLike: "Each of the six colon-delimited components of the ARN is checked separately and each
     * can include multi-character match wildcards (*) or single-character match wildcards (?)." Case-sensitive.
     */
    static boolean arnMatches(String pattern, String arn) {
        String[] p = pattern.split(":", 6);
        String[] a = arn.split(":", 6);
        if (p.length != 6 || a.length != 6) return false;
        for (int i = 0; i < 6; i++) {
            if (!Patterns.glob(p[i], a[i], true)) return false;
        }
        return true;
    }
}
