package dev.workshop.model;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The seeds' multi-tenant issue tracker (companies, users, teams, issues, comments) for one attendee, deterministic
 * per id so that a re-run of bootstrap writes exactly the same items and lab checks can compute expected answers.
 */
public record SampleData(List<Company> companies, List<User> users, List<Team> teams, List<Issue> issues, List<Comment> comments) {

    public static final int COMPANIES = 3;
    public static final int USERS_PER_COMPANY = 10;
    public static final int TEAMS_PER_COMPANY = 2;
    public static final int ISSUES = 200;
    public static final int COMMENTS = 500;

    public static final List<String> STATUSES = List.of("OPEN", "IN_PROGRESS", "CLOSED");
    public static final List<String> PRIORITIES = List.of("P1", "P2", "P3");
    public static final List<String> TIERS = List.of("Basic", "Premium", "Platinum");

    public record Company(String id, String name, String tier) {}

    public record User(String id, String companyId, String name, String email, String role, String teamId) {}

    public record Team(String id, String companyId, String name, String leadUserId) {}

    public record Issue(String id, String companyId, String title, String status, String priority,
                        String assigneeId, String teamId, String reporterId, String created) {
        public boolean isOpen() {
            return !"CLOSED".equals(status);
        }

        public boolean isUrgent() {
            return "OPEN".equals(status) && "P1".equals(priority);
        }
    }

    public record Comment(String id, String issueId, String companyId, String authorId, String created, String text) {}

    private static final String[] COMPANY_NAMES = {"TechStart Solutions", "DevCorp Enterprise", "Northwind Labs",
            "Blue Harbor", "Acme Widgets", "Kestrel Systems"};
    private static final String[] FIRST = {"John", "Sarah", "Mike", "Lisa", "Alex", "Priya", "Chen", "Maria", "Tom",
            "Aisha", "Ken", "Olga", "Diego", "Yuki", "Sam", "Nora"};
    private static final String[] LAST = {"Smith", "Johnson", "Lee", "Garcia", "Brown", "Tan", "Nguyen", "Khan",
            "Silva", "Muller", "Sato", "Okafor"};
    private static final String[] ROLES = {"OWNER", "SUPERVISOR", "OPERATOR", "OPERATOR"};
    private static final String[] TEAM_NAMES = {"Backend Development", "Frontend Experience", "Platform", "Support"};
    private static final String[] AREAS = {"login page", "billing export", "search", "dark mode", "API rate limits",
            "mobile sync", "audit log", "SSO setup", "dashboard", "notifications"};
    private static final String[] PROBLEMS = {"loads slowly", "times out", "shows wrong totals", "needs a toggle",
            "fails for new users", "crashes on save", "is missing a field", "returns 500"};

    public static SampleData generate(AttendeeId id) {
        Random rnd = new Random(id.value().hashCode() * 31L + 7);
        List<Company> companies = new ArrayList<>();
        List<User> users = new ArrayList<>();
        List<Team> teams = new ArrayList<>();
        for (int c = 1; c <= COMPANIES; c++) {
            String cid = String.format("c%02d", c);
            companies.add(new Company(cid, COMPANY_NAMES[(c - 1 + rnd.nextInt(3)) % COMPANY_NAMES.length], TIERS.get(c - 1)));
            for (int t = 1; t <= TEAMS_PER_COMPANY; t++) {
                String tid = String.format("%s-t%d", cid, t);
                String lead = String.format("%s-u%02d", cid, t);
                teams.add(new Team(tid, cid, TEAM_NAMES[(c + t) % TEAM_NAMES.length], lead));
            }
            for (int u = 1; u <= USERS_PER_COMPANY; u++) {
                String uid = String.format("%s-u%02d", cid, u);
                String first = FIRST[rnd.nextInt(FIRST.length)];
                String last = LAST[rnd.nextInt(LAST.length)];
                String email = (first + "." + last + u).toLowerCase() + "@" + cid + ".example.com";
                users.add(new User(uid, cid, first + " " + last, email, ROLES[Math.min(u - 1, ROLES.length - 1)],
                        String.format("%s-t%d", cid, 1 + (u % TEAMS_PER_COMPANY))));
            }
        }
        List<Issue> issues = new ArrayList<>();
        LocalDate start = LocalDate.of(2024, 1, 1);
        for (int i = 1; i <= ISSUES; i++) {
            Company company = companies.get((i - 1) % COMPANIES);
            List<User> staff = users.stream().filter(u -> u.companyId().equals(company.id())).toList();
            User assignee = staff.get(rnd.nextInt(staff.size()));
            User reporter = staff.get(rnd.nextInt(staff.size()));
            String status = STATUSES.get(rnd.nextInt(10) < 4 ? 0 : rnd.nextInt(10) < 5 ? 1 : 2);
            String priority = PRIORITIES.get(rnd.nextInt(10) < 2 ? 0 : 1 + rnd.nextInt(2));
            String title = capitalise(AREAS[rnd.nextInt(AREAS.length)]) + " " + PROBLEMS[rnd.nextInt(PROBLEMS.length)];
            issues.add(new Issue(String.format("i%04d", i), company.id(), title, status, priority, assignee.id(),
                    assignee.teamId(), reporter.id(), start.plusDays(i / 2).toString() + String.format("T%02d:%02d:00Z", i % 24, (i * 7) % 60)));
        }
        // Lab 2's sparse index must show something for every company: a company that drew no open P1 issue
        // (about 1 id in 250) gets its newest issue opened as P1, deterministically.
        for (Company company : companies) {
            if (issues.stream().noneMatch(i -> i.companyId().equals(company.id()) && i.isUrgent())) {
                int last = lastIndexOf(issues, company.id());
                Issue i = issues.get(last);
                issues.set(last, new Issue(i.id(), i.companyId(), i.title(), "OPEN", "P1", i.assigneeId(), i.teamId(),
                        i.reporterId(), i.created()));
            }
        }
        List<Comment> comments = new ArrayList<>();
        for (int m = 1; m <= COMMENTS; m++) {
            Issue issue = issues.get(rnd.nextInt(issues.size()));
            List<User> staff = users.stream().filter(u -> u.companyId().equals(issue.companyId())).toList();
            User author = staff.get(rnd.nextInt(staff.size()));
            String created = LocalDate.parse(issue.created().substring(0, 10)).plusDays(1 + rnd.nextInt(20))
                    + String.format("T%02d:%02d:%02dZ", rnd.nextInt(24), rnd.nextInt(60), m % 60);
            comments.add(new Comment(String.format("m%04d", m), issue.id(), issue.companyId(), author.id(), created,
                    "Looked into " + issue.title().toLowerCase() + " (" + m + ")"));
        }
        return new SampleData(List.copyOf(companies), List.copyOf(users), List.copyOf(teams), List.copyOf(issues), List.copyOf(comments));
    }

    public User user(String userId) {
        return users.stream().filter(u -> u.id().equals(userId)).findFirst().orElseThrow();
    }

    public int size() {
        return companies.size() + users.size() + teams.size() + issues.size() + comments.size();
    }

    private static int lastIndexOf(List<Issue> issues, String companyId) {
        for (int k = issues.size() - 1; k >= 0; k--) {
            if (issues.get(k).companyId().equals(companyId)) return k;
        }
        throw new IllegalStateException("no issue for company " + companyId);
    }

    private static String capitalise(String s) {
        return Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
