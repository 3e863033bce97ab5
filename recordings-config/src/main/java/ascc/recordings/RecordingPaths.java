package ascc.recordings;

import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.regex.Pattern;

/**
 * Where recordings live: {@code <dir>/<company>/<yyyy>/<MM>/<dd>/<linkedid>.wav}, the date in the center's time zone.
 * Company first, so one company's files are one subtree: retention and access never need to look elsewhere.
 * The same relative path is used under the directory as Asterisk sees it and as the engine sees it.
 */
public final class RecordingPaths {
    /** Company ids, as routing's config loader allows them. */
    public static final Pattern COMPANY = Pattern.compile("[a-z0-9][a-z0-9-]{0,31}");
    /** Asterisk linkedids ({@code 1763768410.12}, optionally with a system-name prefix); never {@code .} or {@code ..}. */
    public static final Pattern CALL_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");
    public static final String EXTENSION = ".wav";

    private RecordingPaths() {
    }

    public static boolean validCompany(String id) {
        return id != null && COMPANY.matcher(id).matches();
    }

    public static boolean validCallId(String id) {
        return id != null && CALL_ID.matcher(id).matches() && !id.contains("..");
    }

    /** {@code <company>/<yyyy>/<MM>/<dd>/<linkedid>.wav}; rejects ids that could leave the company's subtree. */
    public static String relative(String companyId, String linkedId, Instant at, ZoneId zone) {
        if (!validCompany(companyId)) {
            throw new IllegalArgumentException("invalid company id for a recording path: '" + companyId + "'");
        }
        if (!validCallId(linkedId)) {
            throw new IllegalArgumentException("invalid call id for a recording path (company=" + companyId + "): '" + linkedId + "'");
        }
        LocalDate d = at.atZone(zone).toLocalDate();
        return String.format("%s/%04d/%02d/%02d/%s%s", companyId, d.getYear(), d.getMonthValue(), d.getDayOfMonth(), linkedId, EXTENSION);
    }

    /** The company's subtree under {@code dir}. */
    public static Path companyDir(Path dir, String companyId) {
        if (!validCompany(companyId)) {
            throw new IllegalArgumentException("invalid company id: '" + companyId + "'");
        }
        return dir.resolve(companyId);
    }
}
