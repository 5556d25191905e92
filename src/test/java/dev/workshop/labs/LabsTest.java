package dev.workshop.labs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The guide is the single source of the narration: every lab's steps and its guide's sections must agree. */
class LabsTest {
    @Test
    void everyGuideMatchesItsLabStepForStep() {
        assertFalse(Labs.all().isEmpty());
        for (Lab lab : Labs.all()) {
            Guide guide = Guide.load(lab.guideFile());
            List<Step> steps = lab.steps();
            assertFalse(guide.title().isBlank(), lab.name() + ": the guide has a # title");
            assertFalse(guide.introduction().isBlank(), lab.name() + ": the guide has an introduction");
            assertEquals(steps.size(), guide.steps().size(), lab.name() + ": as many guide sections as steps");
            for (int i = 0; i < steps.size(); i++) {
                assertEquals(i + 1, guide.steps().get(i).number(), lab.name() + ": sections numbered in order");
                assertEquals(steps.get(i).title(), guide.steps().get(i).title(), lab.name() + " step " + (i + 1));
                assertFalse(guide.steps().get(i).text().isBlank(), lab.name() + " step " + (i + 1) + " is narrated");
            }
        }
    }

    @Test
    void labsAreInWorkshopOrderWithUniqueNames() {
        List<Lab> labs = Labs.all();
        for (int i = 0; i < labs.size(); i++) assertEquals(i + 1, labs.get(i).number(), labs.get(i).name());
        assertEquals(List.of("no-joins", "single-table", "hot-partitions", "abac", "personal-gsis"),
                labs.stream().map(Lab::name).toList(), "the five labs of DESIGN.md, in workshop order");
        assertEquals(labs.size(), labs.stream().map(Lab::name).distinct().count());
        assertEquals(List.of("no-joins", "single-table"), labs.stream().map(Lab::name).limit(2).toList());
        assertTrue(Labs.byName("no-joins").orElseThrow() instanceof NoJoinsLab);
        assertTrue(Labs.byName("single-table").orElseThrow() instanceof SingleTableLab);
    }

    @Test
    void guideEmphasisAndCodeSpansThatWrapAreStyledNotLiteral() {
        String md = "A screen shows **a company with its users and its open\nissues** and `ATT#<id>#COMPANY#c01` keys.\n\n- item\n  more\n\n```\ncode  line\n```";
        java.io.StringWriter sink = new java.io.StringWriter();
        dev.workshop.console.Console plain = new dev.workshop.console.Console(new java.io.PrintWriter(sink), new java.io.PrintWriter(sink), false, false, 30);
        List<String> lines = dev.workshop.console.Markdown.render(md, 30, plain);
        String text = String.join("\n", lines);
        assertTrue(lines.stream().allMatch(l -> l.length() <= 30), text);
        assertTrue(!text.contains("**") && !text.contains("`"), text);
        assertTrue(text.contains("ATT#<id>#COMPANY#c01"), text);
        assertTrue(text.contains("    code  line"), text);
        dev.workshop.console.Console color = new dev.workshop.console.Console(new java.io.PrintWriter(sink), new java.io.PrintWriter(sink), true, true, 30);
        String styled = String.join("\n", dev.workshop.console.Markdown.render(md, 30, color));
        assertTrue(styled.contains("\u001b[1m") && !styled.contains("**"), styled);
    }
}
