package ascc.core.campaign;

import ascc.routing.Phones;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.IntConsumer;
import java.util.regex.Pattern;

/**
 * Reads a campaign target list: CSV (RFC 4180: comma separated, fields may be quoted with {@code "}, a quote inside a
 * quoted field is doubled, quoted fields may hold commas and line breaks; CRLF or LF line ends), UTF-8 (a leading BOM, as
 * Excel writes, is skipped), header {@code phone,name,consent,consent_date}. One pass over the stream; memory grows only
 * with the accepted targets.
 *
 * <p>What is rejected, and what that means (the issue: "every rejected row with its line number and reason; a broken file
 * imports nothing"):
 * <ul>
 * <li>A row with bad data - bad phone, consent not yes/no, consent=yes without a consent date, a bad date, a name over
 * 100 characters, a phone already on an earlier row, a wrong number of columns, a stray character after a closing quote -
 * is <b>rejected</b> with its line number and reason; the other rows import. A list of 100,000 customers with three typos
 * should not block the 99,997 good ones, and the operator sees exactly which three to fix and re-import.</li>
 * <li>A <b>broken file</b> imports nothing: a missing or wrong header (the columns cannot be trusted), bytes that are not
 * UTF-8 (typically an Excel export in EUC-KR/CP949: every Korean name would be garbled, so no row is trusted; every such
 * line is still reported), or a quoted field never closed (everything after it would be one field).</li>
 * </ul>
 * Line numbers are physical lines of the file, 1-based (the header is line 1); a row spanning lines has the line it starts on.
 */
public final class TargetCsv {
    /** The header, in order. */
    public static final List<String> HEADER = List.of("phone", "name", "consent", "consent_date");
    static final int MAX_NAME = 100;
    private static final Pattern KOREAN_PHONE = Pattern.compile("0\\d{8,10}");
    private static final Pattern PHONE_CHARS = Pattern.compile("[\\s().-]");
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("uuuu-MM-dd", Locale.ROOT)
            .withResolverStyle(ResolverStyle.STRICT);
    private static final char BOM = '\uFEFF';
    private static final char REPLACEMENT = '\uFFFD';
    private static final int BUFFER = 64 * 1024;

    private TargetCsv() {
    }

    /** One accepted row; {@code phone} normalized to digits (e.g. {@code 01012345678}). */
    public record Target(int line, String phone, String name, boolean consent, Optional<LocalDate> consentDate) {
    }

    /** One rejected row: its line and why. */
    public record Rejection(int line, String reason) {
        @Override
        public String toString() {
            return "line " + line + ": " + reason;
        }
    }

    /**
     * What a file held.
     *
     * @param accepted rows that passed (import them only if the file is not broken)
     * @param rejected every rejected row, in file order
     * @param broken why the whole file is refused; empty if it may be imported
     */
    public record Result(List<Target> accepted, List<Rejection> rejected, Optional<String> broken) {
        public Result {
            accepted = List.copyOf(accepted);
            rejected = List.copyOf(rejected);
        }

        public boolean isBroken() {
            return broken.isPresent();
        }
    }

