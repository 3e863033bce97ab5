package ascc.core.config;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.fail;

import ascc.testsupport.fuzz.FuzzTries;
import ascc.routing.config.ConfigException;
import ascc.routing.config.Problem;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tag;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Every YAML loader, through {@link Conf#load} (all twelve files of conf/): the shipped files with generated mutations
 * (lines deleted, doubled, swapped, re-indented, YAML punctuation and random text inserted, a file truncated or
 * emptied) give either a config or a {@link ConfigException} whose problems name a file, never another exception nor a
 * hang. Fixed seed in the unit suite; {@code ivr-core/bin/fuzz} reruns it with many more tries.
 */
@Tag("fuzz")
@AddLifecycleHook(FuzzTries.class)
class ConfFuzzTest {
    private static final List<String> PUNCTUATION = List.of(":", "-", "- ", "[", "]", "{", "}", ",", "&a", "*a", "!!str", "!!binary",
            "\"", "'", "\t", "#", "|", ">", "%", "@", "`", "? ", "<<: *a", "~", "null", "0x", "1e999", "-9999999999999999999", "\\u0000",
            "\u00a0", "\uFEFF", "${X}", "${", "\n", "\r", "  ", "yes", "99:99", "2026-02-30", "\u0000");
    private static Path base;
    private static Map<String, String> env;
    private static List<String> files;

    @BeforeContainer
    static void copyShipped() throws IOException {
        base = Files.createTempDirectory("conf-fuzz-");
        Files.createDirectories(base.resolve("conf"));
        Files.createDirectories(base.resolve("sandbox"));
        env = ShippedConf.copy(base.resolve("conf"), base.resolve("sandbox"));
        try (Stream<Path> s = Files.list(base.resolve("conf"))) {
            files = s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".yaml")).sorted().toList();
        }
    }

    @AfterContainer
    static void removeCopy() throws IOException {
        try (Stream<Path> s = Files.walk(base)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** One edit of a file's lines: kind, where (scaled to the file), and text. */
    record Mutation(int kind, int where, String text) {
    }

    @Provide
    Arbitrary<List<Mutation>> mutations() {
        Arbitrary<String> text = Arbitraries.oneOf(Arbitraries.of(PUNCTUATION),
                Arbitraries.strings().withCharRange(' ', '~').withChars('\t', '\n', '가', '\u00e9').ofMaxLength(40));
        return Combinators.combine(Arbitraries.integers().between(0, 8), Arbitraries.integers().between(0, 10_000), text)
                .as(Mutation::new).list().ofMinSize(1).ofMaxSize(6);
    }

    @Property(tries = 1000, seed = "20261206")
    void mutatedConfigGivesAConfigOrCollectedProblems(@ForAll("mutations") List<Mutation> mutations,
            @ForAll("fileIndex") int fileIndex) throws IOException {
        Path dir = Files.createTempDirectory(base, "try-");
        for (String f : files) {
            Files.copy(base.resolve("conf").resolve(f), dir.resolve(f));
        }
        String file = files.get(fileIndex % files.size());
        Path target = dir.resolve(file);
        Files.writeString(target, mutate(Files.readString(target, StandardCharsets.UTF_8), mutations), StandardCharsets.UTF_8);
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
            try {
                Conf.load(dir, env);
            } catch (ConfigException e) {
                assertFalse(e.problems().isEmpty(), "a ConfigException without problems for " + file);
                for (Problem p : e.problems()) {
                    if (p.file() == null || p.file().isBlank() || p.message() == null) {
                        fail("problem without file or message: " + p);
                    }
                }
            } catch (RuntimeException | StackOverflowError e) {
                throw new AssertionError(file + " mutated by " + mutations + " threw " + e, e);
            }
        }, () -> file + " mutated by " + mutations + " hung");
        try (Stream<Path> s = Files.list(dir)) {
            for (Path p : s.toList()) {
                Files.delete(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Files.delete(dir);
    }

    @Provide
    Arbitrary<Integer> fileIndex() {
        return Arbitraries.integers().between(0, 1_000);
    }

    static String mutate(String text, List<Mutation> mutations) {
        List<String> lines = new ArrayList<>(List.of(text.split("\n", -1)));
        for (Mutation m : mutations) {
            int i = lines.isEmpty() ? 0 : m.where() % lines.size();
            switch (m.kind()) {
                case 0 -> {
                    if (!lines.isEmpty()) {
                        lines.remove(i);
                    }
                }
                case 1 -> {
                    if (!lines.isEmpty()) {
                        lines.add(i, lines.get(i));
                    }
                }
                case 2 -> {
                    if (lines.size() > 1) {
                        int j = (i + 1 + m.text().length()) % lines.size();
                        String a = lines.get(i);
                        lines.set(i, lines.get(j));
                        lines.set(j, a);
                    }
                }
                case 3 -> {
                    if (!lines.isEmpty()) {
                        lines.set(i, " ".repeat(m.where() % 7) + lines.get(i).strip());
                    }
                }
                case 4, 5 -> {
                    if (!lines.isEmpty()) {
                        String l = lines.get(i);
                        int at = l.isEmpty() ? 0 : (m.where() / 7) % (l.length() + 1);
                        lines.set(i, l.substring(0, at) + m.text() + l.substring(at));
                    }
                }
                case 6 -> {
                    if (!lines.isEmpty()) {
                        String l = lines.get(i);
                        int colon = l.indexOf(':');
                        lines.set(i, colon < 0 ? l + ": " + m.text() : l.substring(0, colon + 1) + " " + m.text());
                    }
                }
                case 7 -> {
                    int keep = lines.isEmpty() ? 0 : m.where() % (lines.size() + 1);
                    lines = new ArrayList<>(lines.subList(0, keep));
                }
                default -> lines.add(i, m.text());
            }
        }
        return String.join("\n", lines);
    }
}
