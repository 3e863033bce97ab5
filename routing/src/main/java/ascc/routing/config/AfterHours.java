package ascc.routing.config;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/** What a caller is offered after the closed message (hours.yaml {@code after-hours}). */
public enum AfterHours {
    /** Offer a callback in the next opening hours (the caller confirms the number). */
    CALLBACK("callback"),
    /** Voicemail to the company's box. */
    VOICEMAIL("voicemail"),
    /** Only the closed message. */
    MESSAGE("message");

    private final String id;

    AfterHours(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    public static Optional<AfterHours> byId(String id) {
        return Arrays.stream(values()).filter(a -> a.id.equals(id)).findFirst();
    }

    public static String allowedIds() {
        return Arrays.stream(values()).map(AfterHours::id).collect(Collectors.joining(", "));
    }
}
