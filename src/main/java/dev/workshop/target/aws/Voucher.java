package dev.workshop.target.aws;

import dev.workshop.WorkshopException;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The sign-in values a facilitator hands an attendee, one {@code key = value} a line with {@code #} comments, in
 * UTF-8; keys id, start_url, sso_region, account, role, region; any other key is an error. Absent keys are null.
 */
public record Voucher(String id, String startUrl, String ssoRegion, String account, String role, String region) {
    public static final List<String> KEYS = List.of("id", "start_url", "sso_region", "account", "role", "region");

    private static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-\\d{1,2}");
    private static final Pattern ACCOUNT = Pattern.compile("\\d{12}");
    // The portal's role is named after the permission set: 1-32 characters of [\w+=,.@-]
    // (https://docs.aws.amazon.com/singlesignon/latest/APIReference/API_CreatePermissionSet.html).
    private static final Pattern ROLE = Pattern.compile("[\\w+=,.@-]{1,32}");
    private static final Pattern START_URL = Pattern.compile("https://[^\\s/]+(/\\S*)?");

    public static Voucher read(Path file) {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(Files.readAllBytes(file))).toString();
        } catch (CharacterCodingException e) {
            throw WorkshopException.usage("The voucher " + file + " is not UTF-8 text.", "ask your facilitator for the voucher file again");
        } catch (IOException e) {
            throw WorkshopException.usage("Cannot read the voucher " + file + ": " + e.getMessage(), "workshop login --voucher <the file your facilitator gave you>");
        }
        if (text.startsWith("\uFEFF")) text = text.substring(1);
        Map<String, String> values = new LinkedHashMap<>();
        String[] lines = text.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#")) continue;
            int eq = line.indexOf('=');
            String where = file + " line " + (i + 1);
            if (eq < 0) {
                throw WorkshopException.usage("The voucher " + where + " is not 'key = value': " + line,
                        "fix the line, or pass the values as options: workshop login --help");
            }
            String key = line.substring(0, eq).strip();
            if (!KEYS.contains(key)) {
                throw WorkshopException.usage("The voucher " + where + " has an unknown key '" + key + "'; the keys are "
                        + String.join(", ", KEYS) + ".", "fix the key, or ask your facilitator for the voucher again");
            }
            if (values.put(key, line.substring(eq + 1).strip()) != null) {
                throw WorkshopException.usage("The voucher " + where + " repeats the key '" + key + "'.", "keep one of the two lines");
            }
        }
        return new Voucher(blank(values.get("id")), blank(values.get("start_url")), blank(values.get("sso_region")),
                blank(values.get("account")), blank(values.get("role")), blank(values.get("region")));
    }

    /** The voucher file's text, in the order and form {@link #read} reads. */
    public String text() {
        StringBuilder b = new StringBuilder("# DynamoDB workshop voucher" + (id == null ? "" : " for " + id) + "\n");
        String[] v = {id, startUrl, ssoRegion, account, role, region};
        for (int i = 0; i < KEYS.size(); i++) {
            if (v[i] != null) b.append(KEYS.get(i)).append(" = ").append(v[i]).append('\n');
        }
        return b.toString();
    }

    /** Each value given is well formed; a bad one is a usage error naming the option that carries it. */
    public Voucher validate() {
        List<String> problems = problems(startUrl, ssoRegion, account, role, region, false);
        if (!problems.isEmpty()) {
            String option = problems.get(0).substring(0, problems.get(0).indexOf(' '));
            throw WorkshopException.usage("Invalid " + problems.get(0) + ".", "check the value on your voucher, then: workshop login " + option + " <value>");
        }
        return this;
    }

    /**
     * What is wrong with these values, one line each naming its option ("--account must be ..."), so a facilitator
     * sees every problem of a roster's vouchers at once.
     *
     * @param required whether a missing value is a problem (a voucher a facilitator writes has them all)
     */
    public static List<String> problems(String startUrl, String ssoRegion, String account, String role, String region, boolean required) {
        List<String> out = new java.util.ArrayList<>();
        check(out, "--start-url", startUrl, required, START_URL.matcher(String.valueOf(startUrl)).matches(),
                "the AWS access portal URL, https://d-xxxxxxxxxx.awsapps.com/start");
        check(out, "--sso-region", ssoRegion, required, REGION.matcher(String.valueOf(ssoRegion)).matches(), "a Region such as us-east-1");
        check(out, "--account", account, required, ACCOUNT.matcher(String.valueOf(account)).matches(), "the 12-digit AWS account id");
        check(out, "--role", role, required, ROLE.matcher(String.valueOf(role)).matches(),
                "the permission set's name: 1 to 32 letters, digits or +=,.@_-");
        check(out, "--region", region, required, REGION.matcher(String.valueOf(region)).matches(), "a Region such as us-east-1");
        return out;
    }

    private static void check(List<String> out, String option, String value, boolean required, boolean ok, String rule) {
        if (value == null ? required : !ok) out.add(option + " must be " + rule + " (got " + value + ")");
    }

    /** These values, with the other's filling what this one lacks. */
    public Voucher or(Voucher other) {
        return new Voucher(id != null ? id : other.id, startUrl != null ? startUrl : other.startUrl,
                ssoRegion != null ? ssoRegion : other.ssoRegion, account != null ? account : other.account,
                role != null ? role : other.role, region != null ? region : other.region);
    }

    private static String blank(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
