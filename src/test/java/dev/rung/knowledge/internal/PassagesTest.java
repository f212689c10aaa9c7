package dev.rung.knowledge.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import java.util.List;

/** How documents are split into passages a model can cite. */
class PassagesTest {

    @Test
    void markdownPassagesStayWithinTheirSection() {
        List<Passages.Passage> passages =
                Passages.of(
                        Passages.ContentType.MARKDOWN,
                        """
                        Intro line.

                        ## Pro
                        Costs $49
                        per seat.

                        Includes chat support.

                        ## Enterprise
                        Quoted per contract.
                        """);

        assertThat(passages)
                .containsExactly(
                        new Passages.Passage(null, "Intro line."),
                        new Passages.Passage("Pro", "Costs $49 per seat. Includes chat support."),
                        new Passages.Passage("Enterprise", "Quoted per contract."));
    }

    @Test
    void htmlBlocksAreReadOnceEvenWhenNested() {
        List<Passages.Passage> passages =
                Passages.of(
                        Passages.ContentType.HTML,
                        """
                        <h1>Refunds</h1><ul><li><p>Within 30 days: in full.</p></li><li>Later: credit.</li></ul>
                        <script>ignored()</script><table><tr><td>Monthly</td><td>no refund</td></tr></table>
                        """);

        assertThat(passages).hasSize(1);
        assertThat(passages.getFirst().heading()).isEqualTo("Refunds");
        assertThat(passages.getFirst().text())
                .isEqualTo("Within 30 days: in full. Later: credit. Monthly no refund");
    }

    @Test
    void aLongParagraphIsSplitAtSentenceEndsAndShortOnesAreGathered() {
        String sentence = "This sentence is about forty characters. ";
        String longParagraph = sentence.repeat(40).strip();

        List<Passages.Passage> passages = Passages.of(Passages.ContentType.TEXT, longParagraph);

        assertThat(passages.size()).isGreaterThan(1);
        assertThat(passages)
                .allSatisfy(
                        passage -> {
                            assertThat(passage.text().length())
                                    .isLessThanOrEqualTo(Passages.TARGET);
                            assertThat(passage.text()).endsWith(".");
                        });
        assertThat(String.join(" ", passages.stream().map(Passages.Passage::text).toList()))
                .isEqualTo(longParagraph);
    }
}
