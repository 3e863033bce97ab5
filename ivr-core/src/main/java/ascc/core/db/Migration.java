package ascc.core.db;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One migration file, {@code V001__calls.sql}: version 1, description "calls".
 *
 * <p>Statements are split on a {@code ;} that ends a line (trailing blanks allowed); a {@code ;} inside a line does not split.
 * Lines starting with {@code --} are comments and dropped. Keep one statement per {@code ;}-terminated block, and never end
 * a line inside a string literal with {@code ;}.
 *
 * @param version the number after {@code V}
 * @param description the text after {@code __}, underscores read as blanks
 * @param fileName the file name, for messages
 * @param sql the file's text
 */
public record Migration(int version, String description, String fileName, String sql) {
    private static final Pattern NAME = Pattern.compile("V(\\d+)__([A-Za-z0-9_]+)\\.sql");

    public Migration {
        if (version < 1) {
            throw new IllegalArgumentException("migration version must be >= 1 (file=" + fileName + ")");
        }
    }

    /** Parses {@code V001__calls.sql}; throws naming the file if the name does not follow the pattern. */
    public static Migration fromFile(String fileName, String sql) {
        Matcher m = NAME.matcher(fileName);
        if (!m.matches()) {
            throw new MigrationException("migration file name '" + fileName + "' does not match V<number>__<description>.sql");
        }
        return new Migration(Integer.parseInt(m.group(1)), m.group(2).replace('_', ' '), fileName, sql);
    }

    /** SHA-256 (hex) of the text with line endings normalized to {@code \n}, so a CRLF checkout does not change it. */
    public String checksum() {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                .digest(sql.replace("\r\n", "\n").getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 not available", e);
        }
    }

    /** The statements of this file, split as described on the class. */
    public List<String> statements() {
        List<String> out = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : sql.split("\\R")) {
            String trimmed = line.strip();
            if (trimmed.startsWith("--")) {
                continue;
            }
            if (trimmed.endsWith(";")) {
                current.append(line, 0, line.lastIndexOf(';'));
                addIfNotBlank(out, current);
                current.setLength(0);
            } else {
                current.append(line).append('\n');
            }
        }
        addIfNotBlank(out, current);
        return List.copyOf(out);
    }

    private static void addIfNotBlank(List<String> out, StringBuilder statement) {
        String s = statement.toString().strip();
        if (!s.isEmpty()) {
            out.add(s);
        }
    }
}
