package ascc.agi.flows;

import ascc.agi.AgiChannel;
import ascc.agi.AgiRequest;
import ascc.agi.AgiScript;
import ascc.routing.asterisk.Channels;
import ascc.routing.asterisk.FeatureCodes;
import ascc.routing.config.AgentStatesConfig;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Feature codes dialed from an agent's phone ({@code agi://host/agent-feature} from the {@code ascc-agents}
 * context): {@code *11} log in to all the agent's desks, {@code *12} log out, {@code *13<reason>} pause with a
 * reason code from {@code agent-states.yaml} ({@code *13} alone asks for the code after a beep), {@code *14}
 * unpause. The agent is the calling endpoint: channel {@code PJSIP/2101-00000001} gives {@code 2101}.
 *
 * <p>Prompts (Asterisk core sounds): {@value #LOGGED_IN}, {@value #ALREADY_ON}, {@value #LOGGED_OFF}, {@value #BEEP}
 * (paused: one beep; unpaused: two), {@value #NOT_AGENT}, {@value #UNKNOWN_CODE}, {@value #INVALID} (unknown reason),
 * {@value #REFUSED} (refused or failed). Every outcome is also logged with agent, code and result.
 */
public final class AgentFeatureFlow implements AgiScript {
    private static final Logger LOG = LoggerFactory.getLogger(AgentFeatureFlow.class);

    public static final String LOGIN = FeatureCodes.LOGIN;
    public static final String LOGOUT = FeatureCodes.LOGOUT;
    public static final String PAUSE = FeatureCodes.PAUSE;
    public static final String UNPAUSE = FeatureCodes.UNPAUSE;

    static final String LOGGED_IN = "agent-loginok";
    static final String ALREADY_ON = "agent-alreadyon";
    static final String LOGGED_OFF = "agent-loggedoff";
    static final String BEEP = "beep";
    static final String NOT_AGENT = "agent-incorrect";
    static final String UNKNOWN_CODE = "feature-not-avail-line";
    static final String INVALID = "invalid";
    static final String REFUSED = "beeperr";
    static final long REASON_TIMEOUT_MILLIS = 5000;

    private final AgentControl control;
    private final Supplier<AgentStatesConfig> settings;

    public AgentFeatureFlow(AgentControl control, Supplier<AgentStatesConfig> settings) {
        this.control = Objects.requireNonNull(control, "control");
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    @Override
    public void run(AgiChannel ch) {
        AgiRequest req = ch.request();
        String code = req.extension();
        String agent = agentOf(req);
        ch.answer();
        if (agent.isEmpty()) {
            LOG.warn("feature code {} from channel {}: not a PJSIP endpoint, refused", code, req.channel());
            play(ch, NOT_AGENT);
            return;
        }
        if (code.equals(LOGIN)) {
            Result r = result(agent, code, control.login(agent));
            play(ch, switch (r.value) {
                case OK -> LOGGED_IN;
                case ALREADY -> ALREADY_ON;
                default -> r.failurePrompt();
            });
        } else if (code.equals(LOGOUT)) {
            Result r = result(agent, code, control.logout(agent));
            play(ch, r.value == AgentControl.Result.OK || r.value == AgentControl.Result.ALREADY ? LOGGED_OFF : r.failurePrompt());
        } else if (code.startsWith(PAUSE) && code.substring(PAUSE.length()).matches("\\d{0,2}")) {
            pause(ch, agent, code);
        } else if (code.equals(UNPAUSE)) {
            Result r = result(agent, code, control.unpause(agent));
            if (r.value == AgentControl.Result.OK || r.value == AgentControl.Result.ALREADY) {
                play(ch, BEEP);
                play(ch, BEEP);
            } else {
                play(ch, r.failurePrompt());
            }
        } else {
            LOG.warn("agent {} dialed unknown feature code {} (known: {} login, {} logout, {}<reason> pause, {} unpause)",
                    agent, code, LOGIN, LOGOUT, PAUSE, UNPAUSE);
            play(ch, UNKNOWN_CODE);
        }
    }

    private void pause(AgiChannel ch, String agent, String code) {
        String digits = code.substring(PAUSE.length());
        if (digits.isEmpty()) {
            String keyed = ch.getData(BEEP, REASON_TIMEOUT_MILLIS, 2);
            digits = keyed == null ? "" : keyed;
        }
        AgentStatesConfig s = settings.get();
        Optional<String> reason = digits.matches("\\d{1,2}") ? s.reason(Integer.parseInt(digits)) : Optional.empty();
        if (reason.isEmpty()) {
            LOG.warn("agent {} paused with unknown reason code '{}' ({}); not paused (reasons: {})", agent, digits, code, s.reasons());
            play(ch, INVALID);
            return;
        }
        Result r = result(agent, code, control.pause(agent, Integer.parseInt(digits), reason.get()));
        play(ch, r.value == AgentControl.Result.OK || r.value == AgentControl.Result.ALREADY ? BEEP : r.failurePrompt());
    }

    private record Result(AgentControl.Result value) {
        String failurePrompt() {
            return value == AgentControl.Result.NOT_AN_AGENT ? NOT_AGENT : REFUSED;
        }
    }

    private static Result result(String agent, String code, AgentControl.Result r) {
        if (r == AgentControl.Result.OK || r == AgentControl.Result.ALREADY) {
            LOG.info("agent {} feature code {}: {}", agent, code, r);
        } else {
            LOG.warn("agent {} feature code {} refused: {}", agent, code, r);
        }
        return new Result(r == null ? AgentControl.Result.FAILED : r);
    }

    private static void play(AgiChannel ch, String prompt) {
        ch.streamFile(prompt, "");
    }

    /** The endpoint of a {@code PJSIP/<endpoint>-<seq>} channel, else "". */
    static String agentOf(AgiRequest req) {
        return Channels.endpointOf(req.channel());
    }
}
