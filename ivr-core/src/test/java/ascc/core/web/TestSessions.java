package ascc.core.web;

import ascc.routing.config.WebConfig;
import ascc.routing.config.WebConfig.Role;
import java.time.Clock;

/** Sessions for tests of web pages in other packages (no login form, no web.yaml check). */
public final class TestSessions {
    private TestSessions() {
    }

    /** A live session of supervisor {@code kim}, with {@code phone} (an agents.yaml id) or none. */
    public static WebSession supervisor(String phone) {
        Sessions sessions = new Sessions(Clock.systemUTC(), () -> WebConfig.NONE);
        return sessions.create(new Principal("kim", Role.SUPERVISOR, "Kim", null, null, phone));
    }
}
