package ascc.routing.config;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Overflow steps per desk from {@code conf/overflow.yaml} (optional; no steps when absent). Each step has one trigger
 * and one action; the engine checks every desk's queue every second and applies the steps to callers already waiting
 * (decisions: {@link ascc.routing.overflow.OverflowPolicy}).
 *
 * @param steps desk id to its ordered steps
 * @param startProficiency desk id to the lowest proficiency first offered the desk's callers (widen steps lower it)
 * @param callback how callbacks that keep the caller's place are dialed and retried
 * @param trunkDial Asterisk dial string with {@code {number}} for calls out over the trunk (callbacks, partner centers);
 *                  "" when no step needs it
 * @param waiting what waiting callers hear (position, estimated wait) and the key that books a callback keeping their place
 * @param web callback requests from the web form and the SMS / e-mail gateways
 */
public record OverflowConfig(Map<String, List<Step>> steps, Map<String, Integer> startProficiency, CallbackRules callback,
                             String trunkDial, WaitingRules waiting, WebCallbacks web) {
    public static final String FILE = "overflow.yaml";
    /** What makes a step apply. */
    public sealed interface Trigger permits WaitedAtLeast, QueueLengthAtLeast, NoAgent, EstimatedWaitAtLeast {
    }

    /** The caller has waited at least {@code seconds}. */
    public record WaitedAtLeast(int seconds) implements Trigger {
    }

    /** The caller is at position {@code callers} or later, i.e. the queue holds at least that many. */
    public record QueueLengthAtLeast(int callers) implements Trigger {
    }

    /** No agent of the queue logged in ({@code free == false}) or none free to take a call ({@code free == true}). */
    public record NoAgent(boolean free) implements Trigger {
    }

    /** The caller's estimated wait (recent handle times, position, staffed agents) is at least {@code seconds}. */
    public record EstimatedWaitAtLeast(int seconds) implements Trigger {
    }

    /** What a step does. Membership actions change who serves the queue; the others move the caller out of it. */
    public sealed interface Action permits AddAgentsOf, Widen, OfferCallback, Partner, Voicemail {
        /** True when the action takes the caller out of the queue (at most one per caller). */
        default boolean movesCaller() {
            return false;
        }

        /** Short text recorded with the step. */
        String describe();
    }

    /** The backup desk's agents join this desk's queue (penalty from their proficiency there). */
    public record AddAgentsOf(String deskId) implements Action {
        @Override
        public String describe() {
            return "add-agents-of " + deskId;
        }
    }

    /** The desk's own agents down to {@code toProficiency} are offered the callers (penalty lowered to the allowed one). */
    public record Widen(int toProficiency) implements Action {
        @Override
        public String describe() {
            return "widen-to-proficiency " + toProficiency;
        }
    }

    /** The caller is offered a callback that keeps their place in the queue. */
    public record OfferCallback() implements Action {
        @Override
        public boolean movesCaller() {
            return true;
        }

        @Override
        public String describe() {
            return "offer-callback";
        }
    }

    /** The caller is sent to a partner center's number over the trunk. */
    public record Partner(String number) implements Action {
        @Override
        public boolean movesCaller() {
            return true;
        }

        @Override
        public String describe() {
            return "partner " + number;
        }
    }

    /** The caller leaves a message in the company's voicemail box (box = company code). */
    public record Voicemail() implements Action {
        @Override
        public boolean movesCaller() {
            return true;
        }

        @Override
        public String describe() {
            return "voicemail company";
        }
    }

    /** One step: its trigger and its action. */
    public record Step(Trigger trigger, Action action) {
        public Step {
            Objects.requireNonNull(trigger, "trigger");
            Objects.requireNonNull(action, "action");
        }

        /** The first step type: waited at least {@code afterSeconds}, then the agents of {@code addAgentsOf}. */
        public static Step afterSecondsAddAgentsOf(int afterSeconds, String addAgentsOf) {
            return new Step(new WaitedAtLeast(afterSeconds), new AddAgentsOf(addAgentsOf));
        }
    }

    /**
     * Callbacks that keep the caller's place: {@code attempts} calls to the customer at most, the n-th retry
     * {@code backoff * 2^(n-1)} after the failed one; the customer's phone rings {@code ringSeconds}; the place holder
     * waits in the queue {@code maxWaitSeconds} at most; {@code key} accepts the offer.
     */
    public record CallbackRules(int attempts, int backoffSeconds, int ringSeconds, int maxWaitSeconds, String key,
                                String offerPrompt, String thanksPrompt) {
        public static final CallbackRules DEFAULT = new CallbackRules(3, 60, 30, 3600, "1", "ascc/menu/callback-offer",
                "queue-thankyou");

        /** Delay before the retry that follows {@code failedAttempts} failed calls (1 = after the first failure). */
        public Duration retryDelay(int failedAttempts) {
            if (failedAttempts < 1) {
                throw new IllegalArgumentException("failedAttempts must be >= 1, got " + failedAttempts);
            }
            long factor = 1L << Math.min(failedAttempts - 1, 20);
            return Duration.ofSeconds(backoffSeconds * factor);
        }

        /** True when another call may follow {@code failedAttempts} failed ones. */
        public boolean mayRetry(int failedAttempts) {
            return failedAttempts < attempts;
        }
    }

    public OverflowConfig {
        Map<String, List<Step>> copy = new LinkedHashMap<>();
        steps.forEach((k, v) -> copy.put(k, List.copyOf(v)));
        steps = Collections.unmodifiableMap(copy);
        startProficiency = Collections.unmodifiableMap(new LinkedHashMap<>(startProficiency));
        Objects.requireNonNull(callback, "callback");
        Objects.requireNonNull(trunkDial, "trunkDial");
        Objects.requireNonNull(waiting, "waiting");
        Objects.requireNonNull(web, "web");
    }

    /** Without waiting announcements and web callbacks. */
    public OverflowConfig(Map<String, List<Step>> steps, Map<String, Integer> startProficiency, CallbackRules callback,
                          String trunkDial) {
        this(steps, startProficiency, callback, trunkDial, WaitingRules.NONE, WebCallbacks.NONE);
    }

    /** Steps only, default callback rules, no trunk. */
    public OverflowConfig(Map<String, List<Step>> steps) {
        this(steps, Map.of(), CallbackRules.DEFAULT, "");
    }

    public static OverflowConfig none() {
        return new OverflowConfig(Map.of());
    }

    /** The dial string for {@code number} over the trunk. */
    public String dialFor(String number) {
        if (trunkDial.isEmpty()) {
            throw new IllegalStateException("overflow.yaml has no trunk-dial; cannot call " + number);
        }
        return trunkDial.replace("{number}", number);
    }
}
