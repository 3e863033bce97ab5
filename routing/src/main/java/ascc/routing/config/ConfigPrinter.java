package ascc.routing.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * A human-readable summary of a loaded configuration (for {@code ivr check-config}). Secrets are
 * shown as {@code ****} (or {@code (not set)}), never their values; passwords inside a JDBC URL too.
 */
public final class ConfigPrinter {
    private ConfigPrinter() {
    }

    public static String print(CenterConfig config) {
        StringBuilder out = new StringBuilder();
        EngineSettings e = config.engine();
        out.append("engine\n");
        line(out, "agi", e.agiBind() + ":" + e.agiPort() + " (Asterisk connects to agi://" + e.agiUrlHost() + ":" + e.agiPort() + ")"
                + ", peers " + e.agiAccess().allowedPeers() + ", secret " + secret(e.agiAccess().secret()));
        line(out, "ami", e.amiUser() + "@" + e.amiHost() + ":" + e.amiPort() + ", secret " + secret(e.amiSecret()));
        for (AsteriskBox b : e.boxes()) {
            if (!b.id().equals(AsteriskBox.DEFAULT_ID)) { // engine.yaml boxes: one line each
                line(out, "box " + b.id(), "AMI " + b.amiUser() + "@" + b.amiHost() + ":" + b.amiPort() + ", secret "
                        + secret(b.amiSecret()) + ", SIP " + b.sipAddress() + ", trunk capacity " + b.trunkCapacity()
                        + (b.configDir().isEmpty() ? "" : ", config in " + b.configDir())
                        + (b.cdrFile().isEmpty() ? "" : ", CDR file " + b.cdrFile()));
            }
        }
        if (e.mariaDbUrl().isPresent()) {
            line(out, "database", "MariaDB " + maskUrl(e.dbUrl()) + ", user " + e.dbUser() + ", password " + secret(e.dbPassword()));
        } else {
            line(out, "database", "embedded H2 at " + e.embeddedDbPath());
        }
        line(out, "http", e.httpBind() + ":" + e.httpPort() + ", admin token " + secret(e.adminToken())
                + ", at most " + e.httpLimits().maxConnections() + " connections, read deadline " + e.httpLimits().readDeadlineSeconds()
                + " s, " + e.httpLimits().rateLimitPerSecond() + " requests/s per token (burst " + e.httpLimits().rateLimitBurst() + ")");
        line(out, "center", "time zone " + e.timeZone() + ", shared numbers "
                + (e.sharedNumbers().isEmpty() ? "none" : String.join(", ", e.sharedNumbers())) + ", general desk " + e.generalDesk());
        line(out, "asterisk", "SIP " + e.sipBind() + ":" + e.sipPort() + ", trunk from " + String.join(", ", e.trunkMatch()));

        out.append("\ncompanies (").append(config.companies().size()).append(")\n");
        for (Company c : config.companies().values()) {
            List<String> routes = new ArrayList<>();
            for (Category cat : c.categories()) {
                routes.add(cat.id() + " -> " + config.deskFor(cat).map(Desk::id).orElse("(no desk)"));
            }
            out.append("  ").append(c.id()).append(" \"").append(c.name()).append("\" code ").append(c.code())
                    .append(", numbers ").append(c.numbers().isEmpty() ? "none" : String.join(", ", c.numbers()))
                    .append("\n      ").append(String.join(", ", routes)).append('\n');
        }

        out.append("\ndesks (").append(config.desks().size()).append(")\n");
        for (Desk d : config.desks().values()) {
            String agents = config.agents().values().stream()
                    .filter(a -> a.skills().containsKey(d.id()))
                    .map(a -> a.id() + "(" + a.skills().get(d.id()) + ")")
                    .collect(Collectors.joining(", "));
            out.append("  ").append(d.id()).append(" \"").append(d.name()).append("\" queue ").append(d.queueName())
                    .append(", wrap-up ").append(d.wrapUpSeconds()).append(" s")
                    .append(d.id().equals(e.generalDesk()) ? ", general desk" : "")
                    .append("\n      categories: ")
                    .append(d.categories().isEmpty() ? "none" : d.categories().stream().map(Category::id).collect(Collectors.joining(", ")))
                    .append("\n      agents (proficiency): ").append(agents.isEmpty() ? "none" : agents).append('\n');
        }

        out.append("\nagents (").append(config.agents().size()).append(")\n");
        for (Agent a : config.agents().values()) {
            String skills = a.skills().entrySet().stream().map(s -> s.getKey() + " " + s.getValue()).collect(Collectors.joining(", "));
            out.append("  ").append(a.id()).append(" \"").append(a.name()).append("\" password ").append(secret(a.password()))
                    .append(", desks: ").append(skills).append('\n');
        }

        OpeningHours h = config.hours();
        out.append("\nhours (").append(e.timeZone()).append(")\n");
        line(out, "default", h.defaults().describe());
        for (Map.Entry<String, WeeklyHours> c : new TreeMap<>(h.byCompany()).entrySet()) {
            line(out, "company " + c.getKey(), c.getValue().describe());
        }
        for (Map.Entry<String, WeeklyHours> d : new TreeMap<>(h.byDesk()).entrySet()) {
            line(out, "desk " + d.getKey(), d.getValue().describe());
        }
        out.append("\nclosures (").append(h.closures().size()).append(")\n");
        for (Closure c : h.closures()) {
            out.append("  ").append(c.date()).append(' ').append(c.company().map(x -> "company " + x).orElse("whole center"))
                    .append(": ").append(c.reason()).append('\n');
        }
        out.append("\nholidays (").append(h.holidays().size()).append(")\n");
        for (Holiday hd : h.holidays()) {
            out.append("  ").append(hd.date()).append(' ').append(WeeklyHours.dayKey(hd.date().getDayOfWeek()))
                    .append(' ').append(hd.name()).append('\n');
        }
        return out.toString();
    }

    private static void line(StringBuilder out, String label, String value) {
        out.append("  ").append(label).append(": ").append(value).append('\n');
    }

    private static String secret(Secret s) {
        return s == null || s.isEmpty() ? "(not set)" : "****";
    }

    /** A JDBC URL with any password in it replaced by {@code ****}. */
    static String maskUrl(String url) {
        return Redact.url(url);
    }
}
