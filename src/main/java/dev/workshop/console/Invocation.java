package dev.workshop.console;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Makes every command the tool prints one the user can paste. Messages say {@code workshop status ...}; outside the
 * Codespace (where the launcher is on the PATH) only {@code ./workshop} exists, so the launcher passes how it was
 * invoked, and text is rewritten with it before it is wrapped to the width (so the longer form still fits).
 */
public final class Invocation {
    private static final Pattern COMMAND = Pattern.compile("(?<![\\w./#@-])workshop(?= (?:bootstrap|no-joins|single-table|"
            + "hot-partitions|abac|personal-gsis|status|metrics|cleanup|shell|guide|roster|setup|policy|completion|help|"
            + "login|logout|vouchers|local)\\b)");

    private static volatile String invocation = "workshop";

    private Invocation() {}

    /** How this process was started (the launcher's WORKSHOP_INVOCATION); null or blank: {@code workshop}. */
    public static void set(String how) {
        if (how == null || how.isBlank()) {
            invocation = "workshop";
        } else {
            invocation = how.matches("[A-Za-z0-9_./~+-]+") ? how : "'" + how.replace("'", "'\\''") + "'";
        }
    }

    /** The text with each {@code workshop <command>} in the form the user can run. */
    public static String commands(String text) {
        String how = invocation;
        if (how.equals("workshop") || text == null || !text.contains("workshop ")) return text;
        return COMMAND.matcher(text).replaceAll(Matcher.quoteReplacement(how));
    }
}
