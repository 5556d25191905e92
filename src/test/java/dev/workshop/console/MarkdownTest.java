package dev.workshop.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.Writer;
import java.util.List;
import org.junit.jupiter.api.Test;

class MarkdownTest {
    private static Console console(boolean color) {
        PrintWriter w = new PrintWriter(Writer.nullWriter());
        return new Console(w, w, color, color, 40);
    }

    private static final String GUIDE = """
            # Lab 9: Keys

            One query, **one** round trip: the `ATT#id#` prefix
            keeps _every_ attendee apart. See [the docs](https://example.com).

            ## Step 1: Look

            - a first item that is long enough to wrap onto a second line here
            - second
              1. nested

            ```
            aws dynamodb query --table-name ws-shared --key-condition-expression "PK = :p"
            ```

            > A note.

            After the list, a plain paragraph.
            """;

    @Test
    void plainRenderingDropsMarkupAndWraps() {
        List<String> lines = Markdown.render(GUIDE, 40, console(false));
        assertEquals("Lab 9: Keys", lines.get(0));
        assertEquals("═".repeat(11), lines.get(1));
        assertTrue(lines.contains("One query, one round trip: the ATT#id#"), lines.toString());
        assertTrue(lines.contains("prefix keeps every attendee apart. See"), "soft line breaks joined: " + lines);
        assertTrue(lines.contains("the docs (https://example.com)."), lines.toString());
        assertTrue(lines.contains("Step 1: Look"), lines.toString());
        int item = lines.indexOf("  • a first item that is long enough to");
        assertTrue(item > 0, lines.toString());
        assertEquals("    wrap onto a second line here", lines.get(item + 1), "hanging indent");
        assertTrue(lines.contains("    1. nested"), lines.toString());
        assertTrue(lines.contains("    aws dynamodb query --table-name ws-shared --key-condition-expression \"PK = :p\""),
                "code is indented and never wrapped: " + lines);
        assertTrue(lines.contains("│ A note."), lines.toString());
        assertEquals("After the list, a plain paragraph.", lines.get(lines.size() - 1), "no list indent after the list");
        for (String l : lines) {
            if (!l.startsWith("    aws")) assertTrue(l.length() <= 40, "wrapped to 40: '" + l + "'");
        }
    }

    @Test
    void colourPaintsInsteadOfShowingMarkupAndWrapsByVisibleWidth() {
        List<String> lines = Markdown.render(GUIDE, 40, console(true));
        String all = String.join("\n", lines);
        assertTrue(all.contains("\u001b[1mone\u001b[0m"), all);
        assertTrue(all.contains("\u001b[36mATT#id#\u001b[0m"), all);
        assertTrue(all.contains("\u001b[3mevery\u001b[0m"), all);
        for (String l : lines) {
            if (!l.contains("aws dynamodb")) assertTrue(Markdown.visible(l) <= 40, "visible width: '" + l + "'");
        }
    }

    @Test
    void codeSpansKeepTheirStarsAndUnderscores() {
        assertEquals("ATT#${aws:PrincipalTag/AttendeeId}#* and ws_shared_table",
                Markdown.inline("`ATT#${aws:PrincipalTag/AttendeeId}#*` and `ws_shared_table`", console(false)));
    }
}
