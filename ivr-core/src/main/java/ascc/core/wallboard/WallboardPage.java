package ascc.core.wallboard;

import ascc.core.web.Html;
import ascc.core.web.WebSession;
import ascc.routing.config.CenterConfig;
import ascc.routing.config.Desk;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/** The wallboard page's frame; {@code /web/wallboard.js} fills it from the event stream. */
final class WallboardPage {
    private WallboardPage() {
    }

    static String render(WebSession session, CenterConfig c, Map<Integer, String> pauseReasons) {
        StringBuilder body = new StringBuilder(2048);
        // supervisor actions: the pause reason to use, and whether this login has a phone to listen in on
        body.append("<div class=\"actions\" id=\"actions\" data-phone=\"").append(session.principal().phone() == null ? "" : "1")
                .append("\"><label>Pause reason <select id=\"pause-reason\">");
        pauseReasons.forEach((code, name) -> body.append("<option value=\"").append(code).append("\">").append(code).append(' ')
                .append(Html.esc(name)).append("</option>"));
        body.append("</select></label> <span class=\"muted\" id=\"action-result\"></span></div>");
        body.append("<p class=\"status\" id=\"status\">connecting...</p><div class=\"grid\" id=\"desks\">");
        List<Desk> desks = new ArrayList<>(c.desks().values());
        desks.sort(Comparator.comparing(Desk::id));
        for (Desk d : desks) {
            // the frame of each desk card, so the page reads well before the first event
            body.append("<div class=\"card desk\" data-desk=\"").append(Html.esc(d.id())).append("\"><h2><span>")
                    .append(Html.esc(d.name())).append("</span><span class=\"muted\">").append(Html.esc(d.id()))
                    .append("</span></h2></div>");
        }
        body.append("</div><section class=\"wide\"><h2>Waiting callers</h2><table id=\"waiting\"><thead><tr><th>desk</th><th>company"
                + "</th><th>category</th><th>number</th><th>wait</th><th>overflow</th><th></th></tr></thead><tbody></tbody></table>"
                + "</section>"
                + "<section class=\"wide\"><h2>Live calls</h2><table id=\"calls\"><thead><tr><th>desk</th><th>company</th>"
                + "<th>category</th><th>agent</th><th>number</th><th>talk</th></tr></thead><tbody></tbody></table></section>"
                + "<section class=\"wide\"><h2>Today by hour</h2><img class=\"chart\" id=\"chart\" src=\"/wallboard/chart.svg\""
                + " alt=\"calls offered and answered and service level by hour, today and the same weekday last week\"></section>");
        return Html.page("Wallboard", session, body.toString(), List.of("/web/wallboard.js"));
    }
}
