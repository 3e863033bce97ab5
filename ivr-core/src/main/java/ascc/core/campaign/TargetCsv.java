package ascc.core.campaign;

import ascc.routing.Phones;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
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
import java.util.function.Consumer;
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
 *
 * <p>Limits ({@link Limits}, checked while reading, so a hostile file never fills the memory): a field over
 * {@code maxFieldChars} or a row over {@code maxRowChars} is a rejected row (its excess is skipped, not kept); more than
 * {@code maxRows} rows or more than {@code maxFileChars} characters is a broken file. {@link #scan} streams: accepted rows
 * go to a sink as they are read (the import checks the whole file first, then streams it again into the database in
 * batches). {@link #charsetOf} tells UTF-8 (with or without BOM) from CP949, the encoding of Korean Excel's plain "CSV".
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
    /** The most rejections a scan keeps (it counts them all). */
    static final int KEEP_REJECTIONS = 1_000;
    /** Korean Excel's "CSV" encoding (a superset of EUC-KR). */
    public static final Charset CP949 = Charset.forName("x-windows-949");

    /**
     * How much a target file may hold.
     *
     * @param maxFileChars characters in the whole file
     * @param maxRows data rows (the header not counted)
     * @param maxFieldChars characters in one field
     * @param maxRowChars characters in one row (all its fields)
     */
    public record Limits(long maxFileChars, int maxRows, int maxFieldChars, int maxRowChars) {
        /** 64 Mi characters, 1,000,000 rows, 1,000 characters a field, 4,000 a row. */
        public static final Limits DEFAULT = new Limits(64L * 1024 * 1024, 1_000_000, 1_000, 4_000);

        public Limits {
            if (maxFileChars < 1 || maxRows < 1 || maxFieldChars < 1 || maxRowChars < maxFieldChars) {
                throw new IllegalArgumentException("bad CSV limits: " + maxFileChars + " chars, " + maxRows + " rows, field "
                        + maxFieldChars + ", row " + maxRowChars + " (all positive, row >= field)");
            }
        }
    }

    /**
     * What a streamed file held.
     *
     * @param rows data rows read
     * @param accepted rows given to the sink
     * @param rejectedCount every rejected row
     * @param rejected the first {@value #KEEP_REJECTIONS} rejected rows, in file order
     * @param broken why the whole file is refused (then the sink's rows must not be kept); empty if it may be imported
     */
    public record Scan(int rows, int accepted, int rejectedCount, List<Rejection> rejected, Optional<String> broken) {
        public Scan {
            rejected = List.copyOf(rejected);
        }

        public boolean isBroken() {
            return broken.isPresent();
        }
    }

    private TargetCsv() {
    }

    /**
     * What the rows of one kind of CSV file are: its header, the check of a row and the value an accepted row becomes. The
     * reading (RFC 4180, limits, encodings, line numbers, broken files) is {@link #scan(Reader, Limits, Schema, Consumer,
     * IntConsumer)}'s, the same for every kind of file (campaign targets, repair cases). A schema may remember rows (e.g. for
     * duplicates): use a new one per scan.
     *
     * @param <T> an accepted row
     */
    public interface Schema<T> {
        /** The header, in order (compared case-insensitively, a BOM skipped). */
        List<String> header();

        /** Why the row (its fields, as many as the header, not yet stripped) is rejected, or null when it is accepted. */
        String check(List<String> fields, int line);

        /** The accepted row. */
        T build(List<String> fields, int line);
    }

    /** A new schema of campaign target lists (one per scan: it remembers the phones seen). */
    public static Schema<Target> targetSchema() {
        return new TargetSchema();
    }

    /** The campaign target list's schema: {@link #HEADER}; a phone twice is rejected the second time. */
    static final class TargetSchema implements Schema<Target> {
        private final Map<String, Integer> firstLine = new HashMap<>();

        @Override
        public List<String> header() {
            return HEADER;
        }

        @Override
        public String check(List<String> fields, int line) {
            return TargetCsv.check(fields, line, firstLine);
        }

        @Override
        public Target build(List<String> fields, int line) {
            return target(fields, line);
        }
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

    /** Reads already decoded text (U+FFFD counts as undecodable input), holding the accepted rows in memory. */
    public static Result read(Reader reader, IntConsumer progress) throws IOException {
        List<Target> accepted = new ArrayList<>();
        Scan scan = scan(reader, Limits.DEFAULT, accepted::add, progress);
        return new Result(scan.isBroken() ? List.of() : accepted, scan.rejected(), scan.broken());
    }

    /**
     * The encoding of a target file: UTF-8 if it starts with the UTF-8 BOM or all its bytes are UTF-8, else CP949
     * (bytes CP949 cannot read either then show as undecodable lines).
     */
    public static Charset charsetOf(InputStream in) throws IOException {
        var utf8 = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        try (Reader r = new InputStreamReader(in, utf8)) {
            char[] buf = new char[BUFFER];
            while (r.read(buf) >= 0) {
                // reading is the check
            }
            return StandardCharsets.UTF_8;
        } catch (CharacterCodingException e) {
            return CP949;
        }
    }

    /** A reader of the stream in the given charset; bad bytes become U+FFFD, reported on their line. */
    public static Reader reader(InputStream in, Charset charset) {
        var decoder = charset.newDecoder().onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE);
        return new BufferedReader(new InputStreamReader(in, decoder), BUFFER);
    }

    /**
     * Streams decoded text: each accepted row goes to {@code sink} as it is read, rejected rows are counted (the first
     * {@value #KEEP_REJECTIONS} kept). If the result is broken, rows already given to the sink must be dropped: check a
     * file with a no-op sink first, then stream it again to import.
     */
    public static Scan scan(Reader reader, Limits limits, Consumer<Target> sink, IntConsumer progress) throws IOException {
        return scan(reader, limits, new TargetSchema(), sink, progress);
    }

    /**
     * Streams decoded text of any {@link Schema}: the same reading, limits and rules of rejected rows and broken files as a
     * target list (see the class comment), with the schema's header and row check.
     */
    public static <T> Scan scan(Reader reader, Limits limits, Schema<T> schema, Consumer<? super T> sink, IntConsumer progress)
            throws IOException {
        List<String> expected = schema.header();
        Records records = new Records(reader instanceof BufferedReader b ? b : new BufferedReader(reader, BUFFER), limits,
                expected.size());
        List<Rejection> rejected = new ArrayList<>();
        int[] rejectedCount = {0};
        Consumer<Rejection> reject = x -> {
            rejectedCount[0]++;
            if (rejected.size() < KEEP_REJECTIONS) {
                rejected.add(x);
            }
        };
        Record header = records.next();
        if (header == null) {
            return new Scan(0, 0, 1, List.of(new Rejection(1, "empty file: expected the header " + String.join(",", expected))),
                    Optional.of("the file is empty"));
        }
        if (!header.fields().isEmpty() && header.fields().get(0).indexOf(BOM) == 0) {
            header.fields().set(0, header.fields().get(0).substring(1));
        }
        List<String> names = header.fields().stream().map(f -> f.strip().toLowerCase(Locale.ROOT)).toList();
        if (!names.equals(expected) || header.error() != null) {
            String reason = "header must be " + String.join(",", expected) + ", found "
                    + abbreviate(String.join(",", names), 200);
            return new Scan(0, 0, 1, List.of(new Rejection(header.line(), reason)),
                    Optional.of("wrong header (line 1: " + reason + ")"));
        }
        boolean undecodable = false;
        Optional<String> broken = Optional.empty();
        int rows = 0;
        int accepted = 0;
        for (Record r = records.next(); r != null; r = records.next()) {
            if (records.overFile()) {
                reject.accept(new Rejection(r.line(), "the file is over " + limits.maxFileChars() + " characters"));
                broken = Optional.of("the file is larger than " + limits.maxFileChars() + " characters (line " + r.line()
                        + "); split it");
                break;
            }
            if (r.isBlank()) {
                continue;
            }
            rows++;
            if (rows > limits.maxRows()) {
                reject.accept(new Rejection(r.line(), "more than " + limits.maxRows() + " rows"));
                broken = Optional.of("more than " + limits.maxRows() + " rows (line " + r.line() + "); split the file");
                break;
            }
            if (rows % 10_000 == 0) {
                progress.accept(rows);
            }
            if (r.unterminated()) {
                reject.accept(new Rejection(r.line(), "quoted field never closed (a '\"' is missing): the rest of the file is one field"));
                broken = Optional.of("a quoted field starting on line " + r.line() + " is never closed");
                break;
            }
            if (r.undecodable()) {
                undecodable = true;
                reject.accept(new Rejection(r.line(), "not UTF-8 (nor CP949) text (save the file as \"CSV UTF-8\")"));
                continue;
            }
            String reason = r.error() != null ? r.error()
                    : r.fields().size() != expected.size() ? "expected " + expected.size() + " columns (" + String.join(",", expected)
                            + "), found " + r.fields().size()
                    : schema.check(r.fields(), r.line());
            if (reason != null) {
                reject.accept(new Rejection(r.line(), reason));
            } else {
                accepted++;
                sink.accept(schema.build(r.fields(), r.line()));
            }
        }
        if (undecodable && broken.isEmpty()) {
            broken = Optional.of("the file is not UTF-8 text (save it as \"CSV UTF-8\"); nothing was imported");
        }
        return new Scan(rows, accepted, rejectedCount[0], rejected, broken);
    }

    /** {@code s}, cut to {@code max} characters with "..." (for messages quoting a field). */
    public static String abbreviate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max) + "...";
    }

    /** Why the row is rejected, or null; remembers the phone for duplicate detection if accepted. */
    private static String check(List<String> f, int line, Map<String, Integer> firstLine) {
        String raw = f.get(0).strip();
        Optional<String> phone = normalizePhone(raw);
        if (phone.isEmpty()) {
            return raw.isEmpty() ? "missing phone" : "bad phone '" + Phones.mask(abbreviate(raw, 30))
                    + "' (allowed: a Korean number of 9 to 11 digits starting with 0, e.g. 010-1234-5678 or +82 10-1234-5678)";
        }
        if (f.get(1).strip().length() > MAX_NAME) {
            return "name longer than " + MAX_NAME + " characters";
        }
        String consent = f.get(2).strip().toLowerCase(Locale.ROOT);
        if (!consent.equals("yes") && !consent.equals("no")) {
            return "consent must be yes or no, found '" + abbreviate(f.get(2).strip(), 20) + "'";
        }
        String date = f.get(3).strip();
        if (date.isEmpty() && consent.equals("yes")) {
            return "missing consent date (consent=yes needs consent_date yyyy-MM-dd, the day the customer agreed)";
        }
        if (!date.isEmpty() && parseDate(date).isEmpty()) {
            return "bad consent date '" + abbreviate(date, 20) + "' (allowed: yyyy-MM-dd, e.g. 2026-03-01)";
        }
        Integer first = firstLine.putIfAbsent(phone.get(), line);
        if (first != null) {
            return "duplicate phone " + Phones.mask(phone.get()) + " (first at line " + first + ")";
        }
        return null;
    }

    private static Target target(List<String> f, int line) {
        String date = f.get(3).strip();
        return new Target(line, normalizePhone(f.get(0).strip()).orElseThrow(), f.get(1).strip(),
                f.get(2).strip().equalsIgnoreCase("yes"), date.isEmpty() ? Optional.empty() : parseDate(date));
    }

    /** A strict {@code yyyy-MM-dd} date, empty when it is not one. */
    public static Optional<LocalDate> parseDate(String s) {
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
        private final Limits limits;
        private int line = 1;
        private int pushback = -2;
        private long chars;
        private final int columns;

        Records(BufferedReader in, Limits limits, int columns) {
            this.in = in;
            this.limits = limits;
            this.columns = columns;
        }

        /** Whether more than the file limit of characters was read. */
        boolean overFile() {
            return chars > limits.maxFileChars();
        }

        private int read() throws IOException {
            if (pushback != -2) {
                int c = pushback;
                pushback = -2;
                return c;
            }
            if (overFile()) {
                return -1;
            }
            int c = in.read();
            if (c >= 0) {
                chars++;
            }
            return c;
        }

        /** Appends unless the field or row is over its limit; returns the row error (or the one given). */
        private String append(StringBuilder field, char ch, int rowChars, int fieldNo, String error) {
            if (field.length() >= limits.maxFieldChars()) {
                return error != null ? error : "field " + fieldNo + " longer than " + limits.maxFieldChars() + " characters";
            }
            if (rowChars >= limits.maxRowChars()) {
                return error != null ? error : "row longer than " + limits.maxRowChars() + " characters";
            }
            field.append(ch);
            return error;
        }

        /** The next record, or null at end of input. */
        Record next() throws IOException {
            int c = read();
            if (c == -1) {
                return null;
            }
            int start = line;
            List<String> fields = new ArrayList<>(columns);
            StringBuilder field = new StringBuilder();
            String error = null;
            boolean undecodable = false;
            boolean quoted = false;
            boolean afterQuote = false;
            boolean fieldStart = true;
            int rowChars = 0;
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
                            error = append(field, '"', rowChars++, fields.size() + 1, error);
                        } else {
                            quoted = false;
                            afterQuote = true;
                            pushback = n;
                        }
                    } else {
                        if (ch == '\n') {
                            line++;
                        }
                        error = append(field, ch, rowChars++, fields.size() + 1, error);
                    }
                } else if (ch == ',') {
                    if (fields.size() > columns + 16) {
                        error = error != null ? error : "more than " + (columns + 16) + " columns";
                    } else {
                        fields.add(field.toString());
                    }
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
                    error = append(field, ch, rowChars++, fields.size() + 1, error);
                }
                fieldStart = false;
                c = read();
            }
        }
    }
}