    /** Reads a UTF-8 stream; {@code progress} is told the number of data rows read so far every 10,000 rows. */
    public static Result read(InputStream in, IntConsumer progress) throws IOException {
        // REPLACE, not REPORT: a bad byte becomes U+FFFD on its line, so every such line can be reported
        var decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE);
        return read(new InputStreamReader(in, decoder), progress);
    }

    /** Reads already decoded text (U+FFFD counts as undecodable input). */
    public static Result read(Reader reader, IntConsumer progress) throws IOException {
        Records records = new Records(reader instanceof BufferedReader b ? b : new BufferedReader(reader, BUFFER));
        List<Target> accepted = new ArrayList<>();
        List<Rejection> rejected = new ArrayList<>();
        Record header = records.next();
        if (header == null) {
            return new Result(List.of(), List.of(new Rejection(1, "empty file: expected the header " + String.join(",", HEADER))),
                    Optional.of("the file is empty"));
        }
        if (!header.fields().isEmpty() && header.fields().get(0).indexOf(BOM) == 0) {
            header.fields().set(0, header.fields().get(0).substring(1));
        }
        List<String> names = header.fields().stream().map(f -> f.strip().toLowerCase(Locale.ROOT)).toList();
        if (!names.equals(HEADER) || header.error() != null) {
            String reason = "header must be " + String.join(",", HEADER) + ", found " + String.join(",", names);
            return new Result(List.of(), List.of(new Rejection(header.line(), reason)),
                    Optional.of("wrong header (line 1: " + reason + ")"));
        }
        Map<String, Integer> firstLine = new HashMap<>();
        boolean undecodable = false;
        Optional<String> broken = Optional.empty();
        int rows = 0;
        for (Record r = records.next(); r != null; r = records.next()) {
            if (r.isBlank()) {
                continue;
            }
            rows++;
            if (rows % 10_000 == 0) {
                progress.accept(rows);
            }
            if (r.unterminated()) {
                rejected.add(new Rejection(r.line(), "quoted field never closed (a '\"' is missing): the rest of the file is one field"));
                broken = Optional.of("a quoted field starting on line " + r.line() + " is never closed");
                break;
            }
            if (r.undecodable()) {
                undecodable = true;
                rejected.add(new Rejection(r.line(), "not UTF-8 text (save the file as \"CSV UTF-8\")"));
                continue;
            }
            String reason = r.error() != null ? r.error() : check(r, firstLine);
            if (reason != null) {
                rejected.add(new Rejection(r.line(), reason));
            } else {
                accepted.add(target(r));
            }
        }
        if (undecodable && broken.isEmpty()) {
            broken = Optional.of("the file is not UTF-8 text (save it as \"CSV UTF-8\"); nothing was imported");
        }
        return new Result(broken.isPresent() ? List.of() : accepted, rejected, broken);
    }

    /** Why the row is rejected, or null; remembers the phone for duplicate detection if accepted. */
    private static String check(Record r, Map<String, Integer> firstLine) {
        List<String> f = r.fields();
        if (f.size() != HEADER.size()) {
            return "expected " + HEADER.size() + " columns (" + String.join(",", HEADER) + "), found " + f.size();
        }
        String raw = f.get(0).strip();
        Optional<String> phone = normalizePhone(raw);
        if (phone.isEmpty()) {
            return raw.isEmpty() ? "missing phone" : "bad phone '" + Phones.mask(raw)
                    + "' (allowed: a Korean number of 9 to 11 digits starting with 0, e.g. 010-1234-5678 or +82 10-1234-5678)";
        }
        if (f.get(1).strip().length() > MAX_NAME) {
            return "name longer than " + MAX_NAME + " characters";
        }
        String consent = f.get(2).strip().toLowerCase(Locale.ROOT);
        if (!consent.equals("yes") && !consent.equals("no")) {
            return "consent must be yes or no, found '" + f.get(2).strip() + "'";
        }
        String date = f.get(3).strip();
        if (date.isEmpty() && consent.equals("yes")) {
            return "missing consent date (consent=yes needs consent_date yyyy-MM-dd, the day the customer agreed)";
        }
        if (!date.isEmpty() && parseDate(date).isEmpty()) {
            return "bad consent date '" + date + "' (allowed: yyyy-MM-dd, e.g. 2026-03-01)";
        }
        Integer first = firstLine.putIfAbsent(phone.get(), r.line());
        if (first != null) {
            return "duplicate phone " + Phones.mask(phone.get()) + " (first at line " + first + ")";
        }
        return null;
    }

    private static Target target(Record r) {
        List<String> f = r.fields();
        String date = f.get(3).strip();
        return new Target(r.line(), normalizePhone(f.get(0).strip()).orElseThrow(), f.get(1).strip(),
                f.get(2).strip().equalsIgnoreCase("yes"), date.isEmpty() ? Optional.empty() : parseDate(date));
    }

    private static Optional<LocalDate> parseDate(String s) {
        try {
            return Optional.of(LocalDate.parse(s, DATE));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /**
     * The digits of a Korean phone number: separators (space, '-', '.', parentheses) dropped, {@code +82} / {@code 82}
     * country code replaced by the trunk prefix 0; empty if the result is not 0 and 8 to 10 more digits.
     */
    public static Optional<String> normalizePhone(String raw) {
        String s = PHONE_CHARS.matcher(raw).replaceAll("");
        if (s.startsWith("+82")) {
            s = "0" + s.substring(3);
        } else if (s.startsWith("82") && s.length() >= 11) {
            s = "0" + s.substring(2);
        }
        if (s.startsWith("00")) {
            return Optional.empty();
        }
        return KOREAN_PHONE.matcher(s).matches() ? Optional.of(s) : Optional.empty();
    }

    /** One CSV record: its fields, its first line, a row-level syntax error (or null). */
    record Record(List<String> fields, int line, String error, boolean unterminated, boolean undecodable) {
        boolean isBlank() {
            return fields.size() == 1 && fields.get(0).isBlank() && error == null;
        }
    }

    /** The RFC 4180 record reader. */
    private static final class Records {
        private final BufferedReader in;
        private int line = 1;
        private int pushback = -2;

        Records(BufferedReader in) {
            this.in = in;
        }

        private int read() throws IOException {
            if (pushback != -2) {
                int c = pushback;
                pushback = -2;
                return c;
            }
            return in.read();
        }

        /** The next record, or null at end of input. */
        Record next() throws IOException {
            int c = read();
            if (c == -1) {
                return null;
            }
            int start = line;
            List<String> fields = new ArrayList<>(HEADER.size());
            StringBuilder field = new StringBuilder();
            String error = null;
            boolean undecodable = false;
            boolean quoted = false;
            boolean afterQuote = false;
            boolean fieldStart = true;
            while (true) {
                if (c == -1) {
                    if (quoted) {
                        fields.add(field.toString());
                        return new Record(fields, start, "quoted field never closed", true, undecodable);
                    }
                    fields.add(field.toString());
                    return new Record(fields, start, error, false, undecodable);
                }
                char ch = (char) c;
                if (ch == REPLACEMENT) {
                    undecodable = true;
                }
                if (quoted) {
                    if (ch == '"') {
                        int n = read();
                        if (n == '"') {
                            field.append('"');
                        } else {
                            quoted = false;
                            afterQuote = true;
                            pushback = n;
                        }
                    } else {
                        if (ch == '\n') {
                            line++;
                        }
                        field.append(ch);
                    }
                } else if (ch == ',') {
                    fields.add(field.toString());
                    field.setLength(0);
                    fieldStart = true;
                    afterQuote = false;
                    c = read();
                    continue;
                } else if (ch == '\r' || ch == '\n') {
                    if (ch == '\r') {
                        int n = read();
                        if (n != '\n') {
                            pushback = n;
                        }
                    }
                    line++;
                    fields.add(field.toString());
                    return new Record(fields, start, error, false, undecodable);
                } else if (ch == '"' && fieldStart) {
                    quoted = true;
                } else if (afterQuote) {
                    if (error == null) {
                        error = "character '" + ch + "' after a closing quote (a quote inside a quoted field is written \"\")";
                    }
                } else {
                    field.append(ch);
                }
                fieldStart = false;
                c = read();
            }
        }
    }
}
