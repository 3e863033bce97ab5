package ascc.routing.config;

import java.util.regex.Pattern;

/**
 * Masks passwords in text that is printed or logged: a URL's {@code user:password@} part and its {@code password=}
 * (also {@code pwd=}, {@code passwd=}) parameters become {@code ****}. One policy for every URL the engine shows
 * (config printouts, the database's description in logs and errors, health-check warnings).
 */
public final class Redact {
    private static final Pattern PASSWORD_PARAM = Pattern.compile("(?i)((?:password|passwd|pwd)=)[^&;\\s]*");
    private static final Pattern USER_INFO = Pattern.compile("(//[^/@:\\s]*:)[^/@\\s]*@");

    private Redact() {
    }

    /**
     * A record printed like {@code Record.toString()} ({@code Name[a=1, b=x]}) with every text component passed through
     * {@link #url} (a JDBC URL keeps no password) and {@link Secret}s as their own {@code ****}. For records that hold a
     * URL, e.g. {@code EngineSettings.toString()}.
     */
    public static String record(Record r) {
        StringBuilder sb = new StringBuilder(r.getClass().getSimpleName()).append('[');
        java.lang.reflect.RecordComponent[] cs = r.getClass().getRecordComponents();
        for (int i = 0; i < cs.length; i++) {
            Object v;
            try {
                v = cs[i].getAccessor().invoke(r);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("cannot read " + cs[i].getName() + " of " + r.getClass().getName(), e);
            }
            sb.append(i == 0 ? "" : ", ").append(cs[i].getName()).append('=').append(v instanceof String s ? url(s) : v);
        }
        return sb.append(']').toString();
    }

    /** {@code url} with any password in it replaced by {@code ****}; null stays null. */
    public static String url(String url) {
        if (url == null) {
            return null;
        }
        String masked = PASSWORD_PARAM.matcher(url).replaceAll("$1****");
        return USER_INFO.matcher(masked).replaceAll("$1****@");
    }
}
