package dev.workshop.cli;

import dev.workshop.WorkshopException;
import dev.workshop.model.AttendeeId;
import dev.workshop.target.aws.RememberedLogin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code --id}, or ATTENDEE_ID from the environment (as the seed guide exports it), or the id of workshop login. */
public final class AttendeeOptions {
    @Spec(Spec.Target.MIXEE)
    CommandSpec mixee;

    @Option(names = "--id", paramLabel = "ID", description = "Your attendee id (default: ATTENDEE_ID, then the id given to workshop login). " + AttendeeId.RULE + ".")
    String id;

    public boolean given(Env env) {
        return raw(env) != null;
    }

    private String raw(Env env) {
        if (id != null) return id;
        if (env.var("ATTENDEE_ID") != null) return env.var("ATTENDEE_ID");
        return RememberedLogin.load(env.workshopHome()).map(RememberedLogin::id).orElse(null);
    }

    public AttendeeId attendee(Env env) {
        String raw = raw(env);
        String cmd = "workshop " + mixee.qualifiedName(" ").replaceFirst("^workshop ", "");
        if (raw == null) {
            throw WorkshopException.usage("No attendee id: this command needs --id or ATTENDEE_ID.",
                    cmd + " --id alice   (or: export ATTENDEE_ID=alice)");
        }
        return parse(raw, cmd);
    }

    static AttendeeId parse(String raw, String cmd) {
        return parse(raw, cmd, "--id");
    }

    /** The id given to {@code option} of {@code cmd}; a bad one is a usage error whose fix is a valid id. */
    static AttendeeId parse(String raw, String cmd, String option) {
        try {
            return AttendeeId.of(raw);
        } catch (AttendeeId.InvalidAttendeeIdException e) {
            String suggestion = raw.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9-]", "-")
                    .replaceAll("^-+|-+$", "").replaceAll("-{2,}", "-");
            if (suggestion.length() > 32) suggestion = suggestion.substring(0, 32).replaceAll("-+$", "");
            if (!AttendeeId.isValid(suggestion)) suggestion = "alice";
            throw WorkshopException.usage(e.getMessage(), cmd + " " + option + " " + suggestion);
        }
    }
}
