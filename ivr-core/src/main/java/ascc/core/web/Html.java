package ascc.core.web;

import java.util.List;

/**
 * Small helpers for server-rendered pages: escaping and the common page frame (header with the user and a logout form,
 * the session's CSRF token in {@code <meta name="csrf-token">}, the shared stylesheet and the page's scripts). Pages
 * carry no inline script or style: the Content-Security-Policy ({@link WebAuth#SECURITY_HEADERS}) allows only the
 * engine's own {@code /web/*} files.
 */
public final class Html {
    private Html() {
    }

    /** Escapes text for HTML element content and quoted attribute values. */
    public static String esc(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder sb = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> sb.append("&amp;");
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&#39;");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }

    /** A hidden {@code csrf} field for a form posted by {@code session}'s page. */
    public static String csrfField(WebSession session) {
        return "<input type=\"hidden\" name=\"" + WebAuth.CSRF_FIELD + "\" value=\"" + esc(session.csrfToken()) + "\">";
    }

    /**
     * A whole page for a logged-in user.
     *
     * @param title the page title
     * @param session whose page (name, logout form, CSRF meta)
     * @param body the body's HTML (already escaped where it shows data)
     * @param scripts paths of scripts to load after the body ({@code /web/wallboard.js}); {@code /web/app.js} always first
     */
    public static String page(String title, WebSession session, String body, List<String> scripts) {
        StringBuilder sb = new StringBuilder(body.length() + 1024);
        sb.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
                .append("<meta name=\"csrf-token\" content=\"").append(esc(session.csrfToken())).append("\">")
                .append("<title>").append(esc(title)).append(" - ASCC</title>")
                .append("<link rel=\"stylesheet\" href=\"/web/app.css\"></head><body>")
                .append("<header class=\"top\"><span class=\"brand\">ASCC</span><span class=\"title\">").append(esc(title))
                .append("</span><span class=\"who\">").append(esc(session.principal().name())).append(" (")
                .append(esc(session.principal().role().key())).append(")</span>")
                .append("<form method=\"post\" action=\"/logout\" class=\"logout\">").append(csrfField(session))
                .append("<button type=\"submit\">Log out</button></form></header>\n<main>")
                .append(body).append("</main>\n<script src=\"/web/app.js\"></script>");
        for (String s : scripts) {
            sb.append("<script src=\"").append(esc(s)).append("\"></script>");
        }
        return sb.append("</body></html>\n").toString();
    }
}
