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

    /** {@code url} with any password in it replaced by {@code ****}; null stays null. */
    public static String url(String url) {
        if (url == null) {
            return null;
        }
        String masked = PASSWORD_PARAM.matcher(url).replaceAll("$1****");
        return USER_INFO.matcher(masked).replaceAll("$1****@");
    }
}
