package ascc.core.it;

import ascc.routing.Phones;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Finds customers' phone numbers in log files. The numbers are those the tests use: every Korean mobile number
 * ({@code 01x} plus 7 or 8 digits, in any format: separators, {@code +82}, spaces) written in the test sources,
 * configuration and SIPp scenarios given. A log line leaks when a run of digits in it (separators and {@code +82}
 * allowed) contains one of them. Company and partner numbers ({@code 070}, {@code 02}) are not customers' and are
 * not looked for. Leaks are reported as {@code file:line: text} with the number masked, so the report leaks nothing.
 */
final class PiiLogScanner {
    /** A run of digits with single separators between them, optionally with a leading + or (. */
    private static final Pattern RUN = Pattern.compile("\\+?\\(?\\d(?:[ ().-]{0,2}\\d)*");
    private static final Pattern MOBILE = Pattern.compile("01[016789]\\d{7,8}");

    private final Set<String> numbers;

    PiiLogScanner(Set<String> numbers) {
        this.numbers = Set.copyOf(numbers);
    }

    /** The customers' numbers (national digits) written in the files under the given roots. */
    static Set<String> numbersUsedIn(List<Path> roots) {
        Set<String> found = new TreeSet<>();
        for (Path root : roots) {
            if (!Files.exists(root)) {
                continue;
            }
            try (Stream<Path> files = Files.walk(root)) {
                for (Path f : files.filter(Files::isRegularFile).toList()) {
                    found.addAll(numbersIn(Files.readString(f, StandardCharsets.UTF_8)));
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the test sources under " + root, e);
            }
        }
        return found;
    }

    static Set<String> numbersIn(String text) {
        Set<String> found = new TreeSet<>();
        Matcher m = RUN.matcher(text);
        while (m.find()) {
            String digits = Phones.nationalDigits(m.group());
            if (MOBILE.matcher(digits).matches()) {
                found.add(digits);
            }
        }
        return found;
    }

    int size() {
        return numbers.size();
    }

    /** Every leaking line of the file as {@code file:line: masked text}. */
    List<String> scan(Path file) throws IOException {
        List<String> leaks = new ArrayList<>();
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            String masked = leakMasked(line);
            if (masked != null) {
                leaks.add(file + ":" + (i + 1) + ": " + masked);
            }
        }
        return leaks;
    }

    /** The line with each leaking run masked, or null when nothing in it is one of the numbers. */
    String leakMasked(String line) {
        Matcher m = RUN.matcher(line);
        StringBuilder out = new StringBuilder(line.length());
        boolean leak = false;
        int last = 0;
        while (m.find()) {
            String run = m.group();
            String digits = Phones.nationalDigits(run);
            if (digits.length() < 9 || numbers.stream().noneMatch(digits::contains)) {
                continue;
            }
            leak = true;
            out.append(line, last, m.start()).append(Phones.mask(run));
            last = m.end();
        }
        return leak ? out.append(line, last, line.length()).toString() : null;
    }
}
