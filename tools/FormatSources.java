import com.google.googlejavaformat.java.Formatter;
import com.google.googlejavaformat.java.FormatterException;
import com.google.googlejavaformat.java.JavaFormatterOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The build's formatter: google-java-format in its AOSP style (four-space indents, 100 columns), unused imports
 * removed and imports ordered. {@code check} lists the files that are not formatted and fails; {@code apply}
 * rewrites them. Run by Maven with the project's JDK 25 toolchain (see pom.xml, "format"), because the formatter
 * parses with the running JDK's compiler and must understand every construct the code uses.
 */
public class FormatSources {

    public static void main(String[] args) throws IOException {
        boolean apply = args.length > 0 && args[0].equals("apply");
        Formatter formatter = new Formatter(JavaFormatterOptions.builder().style(JavaFormatterOptions.Style.AOSP).build());
        List<Path> unformatted = new ArrayList<>();
        List<String> unparsable = new ArrayList<>();
        for (int i = 1; i < args.length; i++) {
            try (Stream<Path> files = Files.walk(Path.of(args[i]))) {
                for (Path file : files.filter(path -> path.toString().endsWith(".java")).sorted().toList()) {
                    String source = Files.readString(file);
                    String formatted;
                    try {
                        formatted = fixedPoint(formatter, source);
                    } catch (FormatterException e) {
                        unparsable.add(file + ": " + e.getMessage());
                        continue;
                    }
                    if (!formatted.equals(source)) {
                        unformatted.add(file);
                        if (apply) {
                            Files.writeString(file, formatted);
                        }
                    }
                }
            }
        }
        unparsable.forEach(problem -> System.err.println("[format] cannot parse " + problem));
        if (apply) {
            System.out.println("[format] formatted " + unformatted.size() + " file(s)");
        } else if (!unformatted.isEmpty()) {
            unformatted.forEach(file -> System.err.println("[format] not formatted: " + file));
            System.err.println("[format] " + unformatted.size() + " file(s) are not formatted; run ./mvnw -Pformat process-sources");
        }
        System.exit(unparsable.isEmpty() && (apply || unformatted.isEmpty()) ? 0 : 1);
    }

    /**
     * Formatted until formatting changes nothing: wrapping a long string can move the text after it, which one
     * more pass indents differently. A formatted file must pass the check as it is.
     */
    private static String fixedPoint(Formatter formatter, String source) throws FormatterException {
        String formatted = source;
        for (int pass = 0; pass < 5; pass++) {
            String again = formatter.formatSourceAndFixImports(formatted);
            if (again.equals(formatted)) {
                return formatted;
            }
            formatted = again;
        }
        return formatted;
    }
}
