package dev.workshop.access;

import dev.workshop.model.AttendeeId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Who is acting. An attendee is modelled as a session of the WorkshopStudent role tagged AttendeeId=&lt;id&gt;;
 * the administrator (facilitator, or a self-learner's own credentials) is allowed everything without evaluation.
 */
public record AccessPrincipal(String roleName, String sessionName, Map<String, String> tags, boolean isAdmin) {
    public static final String STUDENT_ROLE = "WorkshopStudent";
    /** A stand-in role id: for an assumed role, aws:userid is "role-id:session-name". */
    static final String STUDENT_ROLE_ID = "AROAWORKSHOPSTUDENT";

    public AccessPrincipal {
        tags = Map.copyOf(tags);
    }

    public static AccessPrincipal attendee(AttendeeId id) {
        return new AccessPrincipal(STUDENT_ROLE, id.value(), Map.of(AttendeePolicy.TAG_KEY, id.value()), false);
    }

    public static AccessPrincipal administrator() {
        return new AccessPrincipal("WorkshopAdmin", "admin", Map.of(), true);
    }

    /** The caller ARN as it appears in AccessDeniedException messages. */
    public String arn(String account) {
        return "arn:aws:sts::" + account + ":assumed-role/" + roleName + "/" + sessionName;
    }

    /**
     * The principal's request context keys. aws:username is absent, as it is for assumed roles.
     * See https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html#policy-vars-infotouse
     */
    public Map<String, List<String>> contextKeys(String account) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        tags.forEach((k, v) -> out.put("aws:PrincipalTag/" + k, List.of(v)));
        out.put("aws:userid", List.of(STUDENT_ROLE_ID + ":" + sessionName));
        out.put("aws:PrincipalArn", List.of("arn:aws:iam::" + account + ":role/" + roleName));
        out.put("aws:PrincipalAccount", List.of(account));
        return out;
    }
}
