package dev.rung.knowledge.internal;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Element;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Splits a document into passages a model can cite: the blocks of each section (paragraphs, list
 * items, table rows), gathered up to about {@value #TARGET} characters without splitting a block,
 * each with the heading it sits under. A block longer than {@value #LONGEST} characters is split at
 * sentence ends.
 */
final class Passages {

    static final int TARGET = 600;
    static final int LONGEST = 1200;

    private static final String HTML_BLOCKS = "h1,h2,h3,h4,h5,h6,p,li,tr,pre";
    private static final Pattern MARKDOWN_HEADING = Pattern.compile("^#{1,6}\\s+(.*)$");
    private static final Pattern SENTENCE_END = Pattern.compile("(?<=[.!?])\\s+");

    private Passages() {}

    /** A passage before it has an id. */
    record Passage(String heading, String text) {}

    /** One block of text under a heading (null before the first). */
    private record Block(String heading, String text) {}

    static List<Passage> of(ContentType type, String content) {
        List<Block> blocks =
                switch (type) {
                    case MARKDOWN -> markdown(content);
                    case HTML -> html(content);
                    case TEXT -> paragraphs(null, content);
                };
        return gather(blocks);
    }

    private static List<Block> markdown(String content) {
        List<Block> blocks = new ArrayList<>();
        String heading = null;
        StringBuilder section = new StringBuilder();
        for (String line : content.split("\\R")) {
            var matcher = MARKDOWN_HEADING.matcher(line.strip());
            if (matcher.matches()) {
                blocks.addAll(paragraphs(heading, section.toString()));
                section.setLength(0);
                heading = matcher.group(1).strip();
            } else {
                section.append(line).append('\n');
            }
        }
        blocks.addAll(paragraphs(heading, section.toString()));
        return blocks;
    }

    private static List<Block> html(String content) {
        List<Block> blocks = new ArrayList<>();
        String heading = null;
        for (Element element : Jsoup.parse(content).body().select(HTML_BLOCKS)) {
            String text = element.text().strip();
            // A block inside another (a paragraph in a list item) is part of that one's text.
            boolean nested = element.parents().stream().anyMatch(parent -> parent.is(HTML_BLOCKS));
            if (text.isEmpty() || nested) {
                continue;
            }
            if (element.is("h1,h2,h3,h4,h5,h6")) {
                heading = text;
            } else {
                blocks.add(new Block(heading, text));
            }
        }
        return blocks;
    }

    /** Paragraphs: text between blank lines, its lines joined. */
    private static List<Block> paragraphs(String heading, String text) {
        List<Block> blocks = new ArrayList<>();
        for (String paragraph : text.split("\\R\\s*\\R")) {
            String joined = paragraph.strip().replaceAll("\\s*\\R\\s*", " ");
            if (!joined.isEmpty()) {
                blocks.add(new Block(heading, joined));
            }
        }
        return blocks;
    }

    private static List<Passage> gather(List<Block> blocks) {
        List<Passage> passages = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        String heading = null;
        for (Block block : blocks) {
            for (String piece : pieces(block.text())) {
                boolean newSection = text.length() > 0 && !sameHeading(heading, block.heading());
                if (newSection || text.length() + piece.length() > TARGET && text.length() > 0) {
                    passages.add(new Passage(heading, text.toString()));
                    text.setLength(0);
                }
                if (text.length() > 0) {
                    text.append(' ');
                }
                text.append(piece);
                heading = block.heading();
            }
        }
        if (text.length() > 0) {
            passages.add(new Passage(heading, text.toString()));
        }
        return passages;
    }

    /** A block as is, or split at sentence ends when it is too long to cite as one. */
    private static List<String> pieces(String text) {
        if (text.length() <= LONGEST) {
            return List.of(text);
        }
        List<String> pieces = new ArrayList<>();
        StringBuilder piece = new StringBuilder();
        for (String sentence : SENTENCE_END.split(text)) {
            if (piece.length() > 0 && piece.length() + sentence.length() > TARGET) {
                pieces.add(piece.toString());
                piece.setLength(0);
            }
            piece.append(piece.length() > 0 ? " " : "").append(sentence);
        }
        if (piece.length() > 0) {
            pieces.add(piece.toString());
        }
        return pieces;
    }

    private static boolean sameHeading(String a, String b) {
        return a == null ? b == null : a.equals(b);
    }

    /** How a document's content is written. */
    enum ContentType {
        MARKDOWN,
        HTML,
        TEXT
    }
}
