package ascc.core.asterisk;

/** Builds one file: header, sections separated by a blank line, {@code key=value} options, dialplan lines. */
final class Conf {
    private final StringBuilder sb = new StringBuilder(4096).append(AsteriskConfigRenderer.HEADER).append('\n');
    private boolean blankBeforeNext = true;

    void comment(String text) {
        separate();
        sb.append("; ").append(text).append('\n');
    }

    void section(String name) {
        separate();
        sb.append('[').append(name).append("]\n");
    }

    void option(String key, String value) {
        sb.append(key).append('=').append(value).append('\n');
        blankBeforeNext = true;
    }

    void line(String text) {
        sb.append(text).append('\n');
        blankBeforeNext = true;
    }

    void exten(String pattern, String app) {
        line("exten => " + pattern + ",1," + app);
    }

    void same(String app) {
        line(" same => n," + app);
    }

    void same(String label, String app) {
        line(" same => n(" + label + ")," + app);
    }

    /** A label on a no-op priority, a target for GotoIf. */
    void label(String label) {
        same(label, "NoOp()");
    }

    private void separate() {
        if (blankBeforeNext) {
            sb.append('\n');
            blankBeforeNext = false;
        }
    }

    String text() {
        return sb.toString();
    }
}
