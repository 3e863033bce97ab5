package ascc.routing.config;

import java.util.Map;

/**
 * An agent and their SIP phone.
 *
 * @param id agent number; also the SIP user name the phone registers with
 * @param name display name
 * @param password SIP digest password of the phone
 * @param skills desk id to proficiency 1 (trainee) .. 5 (expert), in file order
 */
public record Agent(String id, String name, Secret password, Map<String, Integer> skills) {
    public Agent {
        skills = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(skills));
    }

    /** Asterisk queue penalty for a proficiency: 5 gets 0 (offered first), 1 gets 4. */
    public static int penaltyFor(int proficiency) {
        return 5 - proficiency;
    }
}
