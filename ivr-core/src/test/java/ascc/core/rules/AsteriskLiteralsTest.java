package ascc.core.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Asterisk literals only in the contract package, checked on the sources: ArchUnit sees constants but not a literal
 * inside a method body. Reads the string literals (text blocks too; comments are skipped) of every module's
 * {@code src/main/java}, except test-support, which plays Asterisk's side in tests.
 */
class AsteriskLiteralsTest {

    private static final Path CONTRACT_DIR = Path.of(AsteriskLiteral.CONTRACT_PACKAGE.replace('.', '/'));

    @Test
    void asteriskNamesAppearInStringLiteralsOnlyInTheContractPackage() throws IOException {
        Path root = projectRoot();
        List<String> violations = new ArrayList<>();
        int files = 0;
        try (Stream<Path> modules = Files.list(root)) {
            for (Path module : modules.sorted().toList()) {
                Path sources = module.resolve("src/main/java");
                if (!Files.isDirectory(sources) || module.getFileName().toString().equals("test-support")) {
                    continue;
                }
                try (Stream<Path> javaFiles = Files.walk(sources)) {
                    for (Path file : javaFiles.filter(p -> p.toString().endsWith(".java")).sorted().toList()) {
                        files++;
                        if (!sources.relativize(file).startsWith(CONTRACT_DIR)) {
                            violations.addAll(check(root.relativize(file), Files.readString(file, StandardCharsets.UTF_8)));
                        }
                    }
                }
            }
        }
        assertTrue(files > 100, "read the sources of every module under " + root + ", found only " + files + " files");
        assertTrue(violations.isEmpty(), violations.size() + " Asterisk names outside " + AsteriskLiteral.CONTRACT_PACKAGE
            + " (contexts, CC_* variables, user events, channel names belong to the contract):\n"
            + String.join("\n", violations));
    }

    @Test
    void findsLiteralsInCodeAndTextBlocksButNotInComments() {
        String source = """
            class X {
                // "CC_IN_A_COMMENT"
                /* "PJSIP/in-a-block" */
                String a = "Set(__CC_DESK=${x})";
                char q = '"';
                String b = "escaped \\" :Local/ quote";
                String c = \"""
                    ascc-inbound
                    \""";
                String d = "ascc-db ASCC_HOME ascc-fallbacks UserEvent(x) e.g. PJSIP/trunk/sip:{number}@host";
                String e = "PJSIP/" + id + "member => Local/" + "ASCCCallbackOffer";
            }
            """;
        assertEquals(List.of("X.java:4: \"Set(__CC_DESK=${x})\" (CC_DESK)", "X.java:6: \"escaped \\\" :Local/ quote\" (:Local/)",
            "X.java:7: \"\n        ascc-inbound\n        \" (ascc-inbound)", "X.java:11: \"PJSIP/\" (PJSIP/)",
            "X.java:11: \"member => Local/\" (> Local/)", "X.java:11: \"ASCCCallbackOffer\" (ASCCCallbackOffer)"),
            check(Path.of("X.java"), source));
    }

    /** file:line: "literal" (name) for every string literal of {@code source} that holds an Asterisk name. */
    static List<String> check(Path file, String source) {
        List<String> found = new ArrayList<>();
        int line = 1;
        int i = 0;
        int n = source.length();
        while (i < n) {
            char c = source.charAt(i);
            if (c == '\n') {
                line++;
                i++;
            } else if (source.startsWith("//", i)) {
                i = lineEnd(source, i);
            } else if (source.startsWith("/*", i)) {
                int end = source.indexOf("*/", i + 2);
                end = end < 0 ? n : end + 2;
                line += count(source, i, end);
                i = end;
            } else if (c == '\'') {
                i = skipQuoted(source, i, '\'');
            } else if (source.startsWith("\"\"\"", i)) {
                int end = source.indexOf("\"\"\"", i + 3);
                while (end > 0 && source.charAt(end - 1) == '\\') {
                    end = source.indexOf("\"\"\"", end + 1);
                }
                end = end < 0 ? n : end;
                report(found, file, line, source.substring(i + 3, end));
                line += count(source, i, end);
                i = Math.min(n, end + 3);
            } else if (c == '"') {
                int end = skipQuoted(source, i, '"');
                report(found, file, line, source.substring(i + 1, Math.max(i + 1, end - 1)));
                i = end;
            } else {
                i++;
            }
        }
        return found;
    }

    private static void report(List<String> found, Path file, int line, String literal) {
        AsteriskLiteral.find(literal).ifPresent(name -> found.add(file + ":" + line + ": \"" + literal + "\" (" + name + ")"));
    }

    /** The index after the closing {@code quote} of the literal opening at {@code start} (escapes skipped). */
    private static int skipQuoted(String s, int start, char quote) {
        int i = start + 1;
        while (i < s.length() && s.charAt(i) != quote && s.charAt(i) != '\n') {
            i += s.charAt(i) == '\\' ? 2 : 1;
        }
        return Math.min(s.length(), i + 1);
    }

    private static int lineEnd(String s, int from) {
        int end = s.indexOf('\n', from);
        return end < 0 ? s.length() : end;
    }

    private static int count(String s, int from, int to) {
        int lines = 0;
        for (int i = from; i < to; i++) {
            if (s.charAt(i) == '\n') {
                lines++;
            }
        }
        return lines;
    }

    /** The reactor root: surefire runs in ivr-core, one level below it. */
    private static Path projectRoot() {
        Path dir = Path.of(System.getProperty("user.dir")).toAbsolutePath();
        for (Path p = dir; p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("routing/pom.xml")) && Files.isRegularFile(p.resolve("ivr-core/pom.xml"))) {
                return p;
            }
        }
        throw new UncheckedIOException(new IOException("no ASCC project root above " + dir));
    }
}
